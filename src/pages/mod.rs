//! One file per route.

mod callback;
mod home;
mod login;
mod not_found;
mod profile;

pub use callback::Callback;
pub use home::Home;
pub use login::Login;
pub use not_found::NotFound;
pub use profile::Profile;
