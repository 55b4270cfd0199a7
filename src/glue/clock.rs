//! Wall-clock time for the protocol core, which takes `now_secs` as an argument.

/// Seconds since the Unix epoch, from the browser's clock.
pub fn now_secs() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Milliseconds since the page's time origin, for measuring durations.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
