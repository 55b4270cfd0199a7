//! What the client remembers between sending the browser to the provider and handling the
//! redirect back: the `state` of RFC 6749 §10.12, the `nonce` of OpenID Connect Core 1.0
//! §15.5.2, the RFC 7636 §4.1 verifier, and the `state` of RP-Initiated Logout 1.0 §3.
//!
//! Several attempts may be pending at once (two tabs, a Back button press), so they are kept
//! as a short list and matched by `state`, each taken at most once.

use crate::secret::{Nonce, PkceVerifier, State};

use serde::{Deserialize, Serialize};

/// At most this many login attempts, and separately logout attempts, are kept.
pub const MAX_ATTEMPTS: usize = 8;
/// Attempts older than this (15 minutes) are dropped: the user has given up on them.
pub const ATTEMPT_MAX_AGE_SECS: u64 = 900;
/// An attempt created further in the future than this is the product of a clock jump.
const MAX_FUTURE_SKEW_SECS: u64 = 60;

/// A pending sign-in. Not `Clone`, because it owns the PKCE verifier.
#[derive(Debug, Serialize, Deserialize)]
pub struct LoginAttempt {
    /// The `state` sent in the authorization request.
    pub state: State,
    /// The `nonce` the ID token must carry.
    pub nonce: Nonce,
    /// The PKCE verifier for the code exchange.
    pub verifier: PkceVerifier,
    /// The sanitized in-app path to show after sign-in.
    pub return_to: String,
    /// The exact `redirect_uri` sent, which the code exchange must repeat (RFC 6749 §4.1.3).
    pub redirect_uri: String,
    /// When the attempt was started, in Unix seconds.
    pub created_at_secs: u64,
}

/// A pending RP-initiated logout.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogoutAttempt {
    /// The `state` sent in the logout request.
    pub state: State,
    /// When the logout was started, in Unix seconds.
    pub created_at_secs: u64,
}

/// All pending attempts, oldest first in each list.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Attempts {
    /// Pending sign-ins.
    #[serde(default)]
    pub login: Vec<LoginAttempt>,
    /// Pending logouts.
    #[serde(default)]
    pub logout: Vec<LogoutAttempt>,
}

impl Attempts {
    /// Remembers a sign-in, dropping the oldest beyond [`MAX_ATTEMPTS`] so that repeated clicks
    /// cannot grow storage without bound.
    pub fn add_login(&mut self, attempt: LoginAttempt) {
        push_bounded(&mut self.login, attempt);
    }

    /// Remembers a logout, dropping the oldest beyond [`MAX_ATTEMPTS`].
    pub fn add_logout(&mut self, attempt: LogoutAttempt) {
        push_bounded(&mut self.logout, attempt);
    }

    /// Removes and returns the sign-in whose `state` is `state`, so that a response can be
    /// used only once.
    pub fn take_login(&mut self, state: &str) -> Option<LoginAttempt> {
        let index = self.login.iter().position(|a| a.state.matches(state))?;
        Some(self.login.remove(index))
    }

    /// Removes and returns the logout whose `state` is `state`.
    pub fn take_logout(&mut self, state: &str) -> Option<LogoutAttempt> {
        let index = self.logout.iter().position(|a| a.state.matches(state))?;
        Some(self.logout.remove(index))
    }

    /// Drops attempts older than [`ATTEMPT_MAX_AGE_SECS`] or created more than a minute after
    /// `now_secs` (which only a clock change can explain, and would otherwise keep them alive).
    pub fn prune(&mut self, now_secs: u64) {
        let live = |created: u64| {
            created <= now_secs.saturating_add(MAX_FUTURE_SKEW_SECS)
                && now_secs.saturating_sub(created) <= ATTEMPT_MAX_AGE_SECS
        };
        self.login.retain(|a| live(a.created_at_secs));
        self.logout.retain(|a| live(a.created_at_secs));
    }

    /// Whether nothing is pending (the glue then deletes the storage key).
    pub fn is_empty(&self) -> bool {
        self.login.is_empty() && self.logout.is_empty()
    }
}

fn push_bounded<T>(list: &mut Vec<T>, item: T) {
    list.push(item);
    if list.len() > MAX_ATTEMPTS {
        let excess = list.len() - MAX_ATTEMPTS;
        list.drain(..excess);
    }
}

#[cfg(test)]
mod tests;
