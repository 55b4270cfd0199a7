//! The error page: a plain message, the code in `data-testid="auth-error"`, and a way out.

use leptos::prelude::*;

use crate::app::use_app_navigate;
use crate::auth::{use_auth, AuthFailure};
use crate::glue::base::app_path;

/// Shows `failure`. Provider-supplied text is rendered as text, never as HTML.
#[component]
pub fn ErrorPanel(failure: AuthFailure) -> impl IntoView {
    let auth = use_auth();
    let navigate = use_app_navigate();
    let retry = move |_| {
        if auth.is_ready() {
            auth.dismiss_error();
            navigate(&app_path("login"), Default::default());
        } else if let Some(window) = web_sys::window() {
            // Configuration or discovery failed: only a fresh load can fix that.
            let _ = window.location().reload();
        }
    };
    let dismiss = move |_| auth.dismiss_error();

    view! {
        <section class="error-panel" role="alert">
            <h1>"Sign-in problem"</h1>
            <p>{failure.message}</p>
            {failure.detail.map(|detail| view! { <p class="detail">{detail}</p> })}
            <p>"Error code: " <code data-testid="auth-error">{failure.code}</code></p>
            <button data-testid="retry" on:click=retry>"Try again"</button>
            <a href=app_path("") on:click=dismiss>"Home"</a>
        </section>
    }
}
