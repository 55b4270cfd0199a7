//! The authorization request: RFC 6749 §4.1.1, RFC 7636 §4.3 (PKCE parameters) and OpenID
//! Connect Core 1.0 §3.1.2.1 (`nonce`, `prompt`, `max_age`, `ui_locales`, `login_hint`).

use crate::secret::{Nonce, State};
use crate::url::append_query;

/// Everything that goes into the URL the browser is sent to for sign-in.
#[derive(Debug, Clone, Copy)]
pub struct AuthorizationRequest<'a> {
    /// The provider's `authorization_endpoint`.
    pub endpoint: &'a str,
    /// This client's identifier.
    pub client_id: &'a str,
    /// Where the provider sends the browser back; must match the registration exactly.
    pub redirect_uri: &'a str,
    /// Space-separated scopes, including `openid`.
    pub scope: &'a str,
    /// The attempt's `state` (CSRF protection, RFC 6749 §10.12).
    pub state: &'a State,
    /// The attempt's `nonce` (ID token replay protection, OIDC Core §15.5.2).
    pub nonce: &'a Nonce,
    /// `code_challenge_s256` of the attempt's verifier.
    pub code_challenge: &'a str,
    /// `prompt` to send, if any.
    pub prompt: Option<&'a str>,
    /// `max_age` in seconds to send, if any.
    pub max_age: Option<u64>,
    /// `ui_locales` to send, if any.
    pub ui_locales: Option<&'a str>,
    /// `login_hint` to send, if any.
    pub login_hint: Option<&'a str>,
}

impl AuthorizationRequest<'_> {
    /// The full authorization URL: the endpoint with the request parameters appended, always
    /// with `response_type=code` and `code_challenge_method=S256`.
    pub fn url(&self) -> String {
        let max_age = self.max_age.map(|secs| secs.to_string());
        let mut pairs = vec![
            ("response_type", "code"),
            ("client_id", self.client_id),
            ("redirect_uri", self.redirect_uri),
            ("scope", self.scope),
            ("state", self.state.secret()),
            ("nonce", self.nonce.secret()),
            ("code_challenge", self.code_challenge),
            ("code_challenge_method", "S256"),
        ];
        let optional = [
            ("prompt", self.prompt),
            ("max_age", max_age.as_deref()),
            ("ui_locales", self.ui_locales),
            ("login_hint", self.login_hint),
        ];
        pairs.extend(
            optional
                .into_iter()
                .filter_map(|(name, v)| v.map(|v| (name, v))),
        );
        append_query(self.endpoint, &pairs)
    }
}

#[cfg(test)]
mod tests;
