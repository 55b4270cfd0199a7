//! The reference OAuth 2.0 + PKCE single-page app: browser glue, the auth context, and the UI.
//! The protocol itself lives in the `oauth-core` crate, which never touches browser APIs.
#![forbid(unsafe_code)]

pub mod app;
pub mod auth;
pub mod components;
pub mod glue;
pub mod pages;
