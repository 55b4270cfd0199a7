//! The auth layer: one Leptos context that owns the whole sign-in lifecycle. Pages read its
//! signals and call its commands; they never touch tokens, storage or the provider directly.

mod boot;
mod context;
mod failure;
mod id_token;
mod refresh;
mod session;
mod signin;
mod signout;
mod silent;
mod tabsync;

pub use context::{provide_auth, use_auth, AuthContext, AuthState};
pub use failure::AuthFailure;
pub use session::Session;
pub use silent::silent_redirect_uri;
