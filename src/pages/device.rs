//! `/device`: sign in on another device (OAuth 2.0 Device Authorization Grant, RFC 8628), for
//! browsers without a comfortable keyboard such as TVs and kiosks. The page shows a short code
//! and a QR code, polls the token endpoint while the user approves elsewhere, then moves on to
//! `/profile`.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::NavigateOptions;

use crate::app::use_app_navigate;
use crate::auth::{use_auth, AuthState};
use crate::glue::base::app_path;

mod code_panel;
mod flow;
mod outcome;

use code_panel::CodePanel;
use flow::{Attempts, Step};
use outcome::{DeviceFailure, Unsupported};

/// The device sign-in page.
#[component]
pub fn Device() -> impl IntoView {
    let auth = use_auth();
    // Decided once, when the session is known: the sign-in this page completes itself must not
    // swap the running flow for the "already signed in" note.
    let (signed_in_on_arrival, set_signed_in_on_arrival) = signal(None::<bool>);

    Effect::new(move |_| {
        if signed_in_on_arrival.get_untracked().is_some() {
            return;
        }
        match auth.state() {
            AuthState::Anonymous => set_signed_in_on_arrival.set(Some(false)),
            AuthState::Authenticated(_) => set_signed_in_on_arrival.set(Some(true)),
            AuthState::Loading | AuthState::Error(_) => {}
        }
    });

    view! {
        <section class="device">
            <h1>"Sign in on another device"</h1>
            {move || match signed_in_on_arrival.get() {
                None => view! { <p class="muted">"Checking your session…"</p> }.into_any(),
                Some(true) => view! {
                    <p data-testid="device-already-signed-in">
                        "You are already signed in on this device. "
                        <A href=app_path("profile")>"See your profile"</A>
                    </p>
                }
                .into_any(),
                Some(false) => view! { <DeviceSignIn/> }.into_any(),
            }}
        </section>
    }
}

/// One device flow at a time: starts an attempt at once and again on "Get a new code".
#[component]
fn DeviceSignIn() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_app_navigate();
    let step = RwSignal::new(Step::Requesting);
    let attempts = Attempts::default();
    let start = {
        let attempts = attempts.clone();
        move || {
            let guard = attempts.begin();
            leptos::task::spawn_local(flow::run(auth, guard, step));
        }
    };
    let restart = Callback::new({
        let start = start.clone();
        move |()| start()
    });

    // Leaving the page ends the attempt: the loop checks this before every poll and after
    // every await, so no request is sent for a page nobody is looking at.
    on_cleanup({
        let attempts = attempts.clone();
        move || attempts.leave()
    });
    Effect::new(move |_| {
        if matches!(step.get(), Step::SignedIn) {
            let options = NavigateOptions {
                replace: true,
                ..Default::default()
            };
            navigate(&app_path("profile"), options);
        }
    });
    start();

    view! {
        {move || match step.get() {
            Step::Requesting => view! { <p class="muted">"Asking for a code…"</p> }.into_any(),
            Step::Unsupported => view! { <Unsupported/> }.into_any(),
            Step::Showing(code) => view! { <CodePanel code/> }.into_any(),
            Step::SigningIn | Step::SignedIn => view! {
                <p class="muted" data-testid="device-signing-in">"Approved. Signing you in…"</p>
            }
            .into_any(),
            Step::Failed(failure) => view! { <DeviceFailure failure restart/> }.into_any(),
        }}
    }
}
