//! ID token claims (OpenID Connect Core 1.0 §2 and §5.1) and their validation (§3.1.3.7,
//! items 2–3 and 9–13; §3.1.2.1 for `max_age`). RFC 7519 §4.1 defines the registered claims.
//!
//! The signature is not checked here; see the `jwt` module for what is refused before the
//! claims are read at all.

use crate::secret::{constant_time_eq, Nonce};

use serde::{Deserialize, Deserializer, Serialize};

use std::fmt;

mod audience;

pub use audience::Audience;

/// The claims this client reads from an ID token; other claims are ignored.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdTokenClaims {
    /// Issuer identifier.
    pub iss: Option<String>,
    /// Subject: the user's stable identifier at the issuer.
    pub sub: Option<String>,
    /// Audiences; must include this client.
    pub aud: Audience,
    /// Expiry, in Unix seconds.
    #[serde(deserialize_with = "numeric_date")]
    pub exp: Option<i64>,
    /// Issue time, in Unix seconds.
    #[serde(deserialize_with = "numeric_date")]
    pub iat: Option<i64>,
    /// The `nonce` of the authorization request.
    pub nonce: Option<String>,
    /// Authorized party: the client the token was issued to.
    pub azp: Option<String>,
    /// When the user last authenticated, in Unix seconds.
    #[serde(deserialize_with = "numeric_date")]
    pub auth_time: Option<i64>,
    /// Access token hash (OIDC Core §3.1.3.8).
    pub at_hash: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Shorthand name the user chose.
    pub preferred_username: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Whether the provider verified the e-mail address.
    pub email_verified: Option<bool>,
}

impl fmt::Debug for IdTokenClaims {
    /// The nonce is redacted like every other attempt secret; the rest is profile data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdTokenClaims")
            .field("iss", &self.iss)
            .field("sub", &self.sub)
            .field("aud", &self.aud)
            .field("exp", &self.exp)
            .field("iat", &self.iat)
            .field("nonce", &self.nonce.as_ref().map(|_| "[redacted]"))
            .field("azp", &self.azp)
            .field("auth_time", &self.auth_time)
            .field("at_hash", &self.at_hash)
            .field("name", &self.name)
            .field("given_name", &self.given_name)
            .field("family_name", &self.family_name)
            .field("preferred_username", &self.preferred_username)
            .field("email", &self.email)
            .field("email_verified", &self.email_verified)
            .finish()
    }
}

impl IdTokenClaims {
    /// A name to show: `name`, else `preferred_username`, else `email` (empty ones skipped).
    pub fn display_name(&self) -> Option<&str> {
        [&self.name, &self.preferred_username, &self.email]
            .into_iter()
            .filter_map(|v| v.as_deref())
            .find(|v| !v.is_empty())
    }
}

/// RFC 7519 §2 NumericDate: a JSON number that may have a fraction, floored to whole seconds.
fn numeric_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let number = Option::<serde_json::Number>::deserialize(d)?;
    // `as` saturates, so an out-of-range date becomes i64::MIN or i64::MAX rather than wrapping.
    Ok(number.and_then(|n| n.as_i64().or_else(|| n.as_f64().map(|f| f.floor() as i64))))
}

/// What the claims are checked against.
#[derive(Debug, Clone, Copy)]
pub struct ClaimChecks<'a> {
    /// The configured issuer, compared exactly with `iss`.
    pub issuer: &'a str,
    /// This client's identifier, required in `aud`.
    pub client_id: &'a str,
    /// The attempt's nonce; `None` only where no nonce was sent (a refreshed ID token).
    pub nonce: Option<&'a Nonce>,
    /// The current time, in Unix seconds.
    pub now_secs: u64,
    /// Clock skew tolerated in every time comparison.
    pub leeway_secs: u64,
    /// The `max_age` sent in the request, if any.
    pub max_age: Option<u64>,
}

/// Which claim failed. Messages never contain claim values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClaimsError {
    /// No `iss`.
    #[error("ID token has no iss")]
    MissingIssuer,
    /// `iss` is not the configured issuer.
    #[error("ID token iss is not the configured issuer")]
    IssuerMismatch,
    /// No `sub` (or an empty one).
    #[error("ID token has no sub")]
    MissingSubject,
    /// `aud` does not include this client.
    #[error("ID token aud does not include this client")]
    AudienceMismatch,
    /// Several audiences without `azp` naming this client, or an `azp` naming another client.
    #[error("ID token azp is absent or not this client")]
    AzpMismatch,
    /// No `exp`.
    #[error("ID token has no exp")]
    MissingExpiry,
    /// `exp` has passed, even allowing for the leeway.
    #[error("ID token has expired")]
    Expired,
    /// No `iat`.
    #[error("ID token has no iat")]
    MissingIssuedAt,
    /// `iat` is later than now plus the leeway.
    #[error("ID token was issued in the future")]
    IssuedInFuture,
    /// `nonce` is absent or not the attempt's: the token may be replayed.
    #[error("ID token nonce does not match")]
    NonceMismatch,
    /// `max_age` was requested but there is no `auth_time` (OIDC Core §3.1.2.1).
    #[error("ID token has no auth_time although max_age was requested")]
    MissingAuthTime,
    /// The user authenticated longer than `max_age` ago.
    #[error("ID token auth_time is older than max_age")]
    AuthTooOld,
    /// A refreshed ID token differs from the original in the named claim (OIDC Core §12.2).
    #[error("refreshed ID token has a different {0}")]
    RefreshMismatch(&'static str),
}

impl ClaimsError {
    /// Stable code shown to the user, `invalid_id_token_<claim>`.
    pub fn code(&self) -> &str {
        match self {
            ClaimsError::MissingIssuer | ClaimsError::IssuerMismatch => "invalid_id_token_iss",
            ClaimsError::MissingSubject => "invalid_id_token_sub",
            ClaimsError::AudienceMismatch => "invalid_id_token_aud",
            ClaimsError::AzpMismatch => "invalid_id_token_azp",
            ClaimsError::MissingExpiry | ClaimsError::Expired => "invalid_id_token_exp",
            ClaimsError::MissingIssuedAt | ClaimsError::IssuedInFuture => "invalid_id_token_iat",
            ClaimsError::NonceMismatch => "invalid_id_token_nonce",
            ClaimsError::MissingAuthTime | ClaimsError::AuthTooOld => "invalid_id_token_auth_time",
            ClaimsError::RefreshMismatch(_) => "invalid_id_token_refresh",
        }
    }
}

/// Validates the claims of an ID token as OIDC Core §3.1.3.7 requires, in the order listed
/// there. Time arithmetic is done in `i128` so that no claim value can overflow it.
pub fn check_claims(c: &IdTokenClaims, k: &ClaimChecks) -> Result<(), ClaimsError> {
    let iss = c.iss.as_deref().ok_or(ClaimsError::MissingIssuer)?;
    if iss != k.issuer {
        return Err(ClaimsError::IssuerMismatch);
    }
    if c.sub.as_deref().is_none_or(str::is_empty) {
        return Err(ClaimsError::MissingSubject);
    }

    if !c.aud.contains(k.client_id) {
        return Err(ClaimsError::AudienceMismatch);
    }
    match c.azp.as_deref() {
        Some(azp) if azp != k.client_id => return Err(ClaimsError::AzpMismatch),
        None if c.aud.len() > 1 => return Err(ClaimsError::AzpMismatch),
        _ => {}
    }

    let now = i128::from(k.now_secs);
    let leeway = i128::from(k.leeway_secs);
    let exp = c.exp.ok_or(ClaimsError::MissingExpiry)?;
    if i128::from(exp) + leeway <= now {
        return Err(ClaimsError::Expired);
    }
    let iat = c.iat.ok_or(ClaimsError::MissingIssuedAt)?;
    if i128::from(iat) > now + leeway {
        return Err(ClaimsError::IssuedInFuture);
    }

    if let Some(expected) = k.nonce {
        let nonce = c.nonce.as_deref().ok_or(ClaimsError::NonceMismatch)?;
        if !expected.matches(nonce) {
            return Err(ClaimsError::NonceMismatch);
        }
    }

    if let Some(max_age) = k.max_age {
        let auth_time = c.auth_time.ok_or(ClaimsError::MissingAuthTime)?;
        if i128::from(auth_time) + i128::from(max_age) + leeway < now {
            return Err(ClaimsError::AuthTooOld);
        }
    }
    Ok(())
}

/// Checks an ID token from a refresh against the one from the original sign-in, as OIDC Core
/// §12.2 requires: the same `iss`, `sub` and `aud` (as a set), the original `auth_time` when
/// there was one, and no `nonce` unless it is the original's (compared in constant time).
/// The refreshed claims must also pass [`check_claims`] (with no nonce expected).
pub fn check_refreshed_claims(
    original: &IdTokenClaims,
    refreshed: &IdTokenClaims,
) -> Result<(), ClaimsError> {
    if refreshed.iss != original.iss {
        return Err(ClaimsError::RefreshMismatch("iss"));
    }
    if refreshed.sub != original.sub {
        return Err(ClaimsError::RefreshMismatch("sub"));
    }
    if audience_set(&refreshed.aud) != audience_set(&original.aud) {
        return Err(ClaimsError::RefreshMismatch("aud"));
    }
    if original.auth_time.is_some() && refreshed.auth_time != original.auth_time {
        return Err(ClaimsError::RefreshMismatch("auth_time"));
    }
    match (refreshed.nonce.as_deref(), original.nonce.as_deref()) {
        (None, _) => {}
        (Some(new), Some(old)) if constant_time_eq(new.as_bytes(), old.as_bytes()) => {}
        (Some(_), _) => return Err(ClaimsError::RefreshMismatch("nonce")),
    }
    Ok(())
}

fn audience_set(aud: &Audience) -> Vec<&str> {
    let mut set: Vec<&str> = aud.as_slice().iter().map(String::as_str).collect();
    set.sort_unstable();
    set.dedup();
    set
}

#[cfg(test)]
mod tests;
