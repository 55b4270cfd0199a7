//! The root component: router, auth context, and the page shell.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::auth::{provide_auth, AuthState};
use crate::components::{ErrorPanel, Header, Notice};
use crate::pages::{Callback, Device, Home, Login, NotFound, Profile};

/// The app.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Shell/>
        </Router>
    }
}

/// Everything inside the router, where the auth context can navigate.
#[component]
fn Shell() -> impl IntoView {
    let auth = provide_auth();
    let failure = move || match auth.state() {
        AuthState::Error(failure) => Some(failure),
        _ => None,
    };

    view! {
        <Header/>
        <Notice/>
        <main>
            {move || failure().map(|failure| view! { <ErrorPanel failure/> })}
            <div hidden=move || failure().is_some()>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/login") view=Login/>
                    <Route path=path!("/callback") view=Callback/>
                    <Route path=path!("/profile") view=Profile/>
                    <Route path=path!("/device") view=Device/>
                </Routes>
            </div>
        </main>
    }
}
