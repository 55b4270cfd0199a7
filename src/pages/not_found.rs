//! Any unknown path.

use leptos::prelude::*;
use leptos_router::components::A;

/// The 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section>
            <h1>"Page not found"</h1>
            <p><A href="/">"Go home"</A></p>
        </section>
    }
}
