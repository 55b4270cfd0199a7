//! Decoding an ID token: JWS compact serialization (RFC 7515 §3.1, §7.1) carrying JWT claims
//! (RFC 7519 §7.2), with the algorithm restrictions of OpenID Connect Core 1.0 §3.1.3.7 item 7
//! and RFC 8725 §3.1–3.2 (JWT BCP).
//!
//! This only splits and decodes; it does not verify the signature. It hands out the exact
//! signing input and signature bytes so that the glue can verify them with WebCrypto, and it
//! refuses up front what no verifier should ever accept: `alg: none`, and HMAC algorithms,
//! whose key for a public client would be the client secret it does not have.

use crate::claims::IdTokenClaims;
use crate::secret::IdToken;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::Deserialize;
use serde_json::{Map, Value};

use std::fmt;

/// The JOSE header fields this client looks at.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct JwtHeader {
    /// Signature algorithm, e.g. `RS256`.
    pub alg: String,
    /// Key identifier in the provider's JWKS.
    #[serde(default)]
    pub kid: Option<String>,
    /// Media type, usually `JWT`.
    #[serde(default)]
    pub typ: Option<String>,
}

/// A split and decoded, not yet verified, ID token.
#[derive(Clone)]
pub struct DecodedJwt {
    /// The header.
    pub header: JwtHeader,
    /// The claims (payload).
    pub claims: IdTokenClaims,
    /// `BASE64URL(header) . BASE64URL(payload)` exactly as received: what was signed.
    pub signing_input: String,
    /// The decoded signature bytes.
    pub signature: Vec<u8>,
}

impl fmt::Debug for DecodedJwt {
    /// The signing input and signature are the token itself, so only their sizes are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodedJwt")
            .field("header", &self.header)
            .field("claims", &self.claims)
            .field("signing_input_len", &self.signing_input.len())
            .field("signature_len", &self.signature.len())
            .finish()
    }
}

/// Why an ID token could not be decoded. Messages name the part, never its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not three base64url parts with JSON-object header and payload of the expected shape.
    #[error("ID token is malformed: {0}")]
    Malformed(&'static str),
    /// `alg` is `none`: an unsigned token that anyone could have made.
    #[error("ID token is unsigned (alg none)")]
    AlgNone,
    /// `alg` is an HMAC algorithm, which a public client cannot verify.
    #[error("ID token uses a symmetric (HMAC) algorithm")]
    SymmetricAlg,
    /// The signature part is empty.
    #[error("ID token has no signature")]
    MissingSignature,
}

impl JwtError {
    /// Stable code shown to the user.
    pub fn code(&self) -> &str {
        match self {
            JwtError::Malformed(_) | JwtError::MissingSignature => "id_token_malformed",
            JwtError::AlgNone => "id_token_alg_none",
            JwtError::SymmetricAlg => "id_token_alg_hmac",
        }
    }
}

/// Splits and decodes an ID token without verifying it.
pub fn decode(token: &IdToken) -> Result<DecodedJwt, JwtError> {
    let parts: Vec<&str> = token.secret().split('.').collect();
    let [header_b64, payload_b64, signature_b64] = parts[..] else {
        // Five parts would be an encrypted (JWE) token, which this client does not handle.
        return Err(JwtError::Malformed("expected three dot-separated parts"));
    };

    let header = json_object(
        header_b64,
        "header is not base64url",
        "header is not a JSON object",
    )?;
    if header.contains_key("crit") {
        // RFC 7515 §4.1.11: extensions listed as critical must be understood; none are here.
        return Err(JwtError::Malformed("header has critical extensions"));
    }
    let header: JwtHeader = crate::json::from_value(Value::Object(header))
        .ok_or(JwtError::Malformed("header has no string alg"))?;
    if header.alg.eq_ignore_ascii_case("none") {
        return Err(JwtError::AlgNone);
    }
    if header
        .alg
        .get(..2)
        .is_some_and(|p| p.eq_ignore_ascii_case("HS"))
    {
        return Err(JwtError::SymmetricAlg);
    }

    if signature_b64.is_empty() {
        return Err(JwtError::MissingSignature);
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature_b64)
        .map_err(|_| JwtError::Malformed("signature is not base64url"))?;

    let payload = json_object(
        payload_b64,
        "payload is not base64url",
        "payload is not a JSON object",
    )?;
    // No serde message: it could quote a claim value such as the nonce.
    let claims: IdTokenClaims = crate::json::from_value(Value::Object(payload))
        .ok_or(JwtError::Malformed("payload has a claim of the wrong type"))?;

    Ok(DecodedJwt {
        header,
        claims,
        signing_input: format!("{header_b64}.{payload_b64}"),
        signature,
    })
}

fn json_object(
    part: &str,
    not_base64: &'static str,
    not_object: &'static str,
) -> Result<Map<String, Value>, JwtError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| JwtError::Malformed(not_base64))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| JwtError::Malformed(not_object))?;
    crate::json::parse_object(text).map_err(|_| JwtError::Malformed(not_object))
}

#[cfg(test)]
mod tests;
