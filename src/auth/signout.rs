//! Sign-out: forget the session locally, then RP-initiated logout (OpenID Connect RP-Initiated
//! Logout 1.0 §2) with a `state` that is checked when the provider sends the user back.

use leptos::prelude::*;
use oauth_core::attempt::LogoutAttempt;
use oauth_core::callback::CallbackParams;
use oauth_core::logout::end_session_url;
use oauth_core::secret::State;

use super::context::{AuthContext, AuthState};
use super::failure::AuthFailure;
use crate::glue::{clock, dom, random, storage};

/// Where the provider sends the user after logout: the home page of this origin.
pub fn post_logout_redirect_uri() -> String {
    format!("{}/", dom::origin())
}

pub(super) async fn sign_out(ctx: AuthContext) {
    let Some(runtime) = ctx.runtime() else {
        ctx.state.set(AuthState::Anonymous);
        return;
    };
    let session = runtime.store.load().await;
    // Token revocation (RFC 7009) belongs here, before the tokens are forgotten; a failed
    // revocation must not block sign-out.
    runtime.store.clear().await;
    storage::clear_attempts();
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
