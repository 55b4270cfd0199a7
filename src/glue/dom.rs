//! Small DOM helpers: the page's location, history and the `<body data-auth-state>` hook.

use wasm_bindgen::JsValue;

fn window() -> web_sys::Window {
    web_sys::window().expect("the app runs in a browser window")
}

/// `location.origin`, e.g. `http://127.0.0.1:8080`: redirect URIs are built from it.
pub fn origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// `location.pathname`.
pub fn pathname() -> String {
    window().location().pathname().unwrap_or_default()
}

/// `location.search` without the leading `?`.
pub fn query() -> String {
    let search = window().location().search().unwrap_or_default();
    search.trim_start_matches('?').to_owned()
}

/// The `href` attribute, as written, of the page's first `<link rel="preload" as="fetch">`.
pub fn fetch_preload_href() -> Option<String> {
    let document = window().document()?;
    let link = document
        .query_selector(r#"link[rel="preload"][as="fetch"]"#)
        .ok()??;
    link.get_attribute("href")
}

/// Replaces the current history entry's URL without navigating, so a used authorization code
/// or state never stays in the address bar or in history.
pub fn replace_url(path: &str) {
    let history = window().history();
    if let Ok(history) = history {
        if let Err(err) = history.replace_state_with_url(&JsValue::NULL, "", Some(path)) {
            log::warn!("history.replaceState failed: {err:?}");
        }
    }
}

/// Leaves the app for `url` (the provider) without adding the current page to history, so Back
/// does not come back to a page that immediately redirects again.
pub fn leave_for(url: &str) {
    if let Err(err) = window().location().replace(url) {
        log::error!("navigation to the provider failed: {err:?}");
    }
}

/// Sets `<body data-auth-state>`: tests and tools read the auth state from it.
pub fn set_body_auth_state(value: &str) {
    if let Some(body) = window().document().and_then(|d| d.body()) {
        let _ = body.set_attribute("data-auth-state", value);
    }
}
