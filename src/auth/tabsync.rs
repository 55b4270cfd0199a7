//! Keeps tabs in step: a sign-in, a refresh or a sign-out in one tab reaches the others through a
//! `BroadcastChannel`, so tabs that hold tokens only in memory stay current.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use oauth_core::claims::IdTokenClaims;
use oauth_core::json;
use oauth_core::token::TokenSet;
use serde::Serialize;

use super::context::{AuthContext, AuthState, Runtime};
use super::refresh;
use super::session::Session;
use crate::glue::tabs::TabChannel;

/// What tabs tell each other. Same-origin only, never logged. Written with serde, read by
/// [`decode`].
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum TabMessage {
    /// A tab signed in or refreshed: here is the current session.
    Session {
        tokens: Box<TokenSet>,
        claims: Box<IdTokenClaims>,
    },
    /// A tab signed out.
    SignedOut,
    /// A tab starting without a session asks whether another one has it.
    Hello,
}

/// How long a starting tab waits for another tab to share its session.
const HELLO_WAIT_MS: u32 = 150;

/// Asks open tabs for their session; the answer arrives as a `Session` message, which `apply`
/// stores. Returns it if one came in time.
pub(super) async fn ask_other_tabs(ctx: &AuthContext, runtime: &Runtime) -> Option<Arc<Session>> {
    let text = serde_json::to_string(&TabMessage::Hello).ok()?;
    let mut asked = false;
    ctx.with_channel(|channel| {
        channel.post(&text);
        asked = true;
    });
    if !asked {
        return None;
    }
    crate::glue::timer::sleep_ms(HELLO_WAIT_MS).await;
    let session = runtime.store.load().await;
    if session.is_some() {
        log::info!("session shared by another tab");
    }
    session
}

/// Opens the channel and applies what other tabs announce.
pub(super) fn open(ctx: AuthContext, runtime: Rc<Runtime>) -> TabChannel {
    let channel_name = format!(
        "oauth-spa:{}:{}",
        runtime.config.issuer, runtime.config.client_id
    );
    TabChannel::open(&channel_name, move |text| {
        let Some(message) = decode(&text) else {
            log::warn!("ignoring an unreadable message from another tab");
            return;
        };
        let runtime = Rc::clone(&runtime);
        leptos::task::spawn_local(async move { apply(ctx, &runtime, message).await });
    })
}

async fn apply(ctx: AuthContext, runtime: &Rc<Runtime>, message: TabMessage) {
    match message {
        TabMessage::Session { tokens, claims } => {
            let session = Arc::new(Session {
                tokens: *tokens,
                claims: *claims,
            });
            runtime.store.save(&session).await;
            let was_signed_in = matches!(ctx.state.get_untracked(), AuthState::Authenticated(_));
            ctx.state.set(AuthState::Authenticated(session));
            log::info!("session updated by another tab");
            if !was_signed_in {
                refresh::start(ctx, Rc::clone(runtime));
            }
        }
        TabMessage::Hello => {
            if let Some(session) = ctx.session_untracked() {
                announce_session(&ctx, &session);
            }
        }
        TabMessage::SignedOut => {
            runtime.store.clear().await;
            ctx.stop_lifecycle();
            if !matches!(ctx.state.get_untracked(), AuthState::Error(_)) {
                ctx.state.set(AuthState::Anonymous);
            }
            log::info!("signed out by another tab");
        }
    }
}

/// Reads a message. By hand rather than derived: a derived internally tagged enum reads its
/// fields through serde's buffering deserializer, which compiled the token-set and claims
/// readers a second time (about 17 KB of wasm); this way they are the ones every read uses.
fn decode(text: &str) -> Option<TabMessage> {
    let mut message = json::parse_object(text).ok()?;
    match message.get("type")?.as_str()? {
        "session" => Some(TabMessage::Session {
            tokens: json::from_value(message.remove("tokens")?)?,
            claims: json::from_value(message.remove("claims")?)?,
        }),
        "signed_out" => Some(TabMessage::SignedOut),
        "hello" => Some(TabMessage::Hello),
        _ => None,
    }
}

/// Tells the other tabs about `session`.
pub(super) fn announce_session(ctx: &AuthContext, session: &Session) {
    let message = TabMessage::Session {
        tokens: Box::new(session.tokens.clone()),
        claims: Box::new(session.claims.clone()),
    };
    if let Ok(text) = serde_json::to_string(&message) {
        ctx.with_channel(|channel| channel.post(&text));
    }
}

/// Tells the other tabs that this one signed out.
pub(super) fn announce_signed_out(ctx: &AuthContext) {
    if let Ok(text) = serde_json::to_string(&TabMessage::SignedOut) {
        ctx.with_channel(|channel| channel.post(&text));
    }
}
