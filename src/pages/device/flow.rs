//! One attempt of the device flow: request a code (RFC 8628 §3.1), show it, and poll the token
//! endpoint (§3.4) as [`DevicePoller`] says until the user approves, refuses, or the code
//! expires. The decisions are the core's; this module only sends, sleeps and reports.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use oauth_core::config::Config;
use oauth_core::device::{
    device_authorization_body, device_token_body, DeviceAuthorization, DeviceError, DevicePoller,
    PollOutcome,
};
use oauth_core::discovery::ProviderMetadata;

use crate::auth::{AuthContext, AuthFailure};
use crate::glue::{clock, http, timer};

/// The longest single sleep: waking at least this often lets a long wait notice a page that was
/// left, and a clock that jumped (machine sleep, throttled tab), within a second.
const MAX_SLEEP_MS: f64 = 1000.0;

/// What the page shows for the current attempt.
#[derive(Clone)]
pub enum Step {
    /// The device code is being requested.
    Requesting,
    /// The provider's discovery document has no `device_authorization_endpoint`.
    Unsupported,
    /// The code is on screen and the token endpoint is being polled.
    Showing(Arc<ShownCode>),
    /// The user approved; the ID token is being verified.
    SigningIn,
    /// The session is established; the page moves on.
    SignedIn,
    /// The attempt ended without a session; a new one can be started.
    Failed(AuthFailure),
}

/// The public half of a device authorization: everything but the `device_code`.
pub struct ShownCode {
    /// The code the user types at the verification URI.
    pub user_code: String,
    /// Where the user enters the code.
    pub verification_uri: String,
    /// The verification URI with the code in it, for the QR code.
    pub verification_uri_complete: Option<String>,
    /// When the code expires, in Unix seconds.
    pub expires_at_secs: u64,
}

/// The attempts of one page: a new one makes the previous one stale, and leaving the page makes
/// them all stale. Atomics because `on_cleanup` needs a `Send` value.
#[derive(Clone, Default)]
pub struct Attempts {
    left: Arc<AtomicBool>,
    current: Arc<AtomicU32>,
}

impl Attempts {
    /// Starts a new attempt, which supersedes any earlier one.
    pub fn begin(&self) -> AttemptGuard {
        let id = self.current.fetch_add(1, Ordering::Relaxed).wrapping_add(1);
        AttemptGuard {
            attempts: self.clone(),
            id,
        }
    }

    /// The page is gone: every attempt stops at its next check.
    pub fn leave(&self) {
        self.left.store(true, Ordering::Relaxed);
    }
}

/// Tells a running attempt whether it may go on.
pub struct AttemptGuard {
    attempts: Attempts,
    id: u32,
}

impl AttemptGuard {
    fn stopped(&self) -> bool {
        self.attempts.left.load(Ordering::Relaxed)
            || self.attempts.current.load(Ordering::Relaxed) != self.id
    }
}

/// Runs one attempt to its end, reporting each step in `step`. Returns silently, touching
/// nothing, as soon as `guard` says the attempt is stale.
pub async fn run(auth: AuthContext, guard: AttemptGuard, step: RwSignal<Step>) {
    let Some((metadata, config)) = auth.provider() else {
        let failure = AuthFailure::new("not_ready", "Sign-in is not ready yet; try again.");
        return step.set(Step::Failed(failure));
    };
    let Some(endpoint) = metadata.device_authorization_endpoint.clone() else {
        log::warn!("the provider offers no device authorization endpoint");
        return step.set(Step::Unsupported);
    };
    step.set(Step::Requesting);
    let body = device_authorization_body(&config.client_id, &config.scope);
    let response = http::post_form(&endpoint, body, config.http_timeout_ms).await;
    if guard.stopped() {
        return;
    }
    let authorization = match response {
        Err(err) => return step.set(Step::Failed(AuthFailure::http(&err, "device code"))),
        Ok(r) => match DeviceAuthorization::from_response(r.status, &r.body) {
            Ok(authorization) => authorization,
            Err(err) => return step.set(Step::Failed(device_failure(&err))),
        },
    };

    let poller = DevicePoller::new(&authorization, clock::now_secs());
    log::info!(
        "device code issued: expires in {} s, polling every {} s",
        authorization.expires_in_secs,
        authorization.interval_secs
    );
    step.set(Step::Showing(Arc::new(ShownCode {
        user_code: authorization.user_code.clone(),
        verification_uri: authorization.verification_uri.clone(),
        verification_uri_complete: authorization.verification_uri_complete.clone(),
        expires_at_secs: poller.expires_at_secs(),
    })));
    let outcome = poll(&guard, poller, &authorization, &metadata, &config).await;
    match outcome {
        None | Some(PollOutcome::Wait { .. }) => {}
        Some(PollOutcome::Success(tokens)) => {
            log::info!("device sign-in approved");
            step.set(Step::SigningIn);
            let adopted = auth.adopt_tokens(tokens).await;
            if guard.stopped() {
                return;
            }
            match adopted {
                Ok(()) => step.set(Step::SignedIn),
                Err(failure) => step.set(Step::Failed(failure)),
            }
        }
        Some(other) => {
            let err = other.error().unwrap_or(DeviceError::Expired);
            log::warn!("device sign-in ended: {}", err.code());
            step.set(Step::Failed(device_failure(&err)));
        }
    }
}

/// Polls until a terminal outcome, or `None` once the attempt is stale. Success is terminal,
/// so no poll ever follows it.
async fn poll(
    guard: &AttemptGuard,
    mut poller: DevicePoller,
    authorization: &DeviceAuthorization,
    metadata: &ProviderMetadata,
    config: &Config,
) -> Option<PollOutcome> {
    loop {
        if !sleep_until(poller.next_poll_at_secs(), guard).await {
            return None;
        }
        let body = device_token_body(&authorization.device_code, &config.client_id);
        let response =
            http::post_form(&metadata.token_endpoint, body, config.http_timeout_ms).await;
        if guard.stopped() {
            return None;
        }
        let now_secs = clock::now_secs();
        let outcome = match response {
            Ok(r) => poller.on_response(r.status, &r.body, now_secs),
            Err(err) => {
                log::warn!("device poll failed ({}); backing off", err.code());
                poller.on_network_error(now_secs)
            }
        };
        match outcome {
            PollOutcome::Wait { next_poll_at_secs } => {
                let wait = next_poll_at_secs.saturating_sub(now_secs);
                log::debug!("device sign-in still pending; next poll in {wait} s");
            }
            terminal => return Some(terminal),
        }
    }
}

/// Sleeps until the wall clock reaches `at_secs`, in short steps that re-read the clock, so a
/// throttled or suspended timer cannot delay a poll by more than a step after waking. `false`
/// when the attempt became stale meanwhile.
async fn sleep_until(at_secs: u64, guard: &AttemptGuard) -> bool {
    let at_ms = at_secs as f64 * 1000.0;
    loop {
        if guard.stopped() {
            return false;
        }
        let remaining_ms = at_ms - clock::now_ms();
        if remaining_ms <= 0.0 {
            return true;
        }
        timer::sleep_ms(remaining_ms.min(MAX_SLEEP_MS).ceil() as u32).await;
    }
}

/// The failure shown for a device flow error; its code is the stable `DeviceError::code`.
fn device_failure(err: &DeviceError) -> AuthFailure {
    let message = match err {
        DeviceError::AccessDenied => "The sign-in was refused on the other device.",
        DeviceError::Expired => "The code expired before it was used.",
        DeviceError::Provider { .. } => "The identity provider ended the device sign-in.",
        DeviceError::InvalidResponse(_) | DeviceError::InsecureVerificationUri(_) => {
            "The identity provider sent an answer this app cannot use."
        }
    };
    let detail = match err {
        DeviceError::AccessDenied | DeviceError::Expired => None,
        DeviceError::Provider { description, .. } => description.clone(),
        other => Some(other.to_string()),
    };
    AuthFailure::new(err.code(), message).with_detail(detail)
}
