//! Token endpoint requests and responses: RFC 6749 §4.1.3 (code exchange, with the RFC 7636
//! §4.5 `code_verifier`), §5.1 (success), §5.2 (error) and §6 (refresh); RFC 7009 §2.1
//! (revocation request).
//!
//! The response is read field by field from a `serde_json::Value` instead of through a derived
//! `Deserialize`, because serde's type errors quote the offending value (`invalid type: string
//! "…"`), and in a token response that value can be a token. Every message here is written by
//! hand and names only a field or a position.

use crate::secret::{AccessToken, AuthorizationCode, IdToken, PkceVerifier, RefreshToken};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

mod http_codes;

/// The form body of the authorization code exchange (RFC 6749 §4.1.3, RFC 7636 §4.5).
/// `client_id` is included because a public client does not authenticate (RFC 6749 §3.2.1).
pub fn code_exchange_body(
    code: &AuthorizationCode,
    redirect_uri: &str,
    client_id: &str,
    verifier: &PkceVerifier,
) -> String {
    form(&[
        ("grant_type", "authorization_code"),
        ("code", code.secret()),
        ("redirect_uri", redirect_uri),
        ("client_id", client_id),
        ("code_verifier", verifier.secret()),
    ])
}

/// The form body of a refresh request (RFC 6749 §6). No `scope`: the new tokens keep the
/// scope originally granted.
pub fn refresh_body(rt: &RefreshToken, client_id: &str) -> String {
    form(&[
        ("grant_type", "refresh_token"),
        ("refresh_token", rt.secret()),
        ("client_id", client_id),
    ])
}

/// The form body of a revocation request (RFC 7009 §2.1); `hint` is `access_token` or
/// `refresh_token`.
pub fn revocation_body(token: &str, hint: &'static str, client_id: &str) -> String {
    form(&[
        ("token", token),
        ("token_type_hint", hint),
        ("client_id", client_id),
    ])
}

/// An `application/x-www-form-urlencoded` body (RFC 6749 Appendix B).
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        body.append_pair(name, value);
    }
    body.finish()
}

/// The tokens of a successful response, with the lifetime turned into an absolute time.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenSet {
    /// The access token (always of type Bearer).
    pub access_token: AccessToken,
    /// The refresh token, if one was issued.
    #[serde(default)]
    pub refresh_token: Option<RefreshToken>,
    /// The ID token, if one was issued.
    #[serde(default)]
    pub id_token: Option<IdToken>,
    /// When the access token expires, in Unix seconds, if the provider said.
    #[serde(default)]
    pub expires_at_secs: Option<u64>,
    /// The granted scope, when the provider reports it (RFC 6749 §5.1).
    #[serde(default)]
    pub scope: Option<String>,
    /// When this response was received, in Unix seconds: with `expires_at_secs` it gives the
    /// token's lifetime, which caps how early a refresh is scheduled.
    #[serde(default)]
    pub issued_at_secs: u64,
}

/// Why a token response was refused. No message contains a token or any other value the
/// response carried, except the provider's `error` fields and the `token_type`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// A 2xx response that is not a valid token response; the text names the field or position.
    #[error("token response is invalid: {0}")]
    Malformed(String),
    /// A token type other than Bearer (RFC 6749 §7.1): this client cannot use it.
    #[error("token type `{0}` is not supported (expected Bearer)")]
    UnsupportedTokenType(String),
    /// An error response (RFC 6749 §5.2), kept verbatim.
    #[error("token endpoint returned `{error}` (HTTP {status})")]
    Provider {
        /// The HTTP status.
        status: u16,
        /// The provider's `error` code, e.g. `invalid_grant`.
        error: String,
        /// The provider's `error_description`.
        description: Option<String>,
        /// The provider's `error_uri`.
        uri: Option<String>,
    },
    /// A non-2xx response without an RFC 6749 §5.2 error body (a proxy page, an outage).
    #[error("token endpoint answered HTTP {status}")]
    Http {
        /// The HTTP status.
        status: u16,
    },
}

impl TokenError {
    /// Stable code shown to the user: the provider's `error`, or `http_<status>`.
    pub fn code(&self) -> &str {
        match self {
            TokenError::Malformed(_) => "token_response_invalid",
            TokenError::UnsupportedTokenType(_) => "unsupported_token_type",
            TokenError::Provider { error, .. } => error,
            TokenError::Http { status } => http_codes::code(*status),
        }
    }
}

/// Reads a token endpoint response (`status` and body) received at `now_secs`.
pub fn parse_token_response(
    status: u16,
    body: &str,
    now_secs: u64,
) -> Result<TokenSet, TokenError> {
    if !(200..300).contains(&status) {
        let map = json_object(body).ok();
        return Err(map
            .and_then(|map| provider_error(status, &map))
            .unwrap_or(TokenError::Http { status }));
    }

    let map = json_object(body).map_err(TokenError::Malformed)?;

    let Some(access_token) = string_field(&map, "access_token")? else {
        // Some providers report errors with 200 OK; their `error` is more useful than ours.
        return Err(
            provider_error(status, &map).unwrap_or_else(|| malformed("`access_token` is missing"))
        );
    };
    let token_type =
        string_field(&map, "token_type")?.ok_or_else(|| malformed("`token_type` is missing"))?;
    if !token_type.eq_ignore_ascii_case("Bearer") {
        return Err(TokenError::UnsupportedTokenType(token_type.to_owned()));
    }
    let expires_in = match map.get("expires_in") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(whole_seconds(n)?),
        Some(_) => return Err(malformed("`expires_in` must be a number")),
    };

    Ok(TokenSet {
        access_token: AccessToken::new(access_token),
        refresh_token: string_field(&map, "refresh_token")?.map(RefreshToken::new),
        id_token: string_field(&map, "id_token")?.map(IdToken::new),
        expires_at_secs: expires_in.map(|secs| now_secs.saturating_add(secs)),
        scope: string_field(&map, "scope")?.map(str::to_owned),
        issued_at_secs: now_secs,
    })
}

impl TokenSet {
    /// Merges a refresh response into the session's tokens (RFC 6749 §6): a provider that does
    /// not rotate sends no new refresh token, and the old one stays valid; an ID token is only
    /// sometimes re-issued (OIDC Core §12.2).
    pub fn refreshed(&self, fresh: TokenSet) -> TokenSet {
        TokenSet {
            refresh_token: fresh.refresh_token.or_else(|| self.refresh_token.clone()),
            id_token: fresh.id_token.or_else(|| self.id_token.clone()),
            scope: fresh.scope.or_else(|| self.scope.clone()),
            ..fresh
        }
    }
}

/// Parses a response body that must be a JSON object. The error names only the position:
/// serde_json's own text could quote part of the body, which may hold a token.
pub(crate) fn json_object(body: &str) -> Result<Map<String, Value>, String> {
    crate::json::parse_object(body).map_err(|e| format!("the body is {e}"))
}

fn malformed(what: &str) -> TokenError {
    TokenError::Malformed(what.to_owned())
}

/// A string member of a response object; absent, `null` and `""` all count as absent. The error
/// names the member, never its value.
pub(crate) fn string_member<'a>(
    map: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, String> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("`{name}` must be a string")),
    }
}

fn string_field<'a>(
    map: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, TokenError> {
    string_member(map, name).map_err(TokenError::Malformed)
}

/// `expires_in` as whole seconds; a fractional lifetime is floored so as never to overstate it.
fn whole_seconds(n: &serde_json::Number) -> Result<u64, TokenError> {
    if let Some(secs) = n.as_u64() {
        return Ok(secs);
    }
    match n.as_f64() {
        // `as` saturates, so an absurdly large lifetime becomes u64::MAX rather than wrapping.
        Some(secs) if secs >= 0.0 => Ok(secs.floor() as u64),
        _ => Err(malformed("`expires_in` must not be negative")),
    }
}

/// An RFC 6749 §5.2 error body, if `map` is one: `error` must be a non-empty string.
fn provider_error(status: u16, map: &Map<String, Value>) -> Option<TokenError> {
    let text = |name: &str| match map.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    };
    Some(TokenError::Provider {
        status,
        error: text("error")?,
        description: text("error_description"),
        uri: text("error_uri"),
    })
}

#[cfg(test)]
mod tests;
