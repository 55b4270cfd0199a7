//! Secret values of the authorization code flow (RFC 6749 §10.3, §10.4, §10.5, §10.12; RFC 7636
//! §7.1; OpenID Connect Core 1.0 §15.5.2) wrapped so that they cannot leak by accident.
//!
//! Each type prints as `Name([redacted])` under `Debug`, has no `Display`, and hands out its value
//! only through the explicitly named `secret()`, so a stray `{:?}` in a log line or an error
//! cannot reveal a token. They serialize transparently because attempts and token sets are
//! stored as JSON by the glue.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use std::fmt;

macro_rules! secret_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value received from the provider or generated locally.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The raw value. Call it only where the value leaves for the provider or storage.
            pub fn secret(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    };
}

secret_newtype!(
    /// An OAuth 2.0 access token (RFC 6749 §1.4), sent as a bearer credential.
    #[derive(Clone)]
    AccessToken
);

secret_newtype!(
    /// An OAuth 2.0 refresh token (RFC 6749 §1.5).
    #[derive(Clone)]
    RefreshToken
);

secret_newtype!(
    /// An OpenID Connect ID token in JWS compact serialization (OIDC Core §2).
    #[derive(Clone)]
    IdToken
);

secret_newtype!(
    /// A single-use authorization code from the redirect (RFC 6749 §4.1.2).
    #[derive(Clone)]
    AuthorizationCode
);

secret_newtype!(
    /// The PKCE `code_verifier` (RFC 7636 §4.1). Deliberately not `Clone`: it should live in
    /// exactly one login attempt and be consumed by exactly one code exchange.
    PkceVerifier
);

secret_newtype!(
    /// The `state` parameter binding a redirect to the browser that started it (RFC 6749 §10.12).
    #[derive(Clone)]
    State
);

secret_newtype!(
    /// The OpenID Connect `nonce` binding an ID token to the attempt (OIDC Core §3.1.2.1).
    #[derive(Clone)]
    Nonce
);

secret_newtype!(
    /// The RFC 8628 §3.2 `device_code`: whoever holds it collects the tokens once the user has
    /// approved the device on another screen.
    #[derive(Clone)]
    DeviceCode
);

impl State {
    /// A fresh `state` made from 32 random bytes (see [`random_value`]).
    pub fn from_random(bytes: &[u8; 32]) -> Self {
        Self(random_value(bytes))
    }

    /// Whether `other` is this `state`, compared in constant time so that a forged callback
    /// cannot learn the value byte by byte from timing.
    pub fn matches(&self, other: &str) -> bool {
        constant_time_eq(self.0.as_bytes(), other.as_bytes())
    }
}

impl Nonce {
    /// A fresh `nonce` made from 32 random bytes (see [`random_value`]).
    pub fn from_random(bytes: &[u8; 32]) -> Self {
        Self(random_value(bytes))
    }

    /// Whether `other` is this `nonce`, compared in constant time.
    pub fn matches(&self, other: &str) -> bool {
        constant_time_eq(self.0.as_bytes(), other.as_bytes())
    }
}

/// Encodes 32 random bytes as base64url without padding: 43 characters carrying 256 bits,
/// well above the 128 bits RFC 6749 §10.10 asks of values an attacker must not guess.
pub fn random_value(bytes: &[u8; 32]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Compares two byte strings without stopping at the first difference. Only the length may
/// leak, which is public anyway (every value this crate makes has 43 characters).
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    // `black_box` keeps the optimizer from turning the fold into an early-exit comparison.
    let diff = a
        .iter()
        .zip(b)
        .fold(0u8, |acc, (x, y)| std::hint::black_box(acc | (x ^ y)));
    diff == 0
}

#[cfg(test)]
mod tests;
