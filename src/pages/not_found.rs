//! Any unknown path.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::glue::base::app_path;

/// The 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section>
            <h1>"Page not found"</h1>
            <p><A href=app_path("")>"Go home"</A></p>
        </section>
    }
}
