//! The format of a session kept at rest: AES-256-GCM (NIST SP 800-38D) under a 256-bit data key,
//! in a versioned envelope whose additional authenticated data binds it to one slot, one issuer
//! and one client, plus the rules for when a stored session is too old to use (RFC 9700 §4.14.2
//! on bounding refresh token lifetime).
//!
//! Envelope: `version (1 byte) ‖ nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)`. The version is
//! also inside the additional data, so it cannot be changed without failing the tag. The key and
//! the nonce are arguments: the glue draws a fresh random nonce for every write and keeps the key
//! wrapped by a non-extractable browser key, so nothing here needs randomness or storage.

use crate::claims::IdTokenClaims;
use crate::token::TokenSet;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use serde::{Deserialize, Serialize};

/// The only envelope version this build writes and reads.
pub const RECORD_VERSION: u8 = 1;
/// Length of the data key: AES-256.
pub const KEY_LEN: usize = 32;
/// Length of the nonce: the 96 bits GCM is specified for.
pub const NONCE_LEN: usize = 12;
/// Length of the authentication tag appended to the ciphertext.
pub const TAG_LEN: usize = 16;

/// Domain separation, so that these additional data can never equal another protocol's.
const AAD_LABEL: &[u8] = b"leptos-oauth-spa record";

/// What a record is bound to. A record sealed for one `RecordAad` opens only with an equal one,
/// so copying it to another slot, or serving it to another client or issuer, fails the tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordAad<'a> {
    /// The slot the record lives in (e.g. `session`).
    pub purpose: &'a str,
    /// The issuer the tokens came from.
    pub issuer: &'a str,
    /// The client they were issued to.
    pub client_id: &'a str,
}

impl RecordAad<'_> {
    /// The additional authenticated data of a current-version record.
    pub fn additional_data(&self) -> Vec<u8> {
        self.encode(RECORD_VERSION)
    }

    /// Length-prefixed fields, so that no two different bindings encode to the same bytes
    /// (`("ab", "c")` and `("a", "bc")` differ).
    fn encode(&self, version: u8) -> Vec<u8> {
        let mut out = Vec::with_capacity(AAD_LABEL.len() + 1 + 12 + self.purpose.len());
        out.extend_from_slice(AAD_LABEL);
        out.push(version);
        for field in [self.purpose, self.issuer, self.client_id] {
            // A field of 4 GiB cannot occur in a browser; saturating keeps this total anyway.
            let len = u32::try_from(field.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(field.as_bytes());
        }
        out
    }
}

/// Why a stored record cannot be used. None of the messages carries record content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// Shorter than a version, a nonce and a tag: cut off or not a record at all.
    #[error("stored record is truncated")]
    Truncated,
    /// Written by another version of the app, which this one cannot read.
    #[error("stored record has unknown version {0}")]
    UnknownVersion(u8),
    /// The tag does not verify: the record was altered, sealed under another key, or moved to
    /// another slot, client or issuer.
    #[error("stored record failed authentication")]
    Unauthentic,
    /// Authentic, but its content is not a stored session.
    #[error("stored record content is malformed")]
    Malformed,
}

/// Seals `plaintext` into a version-1 envelope. `nonce` must never repeat under `data_key`.
pub fn seal(
    data_key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    aad: &RecordAad<'_>,
    plaintext: &[u8],
) -> Vec<u8> {
    let cipher = Aes256Gcm::new(&Key::<Aes256Gcm>::from(*data_key));
    let payload = Payload {
        msg: plaintext,
        aad: &aad.additional_data(),
    };
    // Encryption fails only for messages of more than 64 GiB, which a session never is.
    let ciphertext = cipher
        .encrypt(&Nonce::from(*nonce), payload)
        .expect("a session record is far below the GCM length limit");
    let mut envelope = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
    envelope.push(RECORD_VERSION);
    envelope.extend_from_slice(nonce);
    envelope.extend_from_slice(&ciphertext);
    envelope
}

/// Opens an envelope made by [`seal`] with the same key and binding.
pub fn open(
    data_key: &[u8; KEY_LEN],
    aad: &RecordAad<'_>,
    envelope: &[u8],
) -> Result<Vec<u8>, RecordError> {
    let (&version, rest) = envelope.split_first().ok_or(RecordError::Truncated)?;
    if version != RECORD_VERSION {
        return Err(RecordError::UnknownVersion(version));
    }
    if rest.len() < NONCE_LEN + TAG_LEN {
        return Err(RecordError::Truncated);
    }
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| RecordError::Truncated)?;
    let cipher = Aes256Gcm::new(&Key::<Aes256Gcm>::from(*data_key));
    let payload = Payload {
        msg: ciphertext,
        aad: &aad.encode(version),
    };
    cipher
        .decrypt(&Nonce::from(nonce), payload)
        .map_err(|_| RecordError::Unauthentic)
}

/// A signed-in session as it is kept at rest (the plaintext of the `session` slot).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredRecord {
    /// When the session began, in Unix seconds: the user's `auth_time` at the provider when the
    /// ID token has one (so refreshes do not make a session younger), else when it was written.
    pub created_at_secs: u64,
    /// When the refresh token stops working, if the provider said; `None` when unknown.
    #[serde(default)]
    pub refresh_expires_at_secs: Option<u64>,
    /// The tokens.
    pub tokens: TokenSet,
    /// The verified ID-token claims the tokens were issued with.
    pub claims: IdTokenClaims,
}

/// What a stored session is still good for at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordStatus {
    /// The access token is valid (or its lifetime is unknown): use it as it is.
    Usable,
    /// The access token has expired but the refresh token may still work.
    NeedsRefresh,
    /// Too old to use: discard it.
    Expired(Expiry),
}

/// Why a stored session is discarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Expiry {
    /// Older than the configured maximum age (`session_max_age_secs`).
    #[error("older than the maximum session age")]
    MaxAge,
    /// The refresh token's own lifetime is over.
    #[error("the refresh token has expired")]
    RefreshToken,
    /// The access token expired and there is no refresh token to renew it.
    #[error("the access token expired and there is no refresh token")]
    AccessToken,
}

impl StoredRecord {
    /// The record's plaintext: JSON (secrets serialize as their raw values, so it must only
    /// ever be passed to [`seal`]).
    pub fn to_plaintext(&self) -> Vec<u8> {
        serde_json::to_string(self)
            .expect("a stored record always serializes")
            .into_bytes()
    }

    /// Reads the plaintext of an opened record. The error never quotes it: serde's messages
    /// can contain the offending value, and here that value could be a token.
    pub fn from_plaintext(plaintext: &[u8]) -> Result<StoredRecord, RecordError> {
        let text = std::str::from_utf8(plaintext).map_err(|_| RecordError::Malformed)?;
        crate::json::read(text).ok_or(RecordError::Malformed)
    }

    /// Whether the record may still be used at `now_secs`. A clock set back before
    /// `created_at_secs` counts as age zero rather than making the record unusable.
    pub fn status(&self, now_secs: u64, max_age_secs: u64) -> RecordStatus {
        if now_secs.saturating_sub(self.created_at_secs) >= max_age_secs {
            return RecordStatus::Expired(Expiry::MaxAge);
        }
        if self
            .refresh_expires_at_secs
            .is_some_and(|at| now_secs >= at)
        {
            return RecordStatus::Expired(Expiry::RefreshToken);
        }
        match self.tokens.expires_at_secs {
            Some(at) if now_secs >= at => match self.tokens.refresh_token {
                Some(_) => RecordStatus::NeedsRefresh,
                None => RecordStatus::Expired(Expiry::AccessToken),
            },
            _ => RecordStatus::Usable,
        }
    }
}

#[cfg(test)]
mod tests;
