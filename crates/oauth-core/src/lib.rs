//! The protocol core of an OAuth 2.0 (RFC 6749) + PKCE (RFC 7636) + OpenID Connect Core 1.0
//! browser client, kept free of browser APIs so that every branch runs in host tests.
//!
//! Nothing here performs I/O, reads the clock or draws random numbers: the current time
//! (`now_secs`, Unix seconds), random bytes (`&[u8; 32]`) and HTTP responses (status and body)
//! are arguments. The browser glue fetches, stores and schedules; this crate decides.
//!
//! Every secret (tokens, authorization code, PKCE verifier, `state`, `nonce`) is a newtype from
//! [`secret`] whose `Debug` output is redacted, and no error message carries one.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod attempt;
pub mod authorize;
pub mod callback;
pub mod claims;
pub mod config;
pub mod config_url;
pub mod device;
pub mod discovery;
pub mod json;
pub mod jwks;
pub mod jwt;
pub mod logout;
pub mod pkce;
pub mod qr;
pub mod record;
pub mod refresh;
pub mod return_to;
pub mod secret;
pub mod token;
pub mod url;

pub use attempt::{Attempts, LoginAttempt, LogoutAttempt};
pub use authorize::AuthorizationRequest;
pub use callback::{validate_callback, CallbackError, CallbackParams};
pub use claims::{check_claims, Audience, ClaimChecks, ClaimsError, IdTokenClaims};
pub use config::{Config, ConfigError, TokenStoreKind};
pub use discovery::{discovery_url, CachedMetadata, DiscoveryError, ProviderMetadata};
pub use jwt::{DecodedJwt, JwtError, JwtHeader};
pub use logout::end_session_url;
pub use pkce::{code_challenge_s256, PkceError};
pub use return_to::sanitize_return_to;
pub use secret::{
    AccessToken, AuthorizationCode, IdToken, Nonce, PkceVerifier, RefreshToken, State,
};
pub use token::{parse_token_response, TokenError, TokenSet};
