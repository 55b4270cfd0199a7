//! `/login?return_to=/path`: starts sign-in at once.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use oauth_core::return_to::sanitize_return_to;

use crate::auth::{use_auth, AuthState};

/// Redirects to the provider as soon as the auth context is ready.
#[component]
pub fn Login() -> impl IntoView {
    let auth = use_auth();
    let query = use_query_map();
    let navigate = use_navigate();
    let started = StoredValue::new(false);

    Effect::new(move |_| {
        let state = auth.state();
        if started.get_value() || matches!(state, AuthState::Loading | AuthState::Error(_)) {
            return;
        }
        started.set_value(true);
        let return_to = query
            .with_untracked(|q| q.get("return_to"))
            .unwrap_or_default();
        let return_to = sanitize_return_to(&return_to);
        match state {
            AuthState::Authenticated(_) => navigate(&return_to, Default::default()),
            _ => auth.login(&return_to),
        }
    });

    view! { <p class="muted">"Taking you to your identity provider…"</p> }
}
