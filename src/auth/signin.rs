//! Sign-in: the authorization redirect (RFC 6749 §4.1 with PKCE, RFC 7636), the callback with
//! state and `iss` checks (RFC 9207), the code exchange and ID-token checks (OIDC Core §3.1.3).

use std::sync::Arc;

use leptos::prelude::*;
use oauth_core::attempt::LoginAttempt;
use oauth_core::authorize::AuthorizationRequest;
use oauth_core::callback::{validate_callback, CallbackError, CallbackParams};
use oauth_core::pkce::code_challenge_s256;
use oauth_core::secret::{AuthorizationCode, Nonce, PkceVerifier, State};
use oauth_core::token::{code_exchange_body, parse_token_response, TokenSet};

use super::context::{AuthContext, AuthState, Runtime};
use super::failure::AuthFailure;
use super::id_token;
use super::session::Session;
use crate::glue::{base, clock, dom, http, random, storage};

/// The redirect target registered at the provider: always built from this page's origin and
/// the build's base path, never from the current page.
pub fn redirect_uri() -> String {
    base::app_url("callback")
}

fn random_32() -> Result<[u8; 32], AuthFailure> {
    random::random_32().map_err(|e| {
        AuthFailure::new(
            "no_secure_random",
            "This browser cannot generate secure random values.",
        )
        .with_detail(Some(e.to_string()))
    })
}

pub(super) fn start(ctx: &AuthContext, return_to: &str) -> Result<(), AuthFailure> {
    let Some(runtime) = ctx.runtime() else {
        return Err(AuthFailure::new(
            "not_ready",
            "Sign-in is not ready yet; try again.",
        ));
    };
    let now = clock::now_secs();
    let attempt = LoginAttempt {
        state: State::from_random(&random_32()?),
        nonce: Nonce::from_random(&random_32()?),
        verifier: PkceVerifier::from_random(&random_32()?),
        return_to: base::safe_return_to(return_to),
        redirect_uri: redirect_uri(),
        created_at_secs: now,
    };
    let config = &runtime.config;
    let challenge = code_challenge_s256(&attempt.verifier);
    let url = AuthorizationRequest {
        endpoint: &runtime.metadata.authorization_endpoint,
        client_id: &config.client_id,
        redirect_uri: &attempt.redirect_uri,
        scope: &config.scope,
        state: &attempt.state,
        nonce: &attempt.nonce,
        code_challenge: &challenge,
        prompt: config.prompt.as_deref(),
        max_age: config.max_age,
        ui_locales: config.ui_locales.as_deref(),
        login_hint: config.login_hint.as_deref(),
    }
    .url();

    let mut attempts = storage::load_attempts(now);
    attempts.add_login(attempt);
    storage::save_attempts(&attempts).map_err(|e| {
        AuthFailure::new(
            "storage_unavailable",
            "This browser blocked session storage.",
        )
        .with_detail(Some(e))
    })?;
    log::info!("redirecting to the provider to sign in");
    dom::leave_for(&url);
    Ok(())
}

/// Completes the callback route. The query is removed from the address bar first, whatever
/// happens, so neither a reload nor Back can submit the same response again.
pub(super) async fn complete(
    ctx: &AuthContext,
    runtime: &Runtime,
) -> Result<AuthState, AuthFailure> {
    let params = CallbackParams::parse(&dom::query());
    dom::replace_url(&base::app_path("callback"));
    if !params.is_auth_response() {
        log::info!("callback without a response (reload or Back): going home");
        ctx.landing.set(Some(base::app_path("")));
        return Ok(runtime
            .store
            .load()
            .await
            .map_or(AuthState::Anonymous, AuthState::Authenticated));
    }

    let now = clock::now_secs();
    let mut attempts = storage::load_attempts(now);
    let given_state = params.state.clone().unwrap_or_default();
    let Some(attempt) = attempts.take_login(&given_state) else {
        if storage::was_state_used(&given_state) {
            log::info!("callback replayed for an already used state: ignoring it");
            ctx.landing.set(Some(base::app_path("")));
            let restored = runtime.store.load().await;
            return Ok(restored.map_or(AuthState::Anonymous, AuthState::Authenticated));
        }
        let err = CallbackError::NoAttempt;
        return Err(AuthFailure::core(
            err.code(),
            "The sign-in response does not match a sign-in started here.",
            &err,
        ));
    };
    let _ = storage::save_attempts(&attempts);
    storage::remember_used_state(attempt.state.secret());

    let issuer = &runtime.config.issuer;
    let iss_required = runtime
        .metadata
        .authorization_response_iss_parameter_supported;
    let code = validate_callback(&params, &attempt.state, issuer, iss_required)
        .map_err(callback_failure)?;

    let tokens = exchange_code(runtime, &code, &attempt.redirect_uri, &attempt.verifier).await?;
    let session = adopt(runtime, tokens, Some(&attempt.nonce)).await?;
    ctx.landing.set(Some(attempt.return_to));
    Ok(AuthState::Authenticated(session))
}

/// Exchanges an authorization code for tokens (RFC 6749 §4.1.3, RFC 7636 §4.5).
pub(super) async fn exchange_code(
    runtime: &Runtime,
    code: &AuthorizationCode,
    redirect_uri: &str,
    verifier: &PkceVerifier,
) -> Result<TokenSet, AuthFailure> {
    let started = clock::now_ms();
    let config = &runtime.config;
    let body = code_exchange_body(code, redirect_uri, &config.client_id, verifier);
    let response = http::post_form(
        &runtime.metadata.token_endpoint,
        body,
        config.http_timeout_ms,
    )
    .await
    .map_err(|e| AuthFailure::http(&e, "token exchange"))?;
    let tokens =
        parse_token_response(response.status, &response.body, clock::now_secs()).map_err(|e| {
            let message = "The identity provider refused to complete the sign-in.";
            AuthFailure::core(e.code(), message, &e)
        })?;
    log::info!("code exchanged in {:.0} ms", clock::now_ms() - started);
    Ok(tokens)
}

/// Verifies the ID token of a fresh token response, stores the session and returns it. Every
/// grant that signs a user in (code, device) goes through here.
pub(super) async fn adopt(
    runtime: &Runtime,
    tokens: TokenSet,
    nonce: Option<&Nonce>,
) -> Result<Arc<Session>, AuthFailure> {
    let session = Arc::new(id_token::verify(runtime, tokens, nonce).await?);
    runtime.store.save(&session).await;
    log::info!(
        "signed in; access token expires in {} s",
        expires_in(&session.tokens)
    );
    Ok(session)
}

fn callback_failure(err: CallbackError) -> AuthFailure {
    let failure = |message: &str| AuthFailure::core(err.code(), message, &err);
    match &err {
        CallbackError::Provider { description, .. } => {
            AuthFailure::new(err.code(), "The identity provider did not sign you in.")
                .with_detail(description.clone())
        }
        CallbackError::IssuerMismatch | CallbackError::MissingIssuer => {
            failure("The sign-in response came from an unexpected identity provider.")
        }
        _ => failure("The sign-in response does not match a sign-in started here."),
    }
}

fn expires_in(tokens: &TokenSet) -> i64 {
    tokens
        .expires_at_secs
        .map_or(0, |at| at as i64 - clock::now_secs() as i64)
}

/// Userinfo with the access token; its `sub` must equal the ID token's (OIDC Core §5.3.2).
pub(super) async fn userinfo(
    ctx: &AuthContext,
) -> Result<serde_json::Map<String, serde_json::Value>, AuthFailure> {
    let (Some(runtime), Some(session)) = (ctx.runtime(), ctx.session()) else {
        return Err(AuthFailure::new(
            "not_signed_in",
            "Sign in to call the API.",
        ));
    };
    let Some(url) = runtime.metadata.userinfo_endpoint.as_deref() else {
        return Err(AuthFailure::new(
            "no_userinfo_endpoint",
            "The provider has no userinfo endpoint.",
        ));
    };
    let response = http::get_with_bearer(
        url,
        &session.tokens.access_token,
        runtime.config.http_timeout_ms,
    )
    .await
    .map_err(|e| AuthFailure::http(&e, "userinfo"))?;
    if response.status != 200 {
        let message = format!("The userinfo call failed with HTTP {}.", response.status);
        return Err(AuthFailure::new(
            format!("userinfo_http_{}", response.status),
            message,
        ));
    }
    let claims = oauth_core::json::parse_object(&response.body).map_err(|_| {
        AuthFailure::new(
            "userinfo_invalid",
            "The userinfo response is not a JSON object.",
        )
    })?;
    if claims.get("sub").and_then(|s| s.as_str()) != Some(session.sub()) {
        return Err(AuthFailure::new(
            "userinfo_sub_mismatch",
            "The userinfo response is for another user.",
        ));
    }
    Ok(claims)
}
