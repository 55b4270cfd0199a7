//! Sign-out: forget the session locally, then RP-initiated logout (OpenID Connect RP-Initiated
//! Logout 1.0 §2) with a `state` that is checked when the provider sends the user back.

use leptos::prelude::*;
use oauth_core::attempt::LogoutAttempt;
use oauth_core::callback::CallbackParams;
use oauth_core::logout::end_session_url;
use oauth_core::secret::State;

use oauth_core::token::revocation_body;

use super::context::{AuthContext, AuthState, Runtime};
use super::failure::AuthFailure;
use super::session::Session;
use super::tabsync;
use crate::glue::{base, clock, dom, http, random, storage};

/// Where the provider sends the user after logout: the app's home page.
pub fn post_logout_redirect_uri() -> String {
    base::app_url("")
}

pub(super) async fn sign_out(ctx: AuthContext) {
    let Some(runtime) = ctx.runtime() else {
        ctx.state.set(AuthState::Anonymous);
        return;
    };
    ctx.stop_lifecycle();
    let session = runtime.store.load().await;
    if let Some(session) = &session {
        revoke(&runtime, session).await;
    }
    runtime.store.clear().await;
    storage::clear_attempts();
    tabsync::announce_signed_out(&ctx);
    log::info!("signed out locally");

    let Some(endpoint) = runtime.metadata.end_session_endpoint.as_deref() else {
        log::info!("the provider has no end_session_endpoint; its session stays");
        ctx.state.set(AuthState::Anonymous);
        return;
    };
    let Ok(bytes) = random::random_32() else {
        log::error!("no secure random source: cannot end the provider session safely");
        ctx.state.set(AuthState::Anonymous);
        return;
    };
    // Loading, not Anonymous, while the browser leaves: a protected page seeing Anonymous
    // would start a new sign-in and race the logout redirect.
    ctx.state.set(AuthState::Loading);
    let state = State::from_random(&bytes);
    let id_token = session.as_ref().and_then(|s| s.tokens.id_token.as_ref());
    let redirect = post_logout_redirect_uri();
    let url = end_session_url(
        endpoint,
        id_token,
        &runtime.config.client_id,
        &redirect,
        &state,
    );
    let mut attempts = storage::load_attempts(clock::now_secs());
    attempts.add_logout(LogoutAttempt {
        state,
        created_at_secs: clock::now_secs(),
    });
    if let Err(err) = storage::save_attempts(&attempts) {
        log::warn!("logout state not stored ({err}); not ending the provider session");
        ctx.state.set(AuthState::Anonymous);
        return;
    }
    log::info!("ending the provider session (RP-initiated logout)");
    dom::leave_for(&url);
}

/// Revokes the refresh token, then the access token (RFC 7009 §2.1), when the provider can. A
/// failure is logged and sign-out goes on: the tokens are forgotten here either way.
async fn revoke(runtime: &Runtime, session: &Session) {
    let Some(endpoint) = runtime.metadata.revocation_endpoint.as_deref() else {
        log::info!("the provider has no revocation endpoint; tokens expire on their own");
        return;
    };
    let tokens = &session.tokens;
    let refresh = tokens
        .refresh_token
        .as_ref()
        .map(|t| (t.secret(), "refresh_token"));
    let access = Some((tokens.access_token.secret(), "access_token"));
    for (token, hint) in [refresh, access].into_iter().flatten() {
        let body = revocation_body(token, hint, &runtime.config.client_id);
        match http::post_form(endpoint, body, runtime.config.http_timeout_ms).await {
            Ok(response) if response.status == 200 => log::info!("{hint} revoked"),
            Ok(response) => log::warn!("{hint} revocation answered HTTP {}", response.status),
            Err(err) => log::warn!("{hint} revocation failed: {}", err.code()),
        }
    }
}

/// On the page the provider returns to after logout: a `state` in the query must match a
/// logout this tab started. A query with no pending logout is left alone.
pub(super) fn check_return() -> Result<(), AuthFailure> {
    let now = clock::now_secs();
    let mut attempts = storage::load_attempts(now);
    if attempts.logout.is_empty() {
        return Ok(());
    }
    let params = CallbackParams::parse(&dom::query());
    let Some(given) = params.state.as_deref() else {
        return Ok(());
    };
    dom::replace_url(&dom::pathname());
    let matched = attempts.take_logout(given);
    let _ = storage::save_attempts(&attempts);
    if matched.is_none() {
        let message = "The sign-out response does not match a sign-out started here.";
        return Err(AuthFailure::new("logout_state_mismatch", message));
    }
    log::info!("provider session ended");
    Ok(())
}
