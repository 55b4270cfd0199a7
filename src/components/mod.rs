//! Small shared components.

mod error_panel;
mod header;
mod notice;

pub use error_panel::ErrorPanel;
pub use header::Header;
pub use notice::Notice;
