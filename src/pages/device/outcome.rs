//! The ends of a device attempt that are not a session: a provider without the device flow,
//! and a failed attempt with its code and a way to start over.

use leptos::prelude::*;

use crate::auth::{use_auth, AuthFailure};
use crate::glue::base::app_path;

/// The provider does not offer the device flow: say so, and offer the redirect sign-in.
#[component]
pub fn Unsupported() -> impl IntoView {
    let auth = use_auth();

    view! {
        <div class="device-unsupported" data-testid="device-unsupported">
            <p>"Your identity provider does not offer sign-in on another device."</p>
            <button data-testid="device-login" on:click=move |_| auth.login(&app_path("profile"))>
                "Sign in here instead"
            </button>
        </div>
    }
}

/// A failed attempt: a plain message, the stable code in `data-testid="device-error"`, and a
/// button that requests a fresh code. Provider text is rendered as text, never as HTML.
#[component]
pub fn DeviceFailure(failure: AuthFailure, restart: Callback<()>) -> impl IntoView {
    view! {
        <div class="device-failure" role="alert">
            <p>{failure.message}</p>
            {failure.detail.map(|detail| view! { <p class="detail">{detail}</p> })}
            <p>"Error code: " <code data-testid="device-error">{failure.code}</code></p>
            <button data-testid="device-restart" on:click=move |_| restart.run(())>
                "Get a new code"
            </button>
        </div>
    }
}
