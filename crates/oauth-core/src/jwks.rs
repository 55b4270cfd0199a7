//! The provider's signing keys: JSON Web Key Sets (RFC 7517 §4–5) with the key types of
//! RFC 7518 §6 and RFC 8037 §2, and choosing the key that verifies an ID token (OpenID Connect
//! Core 1.0 §10.1, §3.1.3.7 items 6–8; RFC 7515 §4.1.4 `kid`).
//!
//! Only public-key algorithms are ever accepted (RFC 8725 §3.1–3.2): `none` and the HMAC
//! family are refused by [`JwsAlg::parse`], so no choice made here can end with "no signature"
//! or with the public key used as an HMAC secret. Signatures themselves are checked by the
//! glue with WebCrypto, using [`webcrypto_params`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

mod alg;

pub use alg::{allowed_algs, check_at_hash, webcrypto_params, JwsAlg, WebCryptoParams};

/// One public key of a JWKS (RFC 7517 §4). Other members, including any private-key member a
/// provider might publish by mistake (`d`, `p`, …), are dropped on reading and so never cached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// Key type: `RSA`, `EC` or `OKP` (RFC 7518 §6.1, RFC 8037 §2).
    pub kty: String,
    /// Key identifier, matched against the JWS header's `kid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// Intended use: `sig` or `enc` (RFC 7517 §4.2).
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// The one algorithm the key is meant for (RFC 7517 §4.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// Curve of an `EC` or `OKP` key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    /// RSA modulus, base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    /// RSA public exponent, base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    /// EC x coordinate or OKP public key, base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// EC y coordinate, base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    /// Permitted operations (RFC 7517 §4.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_ops: Option<Vec<String>>,
}

/// A JSON Web Key Set (RFC 7517 §5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwkSet {
    /// The usable keys, in document order.
    pub keys: Vec<Jwk>,
}

/// Why an ID token's algorithm or key was refused. The key set is public and `alg` comes from
/// the token header, so messages may name them; they never contain a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwksError {
    /// `alg` is `none`: an unsigned token.
    #[error("ID token is unsigned (alg none)")]
    AlgNone,
    /// `alg` is an HMAC algorithm, which a public client cannot verify.
    #[error("ID token uses a symmetric (HMAC) algorithm")]
    SymmetricAlg,
    /// `alg` is not one this client implements.
    #[error("ID token algorithm `{0}` is not supported")]
    UnsupportedAlg(String),
    /// `alg` is supported but not in [`allowed_algs`]; for the glue to return after checking.
    #[error("ID token algorithm is not allowed for this provider")]
    AlgNotAllowed,
    /// No key has the token's `kid`; the caller refetches the JWKS once, as keys rotate.
    #[error("no key in the JWKS has the ID token's kid")]
    UnknownKid,
    /// The key with the token's `kid` does not fit its `alg` (type, curve, use or operations).
    #[error("the key with the ID token's kid does not fit its algorithm")]
    KeyMismatch,
    /// The token has no `kid` and no key fits its `alg`.
    #[error("no key in the JWKS fits the ID token")]
    NoSuitableKey,
    /// The token has no `kid` and several different keys fit: guessing could pick a wrong one.
    #[error("several keys in the JWKS fit the ID token and it has no kid")]
    AmbiguousKey,
    /// The document is not a JSON object with a `keys` array.
    #[error("JWKS is invalid: {0}")]
    Invalid(String),
    /// `at_hash` does not match the access token (OIDC Core §3.1.3.8).
    #[error("ID token at_hash does not match the access token")]
    AtHashMismatch,
}

impl JwksError {
    /// Stable code shown to the user.
    pub fn code(&self) -> &str {
        match self {
            JwksError::AlgNone => "id_token_alg_none",
            JwksError::SymmetricAlg => "id_token_alg_hmac",
            JwksError::UnsupportedAlg(_) => "id_token_alg_unsupported",
            JwksError::AlgNotAllowed => "id_token_alg_not_allowed",
            JwksError::UnknownKid => "jwks_unknown_kid",
            JwksError::KeyMismatch => "jwks_key_mismatch",
            JwksError::NoSuitableKey => "jwks_no_key",
            JwksError::AmbiguousKey => "jwks_ambiguous_key",
            JwksError::Invalid(_) => "jwks_invalid",
            JwksError::AtHashMismatch => "invalid_id_token_at_hash",
        }
    }
}

impl JwkSet {
    /// Parses a JWKS document. A member of `keys` that is not an object with a string `kty`
    /// (and string members where strings belong) is skipped, as RFC 7517 §5 asks for keys of
    /// unknown shape, so one odd key cannot lock every user out.
    pub fn from_json(text: &str) -> Result<JwkSet, JwksError> {
        let document = crate::json::parse(text).map_err(JwksError::Invalid)?;
        let Some(Value::Array(members)) = document.get("keys") else {
            return Err(JwksError::Invalid("no `keys` array".to_owned()));
        };
        let keys = members
            .iter()
            .filter_map(|member| crate::json::from_value(member.clone()))
            .collect();
        Ok(JwkSet { keys })
    }
}

/// Whether `jwk` can verify a signature made with `alg`: the key type and curve the algorithm
/// needs with their public members present, and no `use`, `alg` or `key_ops` saying otherwise.
pub fn key_fits(jwk: &Jwk, alg: JwsAlg) -> bool {
    let has = |member: &Option<String>| member.as_deref().is_some_and(|v| !v.is_empty());
    let curve_is = |crv: &str| jwk.crv.as_deref() == Some(crv);
    let shape = match alg {
        JwsAlg::Rs256
        | JwsAlg::Rs384
        | JwsAlg::Rs512
        | JwsAlg::Ps256
        | JwsAlg::Ps384
        | JwsAlg::Ps512 => jwk.kty == "RSA" && has(&jwk.n) && has(&jwk.e),
        JwsAlg::Es256 | JwsAlg::Es384 | JwsAlg::Es512 => {
            let curve = webcrypto_params(alg).named_curve.unwrap_or_default();
            jwk.kty == "EC" && curve_is(curve) && has(&jwk.x) && has(&jwk.y)
        }
        JwsAlg::EdDsa => jwk.kty == "OKP" && curve_is("Ed25519") && has(&jwk.x),
    };
    shape
        && jwk.use_.as_deref().is_none_or(|u| u == "sig")
        && jwk.alg.as_deref().is_none_or(|a| a == alg.as_str())
        && jwk
            .key_ops
            .as_ref()
            .is_none_or(|ops| ops.iter().any(|op| op == "verify"))
}

/// Chooses the key that verifies a token signed with `alg` and carrying `kid` (if any).
///
/// With a `kid`, only keys with that `kid` are candidates: none → [`JwksError::UnknownKid`]
/// (the caller refetches the set once, keys may have rotated), none of them fits →
/// [`JwksError::KeyMismatch`]. Without a `kid`, every key is a candidate and exactly one must
/// fit ([`JwksError::NoSuitableKey`], [`JwksError::AmbiguousKey`]). Identical duplicates count
/// as one key; two different fitting keys are ambiguous in both cases.
pub fn select_key<'a>(
    set: &'a JwkSet,
    alg: JwsAlg,
    kid: Option<&str>,
) -> Result<&'a Jwk, JwksError> {
    let mut candidates = set
        .keys
        .iter()
        .filter(|k| kid.is_none_or(|kid| k.kid.as_deref() == Some(kid)))
        .peekable();
    let none_fits = if kid.is_some() {
        if candidates.peek().is_none() {
            return Err(JwksError::UnknownKid);
        }
        JwksError::KeyMismatch
    } else {
        JwksError::NoSuitableKey
    };

    let mut fitting = candidates.filter(|k| key_fits(k, alg));
    let first = fitting.next().ok_or(none_fits)?;
    if fitting.any(|other| other != first) {
        return Err(JwksError::AmbiguousKey);
    }
    Ok(first)
}

/// A parsed key set with the time it was fetched, as cached between page loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedJwks {
    /// When the set was fetched, in Unix seconds.
    pub fetched_at_secs: u64,
    /// The set.
    pub keys: JwkSet,
}

impl CachedJwks {
    /// Whether the cached set is younger than `ttl_secs`. A set stamped more than 60 s in the
    /// future is stale, so that a clock set back cannot pin it for as long as the jump.
    pub fn is_fresh(&self, now_secs: u64, ttl_secs: u64) -> bool {
        crate::discovery::cache_is_fresh(self.fetched_at_secs, now_secs, ttl_secs)
    }
}

#[cfg(test)]
mod tests;
