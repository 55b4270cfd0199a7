//! The URL path the app is served under (`/` at the root of its origin, or a sub-path such as
//! `/app/`), fixed at build time: `scripts/build.sh` sets `APP_BASE_PATH` to the same value it
//! gives Trunk as `--public-url`. Every in-app path and redirect URI is built here, so that none
//! of them can disagree with where the files are.
//!
//! Not read from `document.baseURI`: the CSP has `base-uri 'none'` and a `<base>` element
//! injected into the page must not be able to move the redirect URIs.

use oauth_core::return_to::{is_valid_base_path, sanitize_return_to};

use super::dom;

const BASE_PATH: &str = match option_env!("APP_BASE_PATH") {
    Some(path) if !path.is_empty() => path,
    _ => "/",
};

const _: () = assert!(
    is_valid_base_path(BASE_PATH),
    "APP_BASE_PATH must start and end with `/` and hold only unreserved URL characters"
);

/// The base path, with both slashes: `/` or `/app/`.
pub fn base_path() -> &'static str {
    BASE_PATH
}

/// The base as the router wants it, without the trailing slash: `""` or `/app`.
pub fn router_base() -> &'static str {
    BASE_PATH.trim_end_matches('/')
}

/// The absolute path of `route` under the base: `app_path("callback")` is `/app/callback`,
/// `app_path("")` is the base itself.
pub fn app_path(route: &str) -> String {
    format!("{BASE_PATH}{route}")
}

/// The full URL of `route` on this origin, as registered at the provider.
pub fn app_url(route: &str) -> String {
    format!("{}{}", dom::origin(), app_path(route))
}

/// `input` if it is a safe place to return to after sign-in, else the base (see
/// [`sanitize_return_to`]).
pub fn safe_return_to(input: &str) -> String {
    sanitize_return_to(input, BASE_PATH)
}
