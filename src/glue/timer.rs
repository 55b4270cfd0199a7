//! Timers: an awaitable sleep on `setTimeout`. Long waits are never trusted across sleep or
//! throttling: callers re-check the wall clock after waking (see the refresh driver).

use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Resolves after about `ms` milliseconds (later if the tab is throttled or the machine sleeps).
pub async fn sleep_ms(ms: u32) {
    let promise = Promise::new(&mut |resolve, _reject| {
        let delay = i32::try_from(ms).unwrap_or(i32::MAX);
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay);
        } else {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// A sleep that can be cut short: the refresh driver sleeps on it, and waking events (tab shown,
/// window focused, network back, page restored) ring it so the clock is re-checked at once.
#[derive(Clone, Default)]
pub struct Alarm {
    ring: std::rc::Rc<std::cell::RefCell<Option<js_sys::Function>>>,
}

impl Alarm {
    /// Sleeps about `ms` milliseconds, or until `ring` is called.
    pub async fn sleep(&self, ms: u32) {
        let ring = std::rc::Rc::clone(&self.ring);
        let promise = Promise::new(&mut |resolve, _reject| {
            let delay = i32::try_from(ms).unwrap_or(i32::MAX);
            if let Some(window) = web_sys::window() {
                let _ =
                    window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay);
            }
            *ring.borrow_mut() = Some(resolve);
        });
        let _ = JsFuture::from(promise).await;
    }

    /// Ends the current sleep, if any.
    pub fn ring(&self) {
        if let Some(resolve) = self.ring.borrow_mut().take() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    }

    /// Rings on every event after which a timer may have been late: the tab becoming visible,
    /// focus, the network coming back, and a page restored from the back/forward cache.
    pub fn ring_on_wake(&self) {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let alarm = self.clone();
        let listener = Closure::<dyn Fn()>::new(move || alarm.ring());
        let callback = listener.as_ref().unchecked_ref();
        for event in ["focus", "online", "pageshow"] {
            let _ = window.add_event_listener_with_callback(event, callback);
        }
        if let Some(document) = window.document() {
            let _ = document.add_event_listener_with_callback("visibilitychange", callback);
        }
        listener.forget();
    }
}
