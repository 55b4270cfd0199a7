//! OpenID Connect Discovery 1.0 §4 (obtaining and validating provider metadata), with the
//! RFC 9207 §3 `authorization_response_iss_parameter_supported` flag and RFC 8414 §2 fields.

use crate::url::is_secure_url;

use serde::{Deserialize, Serialize};

/// Path appended to the issuer to find its metadata (Discovery §4.1).
pub const WELL_KNOWN_PATH: &str = "/.well-known/openid-configuration";

/// A clock this far behind the time a document was fetched is taken as a clock jump.
const MAX_FUTURE_SKEW_SECS: u64 = 60;

/// The URL of the issuer's discovery document. A trailing `/` of the issuer is dropped first,
/// as Discovery §4.1 requires.
pub fn discovery_url(issuer: &str) -> String {
    let base = issuer.strip_suffix('/').unwrap_or(issuer);
    format!("{base}{WELL_KNOWN_PATH}")
}

/// The provider metadata this client uses; other keys of the document are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMetadata {
    /// Issuer identifier; equal to the configured issuer once validated.
    pub issuer: String,
    /// Where the browser is sent to sign in (RFC 6749 §3.1).
    pub authorization_endpoint: String,
    /// Where codes and refresh tokens are exchanged (RFC 6749 §3.2).
    pub token_endpoint: String,
    /// OIDC Core §5.3 UserInfo endpoint.
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    /// JSON Web Key Set with the ID token signing keys.
    #[serde(default)]
    pub jwks_uri: Option<String>,
    /// RP-Initiated Logout 1.0 §2 endpoint.
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
    /// RFC 7009 token revocation endpoint.
    #[serde(default)]
    pub revocation_endpoint: Option<String>,
    /// RFC 8628 device authorization endpoint.
    #[serde(default)]
    pub device_authorization_endpoint: Option<String>,
    /// RFC 9207: the provider always sends `iss` with the authorization response.
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
    /// PKCE methods the provider supports (RFC 8414 §2), if it says.
    #[serde(default)]
    pub code_challenge_methods_supported: Option<Vec<String>>,
    /// JWS algorithms the provider may sign ID tokens with.
    #[serde(default)]
    pub id_token_signing_alg_values_supported: Option<Vec<String>>,
}

/// Why a discovery document was refused. The document is public, so messages may name fields.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscoveryError {
    /// The body is not JSON of the expected shape (or a required endpoint is absent).
    #[error("discovery document is invalid: {0}")]
    Json(String),
    /// The document's `issuer` is not the configured issuer (Discovery §4.3): using it would let
    /// one provider impersonate another.
    #[error("discovery document is for a different issuer")]
    IssuerMismatch,
    /// An endpoint is not `https://` (or `http://` on loopback); the field is named.
    #[error("discovery document has an insecure or malformed `{0}`")]
    InsecureEndpoint(&'static str),
    /// `code_challenge_methods_supported` is present without `S256`.
    #[error("provider does not support the S256 PKCE method")]
    NoS256,
}

impl DiscoveryError {
    /// Stable code shown to the user.
    pub fn code(&self) -> &str {
        match self {
            DiscoveryError::Json(_) | DiscoveryError::InsecureEndpoint(_) => "discovery_invalid",
            DiscoveryError::IssuerMismatch => "discovery_issuer_mismatch",
            DiscoveryError::NoS256 => "discovery_no_s256",
        }
    }
}

impl ProviderMetadata {
    /// Parses a discovery document and checks it belongs to `expected_issuer` (compared
    /// exactly, with no normalization) and that every endpoint it lists is secure.
    pub fn from_json(text: &str, expected_issuer: &str) -> Result<Self, DiscoveryError> {
        // Public document: serde's message may quote it.
        let value = crate::json::parse(text).map_err(DiscoveryError::Json)?;
        let metadata: ProviderMetadata =
            serde_json::from_value(value).map_err(|e| DiscoveryError::Json(e.to_string()))?;
        if metadata.issuer != expected_issuer {
            return Err(DiscoveryError::IssuerMismatch);
        }
        let endpoints = [
            (
                "authorization_endpoint",
                Some(&metadata.authorization_endpoint),
            ),
            ("token_endpoint", Some(&metadata.token_endpoint)),
            ("userinfo_endpoint", metadata.userinfo_endpoint.as_ref()),
            ("jwks_uri", metadata.jwks_uri.as_ref()),
            (
                "end_session_endpoint",
                metadata.end_session_endpoint.as_ref(),
            ),
            ("revocation_endpoint", metadata.revocation_endpoint.as_ref()),
            (
                "device_authorization_endpoint",
                metadata.device_authorization_endpoint.as_ref(),
            ),
        ];
        for (field, url) in endpoints {
            if url.is_some_and(|url| !is_secure_url(url)) {
                return Err(DiscoveryError::InsecureEndpoint(field));
            }
        }
        // Absent means "not advertised", which many providers that do support S256 leave out.
        if let Some(methods) = &metadata.code_challenge_methods_supported {
            if !methods.iter().any(|m| m == "S256") {
                return Err(DiscoveryError::NoS256);
            }
        }
        Ok(metadata)
    }
}

/// A validated document with the time it was fetched, as cached between page loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedMetadata {
    /// When the document was fetched, in Unix seconds.
    pub fetched_at_secs: u64,
    /// The document.
    pub metadata: ProviderMetadata,
}

impl CachedMetadata {
    /// Whether the cached document is younger than `ttl_secs`. A document stamped more than
    /// 60 s in the future is stale: after the clock is set back it would otherwise stay
    /// "fresh" for as long as the jump.
    pub fn is_fresh(&self, now_secs: u64, ttl_secs: u64) -> bool {
        cache_is_fresh(self.fetched_at_secs, now_secs, ttl_secs)
    }
}

/// The freshness rule of every cached public document (discovery, JWKS): younger than
/// `ttl_secs`, and not stamped more than a minute in the future.
pub(crate) fn cache_is_fresh(fetched_at_secs: u64, now_secs: u64, ttl_secs: u64) -> bool {
    if fetched_at_secs > now_secs.saturating_add(MAX_FUTURE_SKEW_SECS) {
        return false;
    }
    now_secs.saturating_sub(fetched_at_secs) < ttl_secs
}

#[cfg(test)]
mod tests;
