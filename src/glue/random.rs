//! Cryptographically secure random bytes (`crypto.getRandomValues` through `getrandom`).

/// 32 fresh random bytes: 256 bits for a PKCE verifier, a state or a nonce.
///
/// A browser without WebCrypto cannot do OAuth safely, so failing here is a hard error.
pub fn random_32() -> Result<[u8; 32], getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes)
}
