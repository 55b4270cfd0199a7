//! JWS signature algorithms (RFC 7518 §3.1, RFC 8037 §3.1), which of them a provider may use,
//! how WebCrypto verifies each, and the `at_hash` check of OpenID Connect Core 1.0 §3.1.3.8
//! and §3.2.2.9 that depends on the algorithm.

use super::JwksError;
use crate::secret::{constant_time_eq, AccessToken};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384, Sha512};

/// The asymmetric JWS algorithms this client can verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JwsAlg {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
    /// RSASSA-PSS with SHA-256.
    Ps256,
    /// RSASSA-PSS with SHA-384.
    Ps384,
    /// RSASSA-PSS with SHA-512.
    Ps512,
    /// ECDSA on P-256 with SHA-256.
    Es256,
    /// ECDSA on P-384 with SHA-384.
    Es384,
    /// ECDSA on P-521 with SHA-512.
    Es512,
    /// EdDSA; only the Ed25519 curve is accepted.
    EdDsa,
}

impl JwsAlg {
    /// Every supported algorithm, in the order `allowed_algs` considers them.
    pub(crate) const ALL: [JwsAlg; 10] = [
        JwsAlg::Rs256,
        JwsAlg::Rs384,
        JwsAlg::Rs512,
        JwsAlg::Ps256,
        JwsAlg::Ps384,
        JwsAlg::Ps512,
        JwsAlg::Es256,
        JwsAlg::Es384,
        JwsAlg::Es512,
        JwsAlg::EdDsa,
    ];

    /// Reads a header or metadata `alg`. Names are case-sensitive (RFC 7515 §4.1.1), but
    /// `none` in any case and every `HS*` are refused by name, as `jwt::decode` does, so that
    /// they are reported as what they are rather than as merely unsupported.
    pub fn parse(s: &str) -> Result<JwsAlg, JwksError> {
        if s.eq_ignore_ascii_case("none") {
            return Err(JwksError::AlgNone);
        }
        if s.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("HS")) {
            return Err(JwksError::SymmetricAlg);
        }
        JwsAlg::ALL
            .into_iter()
            .find(|alg| alg.as_str() == s)
            .ok_or_else(|| JwksError::UnsupportedAlg(s.to_owned()))
    }

    /// The registered name, e.g. `RS256` or `EdDSA`.
    pub fn as_str(self) -> &'static str {
        match self {
            JwsAlg::Rs256 => "RS256",
            JwsAlg::Rs384 => "RS384",
            JwsAlg::Rs512 => "RS512",
            JwsAlg::Ps256 => "PS256",
            JwsAlg::Ps384 => "PS384",
            JwsAlg::Ps512 => "PS512",
            JwsAlg::Es256 => "ES256",
            JwsAlg::Es384 => "ES384",
            JwsAlg::Es512 => "ES512",
            JwsAlg::EdDsa => "EdDSA",
        }
    }

    /// Bits of the SHA-2 hash the algorithm signs with; EdDSA counts as SHA-512, as OIDC
    /// Core's `at_hash` rule requires for Ed25519.
    fn hash_bits(self) -> u16 {
        match self {
            JwsAlg::Rs256 | JwsAlg::Ps256 | JwsAlg::Es256 => 256,
            JwsAlg::Rs384 | JwsAlg::Ps384 | JwsAlg::Es384 => 384,
            JwsAlg::Rs512 | JwsAlg::Ps512 | JwsAlg::Es512 | JwsAlg::EdDsa => 512,
        }
    }
}

/// The algorithms an ID token may be signed with: those the provider advertises in
/// `id_token_signing_alg_values_supported` (absent means `RS256`, the default of Discovery
/// §3) that this client supports, narrowed to `configured` when that is given. `none` and
/// HMAC can never be in the result. Advertised order is kept, without repeats.
pub fn allowed_algs(advertised: Option<&[String]>, configured: Option<&[String]>) -> Vec<JwsAlg> {
    let default = ["RS256".to_owned()];
    let advertised = advertised.unwrap_or(&default);
    let mut allowed = Vec::new();
    for alg in advertised.iter().filter_map(|a| JwsAlg::parse(a).ok()) {
        let configured_ok = configured.is_none_or(|c| c.iter().any(|name| name == alg.as_str()));
        if configured_ok && !allowed.contains(&alg) {
            allowed.push(alg);
        }
    }
    allowed
}

/// What `crypto.subtle.importKey` (format `jwk`) and `crypto.subtle.verify` need for an
/// algorithm (W3C Web Cryptography API §20–§23, and Secure Curves for Ed25519).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebCryptoParams {
    /// `name` of the import algorithm.
    pub import_name: &'static str,
    /// `name` of the verify algorithm.
    pub verify_name: &'static str,
    /// `hash` (import for RSA, verify for ECDSA), e.g. `SHA-256`; none for Ed25519.
    pub hash: Option<&'static str>,
    /// `namedCurve` for ECDSA import.
    pub named_curve: Option<&'static str>,
    /// `saltLength` in bytes for RSA-PSS verify: the hash length, as RFC 7518 §3.5 requires.
    pub salt_length: Option<u32>,
    /// Exact signature length in bytes where it is fixed: JWS ECDSA signatures are raw `r || s`
    /// (RFC 7518 §3.4), the form WebCrypto takes; RSA lengths follow the modulus.
    pub signature_len: Option<usize>,
}

/// The WebCrypto parameters for verifying `alg`.
pub fn webcrypto_params(alg: JwsAlg) -> WebCryptoParams {
    let (name, named_curve, salt_length, signature_len) = match alg {
        JwsAlg::Rs256 | JwsAlg::Rs384 | JwsAlg::Rs512 => ("RSASSA-PKCS1-v1_5", None, None, None),
        JwsAlg::Ps256 | JwsAlg::Ps384 | JwsAlg::Ps512 => {
            ("RSA-PSS", None, Some(u32::from(alg.hash_bits() / 8)), None)
        }
        JwsAlg::Es256 => ("ECDSA", Some("P-256"), None, Some(64)),
        JwsAlg::Es384 => ("ECDSA", Some("P-384"), None, Some(96)),
        JwsAlg::Es512 => ("ECDSA", Some("P-521"), None, Some(132)),
        JwsAlg::EdDsa => ("Ed25519", None, None, Some(64)),
    };
    // Ed25519 hashes internally; WebCrypto takes no `hash` for it.
    let hash = match alg.hash_bits() {
        _ if alg == JwsAlg::EdDsa => None,
        256 => Some("SHA-256"),
        384 => Some("SHA-384"),
        _ => Some("SHA-512"),
    };
    WebCryptoParams {
        import_name: name,
        verify_name: name,
        hash,
        named_curve,
        salt_length,
        signature_len,
    }
}

/// Checks `at_hash` against the access token issued with the ID token: base64url (no padding)
/// of the left half of the token's hash with the ID token algorithm's SHA-2 (OIDC Core
/// §3.1.3.8, §3.2.2.9). Compared in constant time.
pub fn check_at_hash(
    alg: JwsAlg,
    access_token: &AccessToken,
    at_hash: &str,
) -> Result<(), JwksError> {
    let token = access_token.secret().as_bytes();
    let digest = match alg.hash_bits() {
        256 => Sha256::digest(token).to_vec(),
        384 => Sha384::digest(token).to_vec(),
        _ => Sha512::digest(token).to_vec(),
    };
    let expected = URL_SAFE_NO_PAD.encode(&digest[..digest.len() / 2]);
    if constant_time_eq(expected.as_bytes(), at_hash.as_bytes()) {
        Ok(())
    } else {
        Err(JwksError::AtHashMismatch)
    }
}
