//! `/profile` (protected): the ID token's claims and a live userinfo call with the access token.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use oauth_core::url::append_query;

use crate::app::use_app_navigate;
use crate::auth::{use_auth, AuthState, Session};
use crate::glue::base::app_path;

/// Sends anonymous visitors to sign in, and brings them back here afterwards.
#[component]
pub fn Profile() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_app_navigate();

    Effect::new(move |_| {
        // After a session ended on its own, stay and let the notice explain why, instead of
        // sending the user to the provider without a word.
        if matches!(auth.state(), AuthState::Anonymous) && auth.session_ended().is_none() {
            let options = NavigateOptions {
                replace: true,
                ..Default::default()
            };
            let here = app_path("profile");
            navigate(
                &append_query(&app_path("login"), &[("return_to", &here)]),
                options,
            );
        }
    });

    view! {
        {move || match auth.session() {
            Some(session) => view! { <ProfileCard session/> }.into_any(),
            None if auth.session_ended().is_some() => {
                view! { <p>"Sign in again to see your profile."</p> }.into_any()
            }
            None => view! { <p class="muted">"Checking your session…"</p> }.into_any(),
        }}
    }
}

/// The signed-in user's identity and the API call's result.
#[component]
fn ProfileCard(session: Arc<Session>) -> impl IntoView {
    let auth = use_auth();
    let userinfo = LocalResource::new(move || async move { auth.userinfo().await });
    let claims = &session.claims;
    let text = |value: Option<String>| value.unwrap_or_else(|| "—".to_owned());

    view! {
        <section class="profile">
            <h1>"Your profile"</h1>
            <dl>
                <dt>"Subject (sub)"</dt>
                <dd data-testid="user-sub">{claims.sub.clone().unwrap_or_default()}</dd>
                <dt>"Name"</dt>
                <dd data-testid="user-name">{text(claims.name.clone())}</dd>
                <dt>"Email"</dt>
                <dd data-testid="user-email">{text(claims.email.clone())}</dd>
            </dl>
            <h2>"Userinfo (called with your access token)"</h2>
            {move || match userinfo.get() {
                None => view! { <p class="muted">"Calling the userinfo endpoint…"</p> }.into_any(),
                Some(Ok(claims)) => {
                    let pretty = serde_json::to_string_pretty(&claims).unwrap_or_default();
                    view! { <pre data-testid="userinfo">{pretty}</pre> }.into_any()
                }
                Some(Err(failure)) => view! {
                    <p class="error" data-testid="userinfo-error">
                        {failure.message} " (" {failure.code} ")"
                    </p>
                }
                .into_any(),
            }}
        </section>
    }
}
