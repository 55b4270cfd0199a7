//! The RFC 8628 §3.5 polling loop as a state machine: the glue sends a poll at
//! [`DevicePoller::next_poll_at_secs`], feeds the answer (or the network failure) back in with
//! the time it arrived, and obeys the [`PollOutcome`].

use super::DeviceAuthorization;
use super::DeviceError;
use crate::token::{parse_token_response, TokenError, TokenSet};

/// What `slow_down` adds to the interval, for the rest of the attempt (RFC 8628 §3.5).
pub const SLOW_DOWN_STEP_SECS: u64 = 5;
/// The longest wait after repeated network errors, unless the interval itself is longer.
pub const MAX_NETWORK_WAIT_SECS: u64 = 60;

/// What the glue does next.
#[derive(Debug, Clone)]
pub enum PollOutcome {
    /// Poll again at this time (Unix seconds).
    Wait {
        /// When to send the next poll.
        next_poll_at_secs: u64,
    },
    /// The user approved; these are the tokens.
    Success(TokenSet),
    /// The user refused (`access_denied`).
    Denied,
    /// The codes expired before the user approved.
    Expired,
    /// The flow cannot go on.
    Failed(DeviceError),
}

impl PollOutcome {
    /// Whether the flow is over (anything but [`PollOutcome::Wait`]).
    pub fn is_terminal(&self) -> bool {
        !matches!(self, PollOutcome::Wait { .. })
    }

    /// The error to show for an unsuccessful end, so that `Denied` and `Expired` have their
    /// `device_access_denied` and `device_expired` codes too.
    pub fn error(&self) -> Option<DeviceError> {
        match self {
            PollOutcome::Wait { .. } | PollOutcome::Success(_) => None,
            PollOutcome::Denied => Some(DeviceError::AccessDenied),
            PollOutcome::Expired => Some(DeviceError::Expired),
            PollOutcome::Failed(e) => Some(e.clone()),
        }
    }
}

/// The polling state of one device authorization. Pure: every call takes the current time.
#[derive(Debug, Clone)]
pub struct DevicePoller {
    interval_secs: u64,
    expires_at_secs: u64,
    next_poll_at_secs: u64,
    /// The wait after the last network error, while errors follow one another.
    network_wait_secs: Option<u64>,
    /// The terminal outcome, once reached; every later call returns it again.
    finished: Option<PollOutcome>,
}

impl DevicePoller {
    /// Starts polling for `auth`, received at `now_secs`. The first poll is one interval away.
    pub fn new(auth: &DeviceAuthorization, now_secs: u64) -> DevicePoller {
        let expires_at_secs = now_secs.saturating_add(auth.expires_in_secs);
        let interval_secs = auth.interval_secs.max(super::MIN_INTERVAL_SECS);
        DevicePoller {
            interval_secs,
            expires_at_secs,
            next_poll_at_secs: now_secs.saturating_add(interval_secs).min(expires_at_secs),
            network_wait_secs: None,
            finished: None,
        }
    }

    /// When to send the next poll (Unix seconds). Not meaningful once [`Self::is_finished`].
    pub fn next_poll_at_secs(&self) -> u64 {
        self.next_poll_at_secs
    }

    /// When the device code expires (Unix seconds).
    pub fn expires_at_secs(&self) -> u64 {
        self.expires_at_secs
    }

    /// Whether a terminal outcome was reached: no poll may be sent any more.
    pub fn is_finished(&self) -> bool {
        self.finished.is_some()
    }

    /// Feeds in the token endpoint's answer to a poll, received at `now_secs`.
    pub fn on_response(&mut self, status: u16, body: &str, now_secs: u64) -> PollOutcome {
        if let Some(done) = &self.finished {
            return done.clone();
        }
        match parse_token_response(status, body, now_secs) {
            // Accepted even at or after our idea of expiry: the provider's clock decides.
            Ok(tokens) => self.finish(PollOutcome::Success(tokens)),
            Err(TokenError::Provider {
                error, description, ..
            }) => match error.as_str() {
                "authorization_pending" => self.answered(now_secs),
                "slow_down" => {
                    self.interval_secs = self.interval_secs.saturating_add(SLOW_DOWN_STEP_SECS);
                    self.answered(now_secs)
                }
                "access_denied" => self.finish(PollOutcome::Denied),
                "expired_token" => self.finish(PollOutcome::Expired),
                // Some providers delete an expired device code and then no longer recognise it.
                "invalid_grant" if now_secs >= self.expires_at_secs() => {
                    self.finish(PollOutcome::Expired)
                }
                _ => self.finish(PollOutcome::Failed(DeviceError::Provider {
                    error,
                    description,
                })),
            },
            // A gateway's or proxy's error page is not the provider's answer: retry like a
            // network failure rather than abandon a code the user may be approving.
            Err(TokenError::Http { status }) if is_transient_status(status) => {
                self.on_network_error(now_secs)
            }
            Err(other) => self.finish(PollOutcome::Failed(DeviceError::InvalidResponse(
                other.to_string(),
            ))),
        }
    }

    /// Records that a poll sent around `now_secs` got no answer (network error, timeout).
    /// Waits back off exponentially (RFC 8628 §3.5) but never beyond the expiry, and the flow
    /// only gives up once the code has expired.
    pub fn on_network_error(&mut self, now_secs: u64) -> PollOutcome {
        if let Some(done) = &self.finished {
            return done.clone();
        }
        if now_secs >= self.expires_at_secs {
            return self.finish(PollOutcome::Expired);
        }
        let previous = self.network_wait_secs.unwrap_or(self.interval_secs);
        // The cap never makes polls faster than the interval the provider asked for.
        let cap = MAX_NETWORK_WAIT_SECS.max(self.interval_secs);
        let wait = previous.saturating_mul(2).min(cap);
        self.network_wait_secs = Some(wait);
        self.wait(now_secs, wait)
    }

    /// A real `authorization_pending` or `slow_down` answer: the network backoff starts over.
    fn answered(&mut self, now_secs: u64) -> PollOutcome {
        self.network_wait_secs = None;
        if now_secs >= self.expires_at_secs {
            return self.finish(PollOutcome::Expired);
        }
        self.wait(now_secs, self.interval_secs)
    }

    fn wait(&mut self, now_secs: u64, wait_secs: u64) -> PollOutcome {
        self.next_poll_at_secs = now_secs.saturating_add(wait_secs).min(self.expires_at_secs);
        PollOutcome::Wait {
            next_poll_at_secs: self.next_poll_at_secs,
        }
    }

    fn finish(&mut self, outcome: PollOutcome) -> PollOutcome {
        self.finished = Some(outcome.clone());
        outcome
    }
}

/// Statuses that mean "not now" rather than "no": timeout, rate limit, server trouble.
fn is_transient_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500..=599)
}
