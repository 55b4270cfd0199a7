//! A non-error notice from the auth layer (for example a storage fallback).

use leptos::prelude::*;

use crate::auth::use_auth;

/// Shows the auth layer's notice, if any.
#[component]
pub fn Notice() -> impl IntoView {
    let auth = use_auth();

    view! {
        {move || auth.notice().map(|text| view! { <p class="notice" role="status">{text}</p> })}
        {move || {
            auth.session_ended()
                .map(|text| view! { <p class="notice" data-testid="session-ended">{text}</p> })
        }}
    }
}
