//! `/callback`: the auth context completes sign-in at start-up; this page shows progress and then
//! moves on, replacing its own history entry so Back never returns here.

use leptos::prelude::*;
use leptos_router::NavigateOptions;

use crate::app::use_app_navigate;
use crate::auth::use_auth;

/// Shown while the code is exchanged.
#[component]
pub fn Callback() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_app_navigate();

    Effect::new(move |_| {
        if let Some(target) = auth.landing() {
            navigate(
                &target,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    view! { <p class="muted">"Completing sign-in…"</p> }
}
