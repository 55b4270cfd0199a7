//! Start-up: load `config.json` from beside the app, discover the provider (cached with a TTL),
//! then either complete a callback, check a logout return, or restore a stored session.

use futures_util::future::{self, Either};
use leptos::prelude::*;
use std::rc::Rc;

use oauth_core::config::Config;
use oauth_core::config_url::config_url;
use oauth_core::discovery::{discovery_url, CachedMetadata, ProviderMetadata};

use super::context::{AuthContext, AuthState, Runtime};
use super::failure::AuthFailure;
use super::session::TokenStore;
use super::{id_token, refresh, signin, signout, silent, tabsync};
use crate::glue::vault::Vault;
use crate::glue::{base, clock, dom, early, http, storage, timer};

/// Time allowed for fetching `config.json`, before the configured timeout is known.
const CONFIG_TIMEOUT_MS: u32 = 10_000;
/// Time allowed for the early IndexedDB open and read (a few milliseconds when it works): a
/// browser whose IndexedDB never answers must not keep the app loading. After it the app opens
/// the database itself.
const EARLY_DB_TIMEOUT_MS: u32 = 5_000;

/// `task`'s output, or `None` once `ms` have passed. Only for tasks that hold no Rust closure a
/// browser could still call after the task is dropped (the early-start takeovers).
async fn bounded<T>(ms: u32, task: impl std::future::Future<Output = Option<T>>) -> Option<T> {
    match future::select(Box::pin(task), Box::pin(timer::sleep_ms(ms))).await {
        Either::Left((output, _)) => output,
        Either::Right(_) => {
            log::warn!("an early start-up task did not settle in {ms} ms; doing it again");
            None
        }
    }
}

pub(super) async fn boot(ctx: AuthContext) {
    let started = clock::now_ms();
    let runtime = match load_runtime(&ctx).await {
        Ok(runtime) => Rc::new(runtime),
        Err(failure) => return ctx.fail(failure),
    };
    ctx.runtime.set_value(Some(Rc::clone(&runtime)));
    ctx.set_channel(tabsync::open(ctx, Rc::clone(&runtime)));
    let is_callback = dom::pathname() == base::app_path("callback");
    if !is_callback {
        // Warm the key cache now, so that the callback needs no request but the token POST.
        let runtime = Rc::clone(&runtime);
        leptos::task::spawn_local(async move {
            if let Err(failure) = id_token::jwks(&runtime, false).await {
                log::warn!("JWKS prefetch failed: {}", failure.code);
            }
        });
    }

    let outcome = match is_callback {
        true => signin::complete(&ctx, &runtime).await,
        false => match signout::check_return() {
            Ok(()) => restore(&ctx, &runtime).await,
            Err(failure) => Err(failure),
        },
    };
    match outcome {
        Ok(state) => {
            if let AuthState::Authenticated(session) = &state {
                if is_callback {
                    tabsync::announce_session(&ctx, session);
                }
                refresh::start(ctx, Rc::clone(&runtime));
            }
            log::info!(
                "auth ready: {} in {:.0} ms",
                state.as_attr(),
                clock::now_ms() - started
            );
            ctx.state.set(state);
        }
        Err(failure) => ctx.fail(failure),
    }
}

/// A session from the store, else from another open tab, else from the provider's session by
/// silent authentication; anonymous when none of them has one.
async fn restore(ctx: &AuthContext, runtime: &Rc<Runtime>) -> Result<AuthState, AuthFailure> {
    if let Some(session) = runtime.store.load().await {
        let expired = session
            .tokens
            .expires_at_secs
            .is_some_and(|at| at <= clock::now_secs());
        if !expired {
            return Ok(AuthState::Authenticated(session));
        }
        // A stored session whose access token expired: refresh before showing anything.
        if let Some(session) = refresh::renew_stored(*ctx, Rc::clone(runtime), session).await {
            return Ok(AuthState::Authenticated(session));
        }
    }
    if let Some(session) = tabsync::ask_other_tabs(ctx, runtime).await {
        return Ok(AuthState::Authenticated(session));
    }
    match silent::authenticate(runtime).await {
        Ok(session) => {
            log::info!("signed in silently with the provider's session");
            tabsync::announce_session(ctx, &session);
            Ok(AuthState::Authenticated(session))
        }
        Err(reason) => {
            log::info!(
                "silent authentication: {} (staying anonymous)",
                reason.code()
            );
            Ok(AuthState::Anonymous)
        }
    }
}

async fn load_runtime(ctx: &AuthContext) -> Result<Runtime, AuthFailure> {
    // public/early-start.js has been reading config.json, and on a hint from the last start the
    // stored session, since the page began: both are taken over here, checked as usual.
    let (config, early) = future::join(
        load_config(),
        bounded(EARLY_DB_TIMEOUT_MS, Vault::take_early()),
    )
    .await;
    let config = config?;
    let metadata = discover(&config).await?;
    let store = TokenStore::open(&config, ctx.notice, early).await;
    Ok(Runtime {
        config,
        metadata,
        store,
    })
}

async fn load_config() -> Result<Config, AuthFailure> {
    let unavailable = |detail: String| {
        AuthFailure::new(
            "config_unavailable",
            "The app's configuration could not be loaded.",
        )
        .with_detail(Some(detail))
    };
    let url = config_url(dom::fetch_preload_href().as_deref(), base::base_path());
    let query: Vec<(&str, &str)> = url.version.iter().map(|v| ("v", v.as_str())).collect();
    let path = url.href();
    // On a timeout the app's own request, with its own timeout, says what failed.
    let response = match bounded(CONFIG_TIMEOUT_MS, early::config_response(&path)).await {
        Some(response) => response,
        None => http::get_preloaded(&url.path, &query, CONFIG_TIMEOUT_MS)
            .await
            .map_err(|e| unavailable(e.to_string()))?,
    };
    if response.status != 200 {
        return Err(unavailable(format!(
            "{path} answered HTTP {}",
            response.status
        )));
    }
    let config = Config::from_json(&response.body)
        .map_err(|e| AuthFailure::core(e.code(), "The app's configuration is invalid.", &e))?;
    log::debug!(
        "config loaded: issuer {}, client {}",
        config.issuer,
        config.client_id
    );
    Ok(config)
}

/// Discovery document from the cache when fresh, else from the provider. It is public, so
/// `localStorage` is fine, and caching it saves a round trip on every callback and reload.
async fn discover(config: &Config) -> Result<ProviderMetadata, AuthFailure> {
    let now = clock::now_secs();
    if let Some(cached) = storage::load_discovery(&config.issuer) {
        // Re-validate: the cache is writable by anything on this origin and the config may
        // have changed since it was written.
        let json = serde_json::to_string(&cached.metadata).unwrap_or_default();
        let revalidated = ProviderMetadata::from_json(&json, &config.issuer);
        if let (Ok(metadata), true) = (revalidated, cached.is_fresh(now, config.discovery_ttl_secs))
        {
            log::debug!("discovery from cache");
            return Ok(metadata);
        }
    }
    let url = discovery_url(&config.issuer);
    let response = http::get(&url, config.http_timeout_ms)
        .await
        .map_err(|e| AuthFailure::http(&e, "discovery"))?;
    if response.status != 200 {
        let message = "The identity provider's discovery document could not be loaded.";
        let detail = format!("HTTP {} from {url}", response.status);
        return Err(AuthFailure::new("discovery_failed", message).with_detail(Some(detail)));
    }
    let metadata = ProviderMetadata::from_json(&response.body, &config.issuer).map_err(|e| {
        AuthFailure::core(
            e.code(),
            "The identity provider's discovery document is invalid.",
            &e,
        )
    })?;
    log::info!("discovery fetched from {url}");
    let cached = CachedMetadata {
        fetched_at_secs: now,
        metadata,
    };
    storage::save_discovery(&config.issuer, &cached);
    Ok(cached.metadata)
}
