//! One file per route.

mod callback;
mod device;
mod home;
mod login;
mod not_found;
mod profile;

pub use callback::Callback;
pub use device::Device;
pub use home::Home;
pub use login::Login;
pub use not_found::NotFound;
pub use profile::Profile;
