//! Silent authentication: an authorization request with `prompt=none` (OIDC Core §3.1.2.1) in a
//! hidden iframe, answered on `silent-callback`, which posts its URL back to this window. Fresh
//! PKCE, state and nonce every time; the answer passes the same checks as a redirect sign-in.

use std::sync::Arc;

use oauth_core::authorize::AuthorizationRequest;
use oauth_core::callback::{validate_callback, CallbackError, CallbackParams};
use oauth_core::pkce::code_challenge_s256;
use oauth_core::secret::{Nonce, PkceVerifier, State};

use super::context::Runtime;
use super::failure::AuthFailure;
use super::session::Session;
use super::signin;
use crate::glue::iframe::{self, IframeError};
use crate::glue::{base, dom, random};

/// Errors the provider uses to say "not without the user" (OIDC Core §3.1.2.6).
const NEEDS_USER: [&str; 4] = [
    "login_required",
    "interaction_required",
    "consent_required",
    "account_selection_required",
];

/// Why silent authentication did not sign anyone in. None of these is shown as an error page.
#[derive(Debug)]
pub(super) enum SilentFailure {
    /// The provider needs the user (no session there, or consent, or a choice of account).
    NeedsUser(String),
    /// No answer in time.
    Timeout,
    /// Anything else: a bad answer, a failed exchange, an invalid ID token.
    Failed(AuthFailure),
}

impl SilentFailure {
    /// A code for logs and for the "session ended" detail.
    pub(super) fn code(&self) -> String {
        match self {
            SilentFailure::NeedsUser(error) => error.clone(),
            SilentFailure::Timeout => "silent_auth_timeout".to_owned(),
            SilentFailure::Failed(failure) => failure.code.clone(),
        }
    }
}

/// Where the iframe is sent back to; registered at the provider beside the callback.
pub fn silent_redirect_uri() -> String {
    base::app_url("silent-callback")
}

fn fresh_random() -> Result<[u8; 32], SilentFailure> {
    random::random_32().map_err(|_| {
        SilentFailure::Failed(AuthFailure::new(
            "no_secure_random",
            "No secure random source.",
        ))
    })
}

/// Tries to sign in without the user's involvement.
pub(super) async fn authenticate(runtime: &Runtime) -> Result<Arc<Session>, SilentFailure> {
    let config = &runtime.config;
    let (state, nonce) = (
        State::from_random(&fresh_random()?),
        Nonce::from_random(&fresh_random()?),
    );
    let verifier = PkceVerifier::from_random(&fresh_random()?);
    let redirect_uri = silent_redirect_uri();
    let challenge = code_challenge_s256(&verifier);
    let url = AuthorizationRequest {
        endpoint: &runtime.metadata.authorization_endpoint,
        client_id: &config.client_id,
        redirect_uri: &redirect_uri,
        scope: &config.scope,
        state: &state,
        nonce: &nonce,
        code_challenge: &challenge,
        prompt: Some("none"),
        max_age: config.max_age,
        ui_locales: config.ui_locales.as_deref(),
        login_hint: config.login_hint.as_deref(),
    }
    .url();

    log::debug!("trying silent authentication");
    let posted = iframe::post_back(&url, config.silent_auth_timeout_ms)
        .await
        .map_err(|e| match e {
            IframeError::Timeout => SilentFailure::Timeout,
            IframeError::Unavailable => SilentFailure::Failed(AuthFailure::new(
                "silent_auth_unavailable",
                "Silent sign-in is not possible in this browser.",
            )),
        })?;
    let Some(query) = posted.strip_prefix(&format!("{redirect_uri}?")) else {
        let failure = AuthFailure::new("silent_auth_invalid", "Unexpected silent sign-in answer.");
        return Err(SilentFailure::Failed(failure));
    };
    let query = query.split('#').next().unwrap_or_default();
    let params = CallbackParams::parse(query);
    let iss_required = runtime
        .metadata
        .authorization_response_iss_parameter_supported;
    let code =
        validate_callback(&params, &state, &config.issuer, iss_required).map_err(
            |err| match &err {
                CallbackError::Provider { error, .. } if NEEDS_USER.contains(&error.as_str()) => {
                    warn_if_cross_site(&config.issuer, error);
                    SilentFailure::NeedsUser(error.clone())
                }
                _ => SilentFailure::Failed(AuthFailure::core(
                    err.code(),
                    "Silent sign-in failed.",
                    &err,
                )),
            },
        )?;
    let tokens = signin::exchange_code(runtime, &code, &redirect_uri, &verifier)
        .await
        .map_err(SilentFailure::Failed)?;
    signin::adopt(runtime, tokens, Some(&nonce))
        .await
        .map_err(SilentFailure::Failed)
}

/// Browsers that block third-party cookies (Safari, Brave, Chrome with the setting, and storage
/// partitioning generally) hide the provider's session from an iframe on another site, so
/// silent authentication always answers `login_required` there. Refresh tokens still work.
fn warn_if_cross_site(issuer: &str, error: &str) {
    let host = |url: &str| {
        url.split("://")
            .nth(1)
            .and_then(|r| r.split(['/', ':']).next())
            .map(str::to_owned)
    };
    if host(issuer) != host(&dom::origin()) {
        log::warn!(
            "silent authentication answered {error}; the provider is on another site, where \
             browsers that block third-party cookies always answer so: refresh tokens are the \
             fallback"
        );
    }
}
