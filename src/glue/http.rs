//! `fetch` with a timeout, for the provider's endpoints. Bodies come back as text with the
//! status code; the protocol core parses them. Responses are never logged: they hold tokens.

use gloo_net::http::{Request, RequestBuilder};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, RequestCache};

/// A response the core can parse: status and body text.
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Body as text.
    pub body: String,
    /// `Retry-After` in seconds, when the server sent one as a number (429, 503).
    pub retry_after_secs: Option<u64>,
}

/// Why a request produced no response.
#[derive(Debug, Clone, thiserror::Error)]
pub enum HttpError {
    /// No answer within the configured time; retried where retrying is safe.
    #[error("the request timed out")]
    Timeout,
    /// DNS, connection, CORS or TLS failure: the browser reports no detail to scripts.
    #[error("network error: {0}")]
    Network(String),
}

impl HttpError {
    /// Stable error code for the error page.
    pub fn code(&self) -> &'static str {
        match self {
            HttpError::Timeout => "provider_timeout",
            HttpError::Network(_) => "provider_unreachable",
        }
    }
}

/// Aborts the request when dropped after `timeout_ms`, or clears the timer when done first.
struct Deadline {
    controller: AbortController,
    timer: i32,
    _on_timeout: Closure<dyn FnMut()>,
}

impl Deadline {
    fn new(timeout_ms: u32) -> Option<Self> {
        let controller = AbortController::new().ok()?;
        let abort = controller.clone();
        let on_timeout = Closure::<dyn FnMut()>::new(move || abort.abort());
        let timer = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                i32::try_from(timeout_ms).unwrap_or(i32::MAX),
            )
            .ok()?;
        Some(Self {
            controller,
            timer,
            _on_timeout: on_timeout,
        })
    }

    fn fired(&self) -> bool {
        self.controller.signal().aborted()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.timer);
        }
    }
}

async fn send(
    builder: RequestBuilder,
    body: Option<String>,
    timeout_ms: u32,
) -> Result<HttpResponse, HttpError> {
    let deadline = Deadline::new(timeout_ms);
    let builder = builder.abort_signal(deadline.as_ref().map(|d| d.controller.signal()).as_ref());
    let request = match body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|e| HttpError::Network(e.to_string()))?;
    let timed_out = || deadline.as_ref().is_some_and(Deadline::fired);
    let response = match request.send().await {
        Ok(response) => response,
        Err(_) if timed_out() => return Err(HttpError::Timeout),
        Err(err) => return Err(HttpError::Network(err.to_string())),
    };
    let status = response.status();
    let retry_after_secs = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse().ok());
    let body = match response.text().await {
        Ok(body) => body,
        Err(_) if timed_out() => return Err(HttpError::Timeout),
        Err(err) => return Err(HttpError::Network(err.to_string())),
    };
    Ok(HttpResponse {
        status,
        body,
        retry_after_secs,
    })
}

/// `GET` of a same-origin file that `index.html` preloads (`config.json`): default cache mode and
/// CORS mode, so that the browser hands over the preloaded response instead of fetching again.
pub async fn get_preloaded(
    path: &str,
    query: &[(&str, &str)],
    timeout_ms: u32,
) -> Result<HttpResponse, HttpError> {
    // The query goes in as parameters: gloo-net appends `&` to a URL that already has one, and
    // the preload would then not match.
    send(
        Request::get(path).query(query.iter().copied()),
        None,
        timeout_ms,
    )
    .await
}

/// `GET url`, expecting JSON (discovery, JWKS). The browser's HTTP
/// cache is revalidated, never trusted blindly: the app keeps its own TTL caches, and a JWKS
/// refetch after a key rotation must reach the provider even if it sent `max-age`.
pub async fn get(url: &str, timeout_ms: u32) -> Result<HttpResponse, HttpError> {
    let builder = Request::get(url).cache(RequestCache::NoCache);
    send(
        builder.header("Accept", "application/json"),
        None,
        timeout_ms,
    )
    .await
}

/// `GET url` with `Authorization: Bearer` (userinfo, the demo API call).
pub async fn get_with_bearer(
    url: &str,
    access_token: &oauth_core::secret::AccessToken,
    timeout_ms: u32,
) -> Result<HttpResponse, HttpError> {
    let auth = format!("Bearer {}", access_token.secret());
    let builder = Request::get(url)
        .header("Accept", "application/json")
        .header("Authorization", &auth);
    send(builder, None, timeout_ms).await
}

/// `POST url` with an `application/x-www-form-urlencoded` body, as RFC 6749 requires for the
/// token and revocation endpoints (a JSON body is rejected by real servers).
pub async fn post_form(
    url: &str,
    body: String,
    timeout_ms: u32,
) -> Result<HttpResponse, HttpError> {
    let builder = Request::post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json");
    send(builder, Some(body), timeout_ms).await
}
