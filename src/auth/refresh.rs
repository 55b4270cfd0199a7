//! Auto-refresh (RFC 6749 §6) before the access token expires, one tab at a time: the schedule
//! and the error decisions are the core's (`oauth_core::refresh`); this drives them with a
//! sleep that wakes early on focus or visibility, a Web Lock, and a broadcast of the result.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use oauth_core::refresh::{classify_refresh_error, refresh_delay_secs, Backoff, RefreshErrorKind};
use oauth_core::token::{parse_token_response, refresh_body, TokenError};

use super::context::{AuthContext, AuthState, Runtime};
use super::failure::AuthFailure;
use super::session::Session;
use super::{id_token, silent, tabsync};
use crate::glue::{clock, http, random, storage, tabs, timer};

/// Longest single sleep: the wall clock is re-read at least this often, so a machine that slept
/// or a throttled tab catches up soon after it runs again.
const MAX_SLEEP_MS: u64 = 30_000;
/// How long to wait for another tab's broadcast once it is known to have rotated the token.
const OTHER_TAB_WAIT_MS: u32 = 3_000;

enum RefreshError {
    /// Worth retrying: network, timeout, 5xx, 429.
    Transient { retry_after_secs: Option<u64> },
    /// The session cannot continue.
    Ended(AuthFailure),
}

/// Starts the refresh loop for the current session, replacing any previous loop.
pub(super) fn start(ctx: AuthContext, runtime: Rc<Runtime>) {
    let generation = ctx.next_generation();
    ctx.ended.set(None);
    leptos::task::spawn_local(run(ctx, runtime, generation));
}

fn random_unit() -> f64 {
    random::random_32().map_or(0.5, |b| {
        f64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])) / f64::from(u32::MAX)
    })
}

async fn run(ctx: AuthContext, runtime: Rc<Runtime>, generation: u64) {
    let alarm = ctx.alarm();
    let mut backoff = Backoff::default();
    while ctx.generation() == generation {
        let Some(session) = ctx.session_untracked() else {
            return;
        };
        let Some(expires_at) = session.tokens.expires_at_secs else {
            log::info!("the access token has no expiry: nothing to refresh");
            return;
        };
        let lead = runtime.config.refresh_lead_secs;
        let delay = refresh_delay_secs(
            expires_at,
            session.tokens.issued_at_secs,
            lead,
            clock::now_secs(),
        );
        if delay > 0 {
            log::debug!("refresh scheduled in {delay} s");
            alarm
                .sleep(delay.saturating_mul(1000).min(MAX_SLEEP_MS) as u32)
                .await;
            continue;
        }
        match refresh_now(ctx, Rc::clone(&runtime), session).await {
            Ok(()) => backoff.reset(),
            Err(RefreshError::Transient { retry_after_secs }) => {
                let wait = backoff.next_delay_ms(random_unit(), retry_after_secs);
                log::warn!("refresh failed for now; retrying in {wait} ms, still signed in");
                alarm.sleep(wait.min(u64::from(u32::MAX)) as u32).await;
            }
            Err(RefreshError::Ended(failure)) => {
                if ctx.generation() == generation {
                    end_session(ctx, &runtime, failure).await;
                }
                return;
            }
        }
    }
}

/// Refreshes a stored session whose access token expired, before the app uses it. A transient
/// failure keeps the stored session (the refresh loop retries); a rejection forgets it.
pub(super) async fn renew_stored(
    ctx: AuthContext,
    runtime: Rc<Runtime>,
    stored: Arc<Session>,
) -> Option<Arc<Session>> {
    log::info!("stored access token expired: refreshing before use");
    match refresh_now(ctx, Rc::clone(&runtime), Arc::clone(&stored)).await {
        Ok(()) => ctx.session_untracked().or(Some(stored)),
        Err(RefreshError::Transient { .. }) => Some(stored),
        Err(RefreshError::Ended(failure)) => {
            log::warn!("stored session could not be renewed: {}", failure.code);
            runtime.store.clear().await;
            None
        }
    }
}

async fn refresh_now(
    ctx: AuthContext,
    runtime: Rc<Runtime>,
    seen: Arc<Session>,
) -> Result<(), RefreshError> {
    let lock = format!(
        "oauth-refresh:{}:{}",
        runtime.config.issuer, runtime.config.client_id
    );
    tabs::with_lock(&lock, move || refresh_locked(ctx, runtime, seen)).await
}

/// Under the lock: re-read, skip if another tab already refreshed, else spend the refresh token.
async fn refresh_locked(
    ctx: AuthContext,
    runtime: Rc<Runtime>,
    seen: Arc<Session>,
) -> Result<(), RefreshError> {
    if adopt_if_changed(&ctx, &runtime, &seen).await {
        return Ok(());
    }
    let Some(refresh_token) = seen.tokens.refresh_token.clone() else {
        log::info!("no refresh token: renewing with silent authentication");
        return renew_silently(ctx, &runtime).await;
    };
    let spent = storage::fingerprint(refresh_token.secret());
    if storage::was_rotated(&spent) {
        return wait_for_other_tab(ctx, &runtime, &seen).await;
    }

    let config = &runtime.config;
    let body = refresh_body(&refresh_token, &config.client_id);
    let response = match http::post_form(
        &runtime.metadata.token_endpoint,
        body,
        config.http_timeout_ms,
    )
    .await
    {
        Ok(response) => response,
        Err(err) => {
            log::warn!("refresh request failed: {}", err.code());
            return Err(RefreshError::Transient {
                retry_after_secs: None,
            });
        }
    };
    let retry_after_secs = response.retry_after_secs;
    match parse_token_response(response.status, &response.body, clock::now_secs()) {
        Ok(fresh) => {
            storage::mark_rotated(&spent);
            let tokens = seen.tokens.refreshed(fresh);
            let same_id_token = tokens.id_token.as_ref().map(|t| t.secret())
                == seen.tokens.id_token.as_ref().map(|t| t.secret());
            let session = if same_id_token {
                Session {
                    tokens,
                    claims: seen.claims.clone(),
                }
            } else {
                id_token::verify_refreshed(&runtime, tokens, &seen.claims)
                    .await
                    .map_err(RefreshError::Ended)?
            };
            let session = Arc::new(session);
            runtime.store.save(&session).await;
            tabsync::announce_session(&ctx, &session);
            log::info!(
                "tokens refreshed; access token valid for {} s",
                valid_for(&session)
            );
            ctx.state.set(AuthState::Authenticated(session));
            Ok(())
        }
        Err(err) => {
            let (status, oauth_error) = match &err {
                TokenError::Provider { status, error, .. } => (*status, Some(error.as_str())),
                TokenError::Http { status } => (*status, None),
                _ => (response.status, None),
            };
            let changed = storage::was_rotated(&spent) || store_changed(&runtime, &seen).await;
            match classify_refresh_error(Some(status), oauth_error, changed) {
                RefreshErrorKind::Transient => Err(RefreshError::Transient { retry_after_secs }),
                RefreshErrorKind::RotatedElsewhere => {
                    wait_for_other_tab(ctx, &runtime, &seen).await
                }
                RefreshErrorKind::Rejected => {
                    log::warn!("refresh rejected by the provider: {}", err.code());
                    Err(RefreshError::Ended(session_ended(err.code())))
                }
            }
        }
    }
}

fn valid_for(session: &Session) -> i64 {
    session
        .tokens
        .expires_at_secs
        .map_or(0, |at| at as i64 - clock::now_secs() as i64)
}

fn session_ended(code: &str) -> AuthFailure {
    AuthFailure::new(
        "session_ended",
        "Your session has ended. Please sign in again.",
    )
    .with_detail(Some(format!("The identity provider answered {code}.")))
}

async fn store_changed(runtime: &Runtime, seen: &Session) -> bool {
    let current = runtime.store.load().await;
    current.is_some_and(|c| c.tokens.access_token.secret() != seen.tokens.access_token.secret())
}

/// Takes over the stored session when another tab refreshed it meanwhile.
async fn adopt_if_changed(ctx: &AuthContext, runtime: &Runtime, seen: &Session) -> bool {
    match runtime.store.load().await {
        Some(current)
            if current.tokens.access_token.secret() != seen.tokens.access_token.secret() =>
        {
            log::info!("another tab already refreshed: using its tokens");
            ctx.state.set(AuthState::Authenticated(current));
            true
        }
        _ => false,
    }
}

/// Another tab spent the refresh token: its broadcast brings the new one. If it never comes (no
/// BroadcastChannel), fall back to silent authentication.
async fn wait_for_other_tab(
    ctx: AuthContext,
    runtime: &Rc<Runtime>,
    seen: &Session,
) -> Result<(), RefreshError> {
    let mut waited = 0;
    while waited < OTHER_TAB_WAIT_MS {
        if adopt_if_changed(&ctx, runtime, seen).await {
            return Ok(());
        }
        timer::sleep_ms(100).await;
        waited += 100;
    }
    log::warn!("another tab rotated the refresh token but its result never arrived");
    renew_silently(ctx, runtime).await
}

async fn renew_silently(ctx: AuthContext, runtime: &Rc<Runtime>) -> Result<(), RefreshError> {
    match silent::authenticate(runtime).await {
        Ok(session) => {
            tabsync::announce_session(&ctx, &session);
            ctx.state.set(AuthState::Authenticated(session));
            Ok(())
        }
        Err(reason) => Err(RefreshError::Ended(session_ended(&reason.code()))),
    }
}

/// A real rejection: forget the session everywhere and tell the user, without an error page.
async fn end_session(ctx: AuthContext, runtime: &Runtime, failure: AuthFailure) {
    runtime.store.clear().await;
    tabsync::announce_signed_out(&ctx);
    ctx.ended.set(Some(failure.message.clone()));
    ctx.state.set(AuthState::Anonymous);
    log::warn!(
        "signed out: {} ({})",
        failure.code,
        failure.detail.unwrap_or_default()
    );
}
