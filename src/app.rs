//! The root component: router, auth context, and the page shell.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::{path, NavigateOptions};

use crate::auth::{provide_auth, AuthState};
use crate::components::{ErrorPanel, Header, Notice};
use crate::glue::base;
use crate::pages::{Callback, Device, Home, Login, NotFound, Profile};

/// The app. Routes are matched below the base path; links and navigations use full paths from
/// `base::app_path`, the same form as `location.pathname` and the stored return-to.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router base=base::router_base()>
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

/// `use_navigate` for full paths from `base::app_path` or a sanitised return-to. The router's
/// own resolution would put the base in front of them a second time.
pub fn use_app_navigate() -> impl Fn(&str, NavigateOptions) + Clone {
    let navigate = use_navigate();
    move |path: &str, options: NavigateOptions| {
        navigate(
            path,
            NavigateOptions {
                resolve: false,
                ..options
            },
        )
    }
}
