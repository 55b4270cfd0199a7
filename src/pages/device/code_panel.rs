//! The code on screen: the user code, where to enter it, a QR code of the complete
//! verification URI (RFC 8628 §3.3.1), and the time left.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use oauth_core::qr::qr_svg;

use super::flow::ShownCode;
use crate::glue::clock;

/// What the user needs to approve this device elsewhere.
#[component]
pub fn CodePanel(code: Arc<ShownCode>) -> impl IntoView {
    let qr = code.verification_uri_complete.as_deref().and_then(|uri| {
        qr_svg(uri)
            .inspect_err(|err| log::warn!("no QR code: {}", err.code()))
            .ok()
    });
    let href = code.verification_uri.clone();

    view! {
        <div class="device-code">
            <p>"On your phone or computer, go to"</p>
            // A new tab, so that following the link on this device does not leave the page
            // and stop the polling.
            <a
                class="verification-uri"
                data-testid="verification-uri"
                href=href
                target="_blank"
                rel="noopener noreferrer"
            >
                {code.verification_uri.clone()}
            </a>
            <p>"and enter this code:"</p>
            <p class="user-code" data-testid="user-code">{code.user_code.clone()}</p>
            {qr.map(|svg| view! {
                <p>"Or scan this code to open the page with the code filled in:"</p>
                // The SVG is drawn by `qr_svg` from numbers only; no provider text is in it.
                <div class="qr-code" data-testid="device-qr" inner_html=svg></div>
            })}
            <Countdown expires_at_secs=code.expires_at_secs/>
            <p class="muted">"This page signs you in as soon as you approve."</p>
        </div>
    }
}

/// Time left until the code expires, as `m:ss`, updated every second.
#[component]
fn Countdown(expires_at_secs: u64) -> impl IntoView {
    let (now_secs, set_now_secs) = signal(clock::now_secs());
    let ticker = set_interval_with_handle(
        move || set_now_secs.set(clock::now_secs()),
        Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(handle) = ticker {
            handle.clear();
        }
    });
    let left = move || format_left(expires_at_secs.saturating_sub(now_secs.get()));

    view! {
        <p class="countdown">
            "The code expires in " <span data-testid="device-countdown">{left}</span> "."
        </p>
    }
}

fn format_left(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}
