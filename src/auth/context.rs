//! `AuthContext`: the single reactive handle on the auth lifecycle, provided once by `App`.
//! Read-only signals out (`state`, `landing`, `notice`), commands in (`login`, `logout`, …).

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use oauth_core::config::Config;
use oauth_core::discovery::ProviderMetadata;
use oauth_core::token::TokenSet;

use super::failure::AuthFailure;
use super::session::{Session, TokenStore};
use super::{boot, refresh, signin, signout, tabsync};
use crate::glue::dom;
use crate::glue::tabs::TabChannel;
use crate::glue::timer::Alarm;

/// Where the user stands. Maps one to one onto `<body data-auth-state>`.
#[derive(Debug, Clone)]
pub enum AuthState {
    /// Configuration, discovery, a callback or a restore is still in progress.
    Loading,
    /// Nobody is signed in.
    Anonymous,
    /// Signed in with a verified session.
    Authenticated(Arc<Session>),
    /// Something failed; the error page shows it and offers a retry.
    Error(AuthFailure),
}

impl AuthState {
    /// The value of `<body data-auth-state>`: part of the app's stable contract.
    pub fn as_attr(&self) -> &'static str {
        match self {
            AuthState::Loading => "loading",
            AuthState::Anonymous => "anonymous",
            AuthState::Authenticated(_) => "authenticated",
            AuthState::Error(_) => "error",
        }
    }
}

/// Everything the commands need once booted: validated config, provider metadata, token store.
pub(super) struct Runtime {
    pub config: Config,
    pub metadata: ProviderMetadata,
    pub store: TokenStore,
}

/// The auth context. Cheap to copy; get it with [`use_auth`].
#[derive(Clone, Copy)]
pub struct AuthContext {
    pub(super) state: RwSignal<AuthState>,
    pub(super) landing: RwSignal<Option<String>>,
    pub(super) notice: RwSignal<Option<String>>,
    /// Why the last session ended on its own (refresh rejected), until the next sign-in.
    pub(super) ended: RwSignal<Option<String>>,
    pub(super) runtime: StoredValue<Option<Rc<Runtime>>, LocalStorage>,
    /// Bumped whenever a session starts or ends, so an older refresh loop stops.
    generation: StoredValue<u64>,
    alarm: StoredValue<Alarm, LocalStorage>,
    channel: StoredValue<Option<Rc<TabChannel>>, LocalStorage>,
}

/// Creates the auth context, provides it, and starts booting (config, discovery, callback or
/// restore). Call once, inside the router.
pub fn provide_auth() -> AuthContext {
    let ctx = AuthContext {
        state: RwSignal::new(AuthState::Loading),
        landing: RwSignal::new(None),
        notice: RwSignal::new(None),
        ended: RwSignal::new(None),
        runtime: StoredValue::new_local(None),
        generation: StoredValue::new(0),
        alarm: StoredValue::new_local(Alarm::default()),
        channel: StoredValue::new_local(None),
    };
    ctx.alarm.with_value(Alarm::ring_on_wake);
    provide_context(ctx);
    Effect::new(move |_| dom::set_body_auth_state(ctx.state.with(AuthState::as_attr)));
    spawn_local(boot::boot(ctx));
    ctx
}

/// The auth context provided by `App`.
pub fn use_auth() -> AuthContext {
    expect_context::<AuthContext>()
}

impl AuthContext {
    /// The current state (reactive).
    pub fn state(&self) -> AuthState {
        self.state.get()
    }

    /// The signed-in session, if any (reactive).
    pub fn session(&self) -> Option<Arc<Session>> {
        self.state.with(|s| match s {
            AuthState::Authenticated(session) => Some(session.clone()),
            _ => None,
        })
    }

    /// Where a completed sign-in wants to go (set after a callback; reactive).
    pub fn landing(&self) -> Option<String> {
        self.landing.get()
    }

    /// A notice for the user that is not an error, such as a storage fallback (reactive).
    pub fn notice(&self) -> Option<String> {
        self.notice.get()
    }

    /// Why the last session ended without the user signing out, if it did (reactive).
    pub fn session_ended(&self) -> Option<String> {
        self.ended.get()
    }

    /// Whether booting finished (config and discovery loaded); `login` needs it.
    pub fn is_ready(&self) -> bool {
        self.runtime.with_value(Option::is_some)
    }

    pub(super) fn runtime(&self) -> Option<Rc<Runtime>> {
        self.runtime.get_value()
    }

    pub(super) fn session_untracked(&self) -> Option<Arc<Session>> {
        self.state.with_untracked(|s| match s {
            AuthState::Authenticated(session) => Some(Arc::clone(session)),
            _ => None,
        })
    }

    /// Starts a new lifecycle generation and returns it.
    pub(super) fn next_generation(&self) -> u64 {
        self.generation.update_value(|g| *g += 1);
        self.generation.get_value()
    }

    pub(super) fn generation(&self) -> u64 {
        self.generation.get_value()
    }

    /// Stops the refresh loop of the current session.
    pub(super) fn stop_lifecycle(&self) {
        self.next_generation();
        self.alarm.with_value(Alarm::ring);
    }

    pub(super) fn alarm(&self) -> Alarm {
        self.alarm.get_value()
    }

    pub(super) fn set_channel(&self, channel: TabChannel) {
        self.channel.set_value(Some(Rc::new(channel)));
    }

    pub(super) fn with_channel(&self, f: impl FnOnce(&TabChannel)) {
        if let Some(channel) = self.channel.get_value() {
            f(&channel);
        }
    }

    pub(super) fn fail(&self, failure: AuthFailure) {
        log::warn!("auth failed: {} ({})", failure.code, failure.message);
        self.state.set(AuthState::Error(failure));
    }

    /// Starts sign-in: stores a fresh attempt and leaves for the provider. `return_to` is
    /// sanitised; anything but a same-origin path under the base becomes the base.
    pub fn login(&self, return_to: &str) {
        if let Err(failure) = signin::start(self, return_to) {
            self.fail(failure);
        }
    }

    /// Signs out: forgets the session here, then ends it at the provider when it supports
    /// RP-initiated logout.
    pub fn logout(&self) {
        let ctx = *self;
        spawn_local(async move { signout::sign_out(ctx).await });
    }

    /// Signs the user in with tokens from another grant (the device flow): the ID token is
    /// verified exactly as after a redirect sign-in, without a nonce since none was sent.
    pub async fn adopt_tokens(&self, tokens: TokenSet) -> Result<(), AuthFailure> {
        let Some(runtime) = self.runtime() else {
            return Err(AuthFailure::new(
                "not_ready",
                "Sign-in is not ready yet; try again.",
            ));
        };
        let session = signin::adopt(&runtime, tokens, None).await?;
        tabsync::announce_session(self, &session);
        self.state.set(AuthState::Authenticated(session));
        refresh::start(*self, runtime);
        Ok(())
    }

    /// The provider's metadata and the app's configuration, once booted.
    pub fn provider(&self) -> Option<(ProviderMetadata, Config)> {
        self.runtime()
            .map(|r| (r.metadata.clone(), r.config.clone()))
    }

    /// Leaves the error state so the user can try again.
    pub fn dismiss_error(&self) {
        if matches!(self.state.get_untracked(), AuthState::Error(_)) {
            self.state.set(AuthState::Anonymous);
        }
    }

    /// Calls the provider's userinfo endpoint with the access token: the app's demonstration of
    /// calling a protected API. Returns the claims as a JSON object.
    pub async fn userinfo(
        &self,
    ) -> Result<serde_json::Map<String, serde_json::Value>, AuthFailure> {
        signin::userinfo(self).await
    }
}
