//! What the user sees when something fails: a stable code (in `data-testid="auth-error"`) and a
//! plain sentence. Built from the core's typed errors; never carries a secret.

use crate::glue::http::HttpError;

/// A failure shown on the error page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthFailure {
    /// Stable snake_case code: the provider's own `error`, or one of the app's codes.
    pub code: String,
    /// A plain sentence for the user.
    pub message: String,
    /// Extra detail, such as the provider's `error_description` (shown as text, never HTML).
    pub detail: Option<String>,
}

impl AuthFailure {
    /// A failure with a code and a message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            detail: None,
        }
    }

    /// Adds detail text.
    pub fn with_detail(mut self, detail: Option<String>) -> Self {
        self.detail = detail;
        self
    }

    /// A failed call to the provider.
    pub fn http(err: &HttpError, what: &str) -> Self {
        let message = match err {
            HttpError::Timeout => format!("The identity provider did not answer in time ({what})."),
            HttpError::Network(_) => {
                format!("The identity provider could not be reached ({what}).")
            }
        };
        Self::new(err.code(), message)
    }

    /// An error from the protocol core, whose `Display` names what failed.
    pub fn core(code: &str, message: &str, err: &dyn std::fmt::Display) -> Self {
        Self::new(code, message).with_detail(Some(err.to_string()))
    }
}
