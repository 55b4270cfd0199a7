//! The top bar: navigation and the sign-in / sign-out button.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::app::use_app_navigate;
use crate::auth::{use_auth, AuthState};
use crate::glue::base::app_path;

/// Site header with the `login` / `logout` hooks.
#[component]
pub fn Header() -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let navigate = use_app_navigate();
    let sign_in = move |_| auth.login(&location.pathname.get_untracked());
    // Leave protected pages first, so that none of them reacts to the signed-out state.
    let sign_out = move |_| {
        navigate(&app_path(""), Default::default());
        auth.logout();
    };

    view! {
        <header class="site-header">
            <nav>
                <A href=app_path("")>"Home"</A>
                <A href=app_path("profile")>"Profile"</A>
                <A href=app_path("device")>"Device sign-in"</A>
            </nav>
            {move || match auth.state() {
                AuthState::Authenticated(session) => view! {
                    <span class="who">{session.display_name()}</span>
                    <button data-testid="logout" on:click=sign_out.clone()>"Sign out"</button>
                }
                .into_any(),
                AuthState::Anonymous => view! {
                    <button data-testid="login" on:click=sign_in>"Sign in"</button>
                }
                .into_any(),
                _ => ().into_any(),
            }}
        </header>
    }
}
