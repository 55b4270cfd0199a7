//! What `public/early-start.js` began before the app loaded: it leaves a promise on `window`
//! per task, and the app takes each one over once. Each result is checked here as if the app
//! had made the request itself; anything unexpected means doing it again, the usual way.

use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::http::HttpResponse;

/// Where the script leaves its promise of the config.json response.
const CONFIG_KEY: &str = "__oauthEarlyConfig";
/// Where the script leaves its promise of the IndexedDB connection and read (see
/// `idb::Database::take_early`).
pub const DB_KEY: &str = "__oauthEarlyDb";

/// Removes the promise the script left under `key` and awaits it: `None` when there was none,
/// or it failed, or it resolved to `null`.
pub async fn take(key: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(key);
    let promise = Reflect::get(&window, &key)
        .ok()?
        .dyn_into::<Promise>()
        .ok()?;
    let _ = Reflect::delete_property(&window, &key);
    let value = JsFuture::from(promise).await.ok()?;
    (!value.is_null()).then_some(value)
}

/// A field of an object the script resolved with.
pub fn field(object: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(name)).ok()
}

/// The response to `GET href` the script received, if it fetched exactly `href`.
pub async fn config_response(href: &str) -> Option<HttpResponse> {
    let early = take(CONFIG_KEY).await?;
    if field(&early, "href")?.as_string()? != href {
        return None;
    }
    let status = field(&early, "status")?.as_f64()?;
    Some(HttpResponse {
        status: u16::try_from(status as i64).ok()?,
        body: field(&early, "body")?.as_string()?,
        retry_after_secs: None,
    })
}
