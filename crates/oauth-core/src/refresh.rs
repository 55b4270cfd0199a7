//! Token lifecycle timing around the refresh request of RFC 6749 §6: when to refresh, how to
//! back off after a failure, and which failures end the session (RFC 6749 §5.2 `invalid_grant`;
//! RFC 9700 §4.14.2 refresh token rotation; RFC 9110 §10.2.3 `Retry-After`).
//!
//! Everything is a pure function of times the caller passes in. The driver recomputes the delay
//! whenever the page wakes or regains focus instead of trusting one long timer, so a laptop
//! that slept through the refresh time refreshes at once.

/// First retry delay after a failed refresh.
pub const BACKOFF_BASE_MS: u64 = 1_000;
/// The retry delay stops doubling here (before jitter; `Retry-After` may ask for longer).
pub const BACKOFF_MAX_MS: u64 = 60_000;

/// When to refresh a token that expires at `expires_at_secs` and was issued at
/// `issued_at_secs`: `lead_secs` before expiry, but never earlier than halfway through the
/// lifetime, so that a 30 s token refreshes at 15 s instead of immediately and in a loop.
///
/// A token "issued" after its expiry has no lifetime and is refreshed at its expiry.
pub fn refresh_at_secs(expires_at_secs: u64, issued_at_secs: u64, lead_secs: u64) -> u64 {
    let lifetime = expires_at_secs.saturating_sub(issued_at_secs);
    expires_at_secs - lead_secs.min(lifetime / 2)
}

/// Seconds from `now_secs` until the refresh is due; 0 when it is due or past.
///
/// A clock that reads earlier than `issued_at_secs` was set back after the tokens arrived; the
/// delay is then counted from the issue time, so a backward jump can never postpone the refresh
/// beyond the token's own lifetime.
pub fn refresh_delay_secs(
    expires_at_secs: u64,
    issued_at_secs: u64,
    lead_secs: u64,
    now_secs: u64,
) -> u64 {
    let due = refresh_at_secs(expires_at_secs, issued_at_secs, lead_secs);
    due.saturating_sub(now_secs.max(issued_at_secs))
}

/// Retry delays after failed refreshes: exponential from 1 s, doubling, capped at 60 s, with
/// jitter so that many tabs or clients recovering from one outage do not retry in step.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Backoff {
    /// Failed attempts so far.
    pub attempt: u32,
}

impl Backoff {
    /// The delay before the next retry, in milliseconds, and counts the attempt.
    ///
    /// `random_unit` (in `0..=1`; out-of-range values are clamped, NaN counts as 0) places the
    /// delay in `[delay / 2, delay]`. A `Retry-After` from the server is a floor, even above the
    /// 60 s cap: the server knows when it will be back.
    pub fn next_delay_ms(&mut self, random_unit: f64, retry_after_secs: Option<u64>) -> u64 {
        // 2^6 s already exceeds the cap, so larger exponents need not be computed.
        let exponent = self.attempt.min(6);
        let delay = (BACKOFF_BASE_MS << exponent).min(BACKOFF_MAX_MS);
        self.attempt = self.attempt.saturating_add(1);

        let unit = if random_unit.is_nan() {
            0.0
        } else {
            random_unit.clamp(0.0, 1.0)
        };
        let half = delay / 2;
        let jittered = half + ((delay - half) as f64 * unit) as u64;
        let floor = retry_after_secs.map_or(0, |secs| secs.saturating_mul(1_000));
        jittered.max(floor)
    }

    /// Starts over after a successful refresh.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

/// What a failed refresh means for the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshErrorKind {
    /// No verdict from the authorization server (network, timeout, overload): retry later.
    Transient,
    /// The server refused the refresh token: the session is over.
    Rejected,
    /// `invalid_grant` for a refresh token another tab has already rotated: reload the tokens
    /// it stored instead of signing out.
    RotatedElsewhere,
}

/// Classifies a failed refresh. `status` is `None` when no HTTP answer arrived (network error,
/// timeout); `oauth_error` is the RFC 6749 §5.2 `error` of the answer, if it had one;
/// `tokens_changed_meanwhile` says whether the stored tokens changed while the request was in
/// flight.
///
/// Only an OAuth error from the server rejects the refresh token. A bare status without one
/// (a proxy's or captive portal's page) is no proof that the session is over, so it is
/// transient like a network failure.
pub fn classify_refresh_error(
    status: Option<u16>,
    oauth_error: Option<&str>,
    tokens_changed_meanwhile: bool,
) -> RefreshErrorKind {
    match (status, oauth_error) {
        (None, _) | (Some(408 | 429 | 500..=599), _) | (Some(_), None) => {
            RefreshErrorKind::Transient
        }
        (Some(_), Some("invalid_grant")) if tokens_changed_meanwhile => {
            RefreshErrorKind::RotatedElsewhere
        }
        (Some(_), Some(_)) => RefreshErrorKind::Rejected,
    }
}

/// Whether a failed refresh signs the user out: only when the server rejected the refresh
/// token.
///
/// `access_token_valid` deliberately does not change the answer. A rejected refresh token
/// (revoked, session ended at the provider) ends the session even while the access token still
/// works, and a transient failure never does, even once the access token has expired: the app
/// keeps showing the signed-in but stale state and retries, rather than showing an error.
pub fn should_sign_out(kind: RefreshErrorKind, _access_token_valid: bool) -> bool {
    kind == RefreshErrorKind::Rejected
}

#[cfg(test)]
mod tests;
