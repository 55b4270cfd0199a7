//! The authorization response on the redirect URI: RFC 6749 §4.1.2 (success) and §4.1.2.1
//! (error), RFC 6749 §10.12 (`state` check), RFC 9207 §2.4 (`iss` check).

use crate::secret::{AuthorizationCode, State};

use std::fmt;

/// The parameters of the redirect back from the provider. Empty values count as absent.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CallbackParams {
    /// The authorization code.
    pub code: Option<String>,
    /// The `state` echoed back.
    pub state: Option<String>,
    /// RFC 9207 issuer identifier of the responding provider.
    pub iss: Option<String>,
    /// Error code of an error response.
    pub error: Option<String>,
    /// Human-readable error text of an error response.
    pub error_description: Option<String>,
    /// URI of a page about the error.
    pub error_uri: Option<String>,
}

impl fmt::Debug for CallbackParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |v: &Option<String>| v.as_ref().map(|_| "[redacted]");
        f.debug_struct("CallbackParams")
            .field("code", &redacted(&self.code))
            .field("state", &redacted(&self.state))
            .field("iss", &self.iss)
            .field("error", &self.error)
            .field("error_description", &self.error_description)
            .field("error_uri", &self.error_uri)
            .finish()
    }
}

impl CallbackParams {
    /// Reads the parameters from a query string (with or without its leading `?`).
    ///
    /// RFC 6749 §3.1 forbids repeated parameters; when one is repeated anyway, its first
    /// non-empty occurrence is used, so a value appended later cannot override it.
    pub fn parse(query: &str) -> CallbackParams {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut params = CallbackParams::default();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let slot = match name.as_ref() {
                "code" => &mut params.code,
                "state" => &mut params.state,
                "iss" => &mut params.iss,
                "error" => &mut params.error,
                "error_description" => &mut params.error_description,
                "error_uri" => &mut params.error_uri,
                _ => continue,
            };
            if slot.is_none() && !value.is_empty() {
                *slot = Some(value.into_owned());
            }
        }
        params
    }

    /// Whether this looks like an authorization response at all (has `code` or `error`), as
    /// opposed to a reload of the callback page after the response was consumed.
    pub fn is_auth_response(&self) -> bool {
        self.code.is_some() || self.error.is_some()
    }
}

/// Why an authorization response was refused. No message contains the code or the state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    /// The response has no `state`.
    #[error("authorization response has no state")]
    MissingState,
    /// The `state` is not the attempt's: possibly a forged (CSRF) response.
    #[error("authorization response state does not match")]
    StateMismatch,
    /// No stored attempt has this `state` (expired, already used, or started elsewhere).
    #[error("no pending sign-in matches the authorization response")]
    NoAttempt,
    /// `iss` names another provider: a mix-up attack (RFC 9207).
    #[error("authorization response comes from another issuer")]
    IssuerMismatch,
    /// The provider promised `iss` (RFC 9207) but the response lacks it.
    #[error("authorization response has no iss parameter")]
    MissingIssuer,
    /// The provider answered with an error (RFC 6749 §4.1.2.1), kept verbatim.
    #[error("authorization failed: {error}")]
    Provider {
        /// The provider's `error` code, e.g. `access_denied`.
        error: String,
        /// The provider's `error_description`.
        description: Option<String>,
        /// The provider's `error_uri`.
        uri: Option<String>,
    },
    /// A success response without `code`.
    #[error("authorization response has no code")]
    MissingCode,
}

impl CallbackError {
    /// Stable code shown to the user; for a provider error, the provider's own `error`.
    pub fn code(&self) -> &str {
        match self {
            CallbackError::MissingState => "missing_state",
            CallbackError::StateMismatch | CallbackError::NoAttempt => "state_mismatch",
            CallbackError::IssuerMismatch => "iss_mismatch",
            CallbackError::MissingIssuer => "missing_iss",
            CallbackError::Provider { error, .. } => error,
            CallbackError::MissingCode => "missing_code",
        }
    }
}

/// Checks a response against the attempt it claims to answer and returns the code.
///
/// The state is checked first, before anything else in the response is believed: until
/// then the response may be forged, and even its `error` must not be shown as the provider's.
/// `iss_required` is the provider's `authorization_response_iss_parameter_supported`.
pub fn validate_callback(
    p: &CallbackParams,
    attempt_state: &State,
    issuer: &str,
    iss_required: bool,
) -> Result<AuthorizationCode, CallbackError> {
    let state = p.state.as_deref().ok_or(CallbackError::MissingState)?;
    if !attempt_state.matches(state) {
        return Err(CallbackError::StateMismatch);
    }
    match p.iss.as_deref() {
        Some(iss) if iss != issuer => return Err(CallbackError::IssuerMismatch),
        None if iss_required => return Err(CallbackError::MissingIssuer),
        _ => {}
    }
    if let Some(error) = &p.error {
        return Err(CallbackError::Provider {
            error: error.clone(),
            description: p.error_description.clone(),
            uri: p.error_uri.clone(),
        });
    }
    let code = p.code.as_deref().ok_or(CallbackError::MissingCode)?;
    Ok(AuthorizationCode::new(code))
}

#[cfg(test)]
mod tests;
