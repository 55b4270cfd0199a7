//! `/`: says whether you are signed in.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::{use_auth, AuthState};
use crate::glue::base::app_path;

/// The home page.
#[component]
pub fn Home() -> impl IntoView {
    let auth = use_auth();

    view! {
        <section class="home">
            <h1>"Leptos OAuth reference app"</h1>
            {move || match auth.state() {
                AuthState::Authenticated(session) => view! {
                    <p>"Signed in as " <strong>{session.display_name()}</strong> "."</p>
                    <p><A href=app_path("profile")>"See your profile"</A></p>
                }
                .into_any(),
                AuthState::Anonymous => view! {
                    <p>
                        "You are not signed in. Use “Sign in” to continue at your identity "
                        "provider."
                    </p>
                }
                .into_any(),
                _ => view! { <p class="muted">"Checking your session…"</p> }.into_any(),
            }}
        </section>
    }
}
