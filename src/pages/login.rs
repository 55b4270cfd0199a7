//! `login?return_to=/path` (under the base): starts sign-in at once.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::app::use_app_navigate;
use crate::auth::{use_auth, AuthState};
use crate::glue::base;

/// Redirects to the provider as soon as the auth context is ready.
#[component]
pub fn Login() -> impl IntoView {
    let auth = use_auth();
    let query = use_query_map();
    let navigate = use_app_navigate();
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
        let return_to = base::safe_return_to(&return_to);
        match state {
            AuthState::Authenticated(_) => navigate(&return_to, Default::default()),
            _ => auth.login(&return_to),
        }
    });

    view! { <p class="muted">"Taking you to your identity provider…"</p> }
}
