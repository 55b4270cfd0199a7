//! Proof Key for Code Exchange, RFC 7636 §4.1 (verifier) and §4.2 (`S256` challenge).
//!
//! Only `S256` is offered: `plain` would put the verifier itself in the front channel, and
//! RFC 9700 §2.1.1 (OAuth 2.0 Security BCP) asks clients to use `S256`.

use crate::secret::random_value;
/// Re-exported so that the verifier and its challenge can be imported from one place.
pub use crate::secret::PkceVerifier;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Shortest verifier RFC 7636 §4.1 allows.
pub const MIN_VERIFIER_LEN: usize = 43;
/// Longest verifier RFC 7636 §4.1 allows.
pub const MAX_VERIFIER_LEN: usize = 128;

/// Why a stored verifier was refused. The message never repeats the verifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PkceError {
    /// Fewer than 43 or more than 128 characters.
    #[error("PKCE verifier must be 43 to 128 characters long")]
    InvalidLength,
    /// A character outside `A-Z a-z 0-9 - . _ ~`.
    #[error("PKCE verifier contains a character outside [A-Za-z0-9-._~]")]
    InvalidCharacter,
}

impl PkceError {
    /// Stable code shown to the user.
    pub fn code(&self) -> &str {
        "invalid_pkce_verifier"
    }
}

impl PkceVerifier {
    /// A verifier made of 32 random bytes, base64url-encoded to 43 characters (the encoding
    /// RFC 7636 §4.1 recommends, with 256 bits of entropy).
    pub fn from_random(bytes: &[u8; 32]) -> PkceVerifier {
        PkceVerifier::new(random_value(bytes))
    }

    /// Checks a verifier read back from storage against RFC 7636 §4.1 syntax.
    pub fn parse(s: impl AsRef<str>) -> Result<PkceVerifier, PkceError> {
        let s = s.as_ref();
        if !(MIN_VERIFIER_LEN..=MAX_VERIFIER_LEN).contains(&s.len()) {
            return Err(PkceError::InvalidLength);
        }
        let unreserved =
            |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        if !s.bytes().all(unreserved) {
            return Err(PkceError::InvalidCharacter);
        }
        Ok(PkceVerifier::new(s))
    }
}

/// `BASE64URL(SHA256(ASCII(code_verifier)))`, the `S256` code challenge of RFC 7636 §4.2.
pub fn code_challenge_s256(v: &PkceVerifier) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(v.secret().as_bytes()))
}

#[cfg(test)]
mod tests;
