//! Entry point: logging, panic hook, mount.

fn main() {
    console_error_panic_hook::set_once();
    // Debug detail while developing; release builds compile out everything below warn.
    let level = if cfg!(debug_assertions) {
        log::Level::Debug
    } else {
        log::Level::Warn
    };
    let _ = console_log::init_with_level(level);
    leptos::mount::mount_to_body(leptos_oauth_spa::app::App);
}
