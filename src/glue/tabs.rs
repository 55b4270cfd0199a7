//! Coordination between tabs of the same origin: Web Locks (`navigator.locks`) so that one tab
//! refreshes at a time, and a `BroadcastChannel` to share results. Both degrade to single-tab
//! behaviour, with a warning, where the browser lacks them.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{BroadcastChannel, MessageEvent};

fn lock_manager() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// Runs `work` while holding the exclusive Web Lock `name`, shared by every tab of this origin.
/// Without Web Locks, or when the lock request fails, it runs `work` directly: correct for one
/// tab, racy across several.
pub async fn with_lock<T, F, Fut>(name: &str, work: F) -> T
where
    T: 'static,
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = T> + 'static,
{
    let work = Rc::new(RefCell::new(Some(work)));
    let slot: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    if let Some(locks) = lock_manager() {
        let (pending, result) = (Rc::clone(&work), Rc::clone(&slot));
        // The lock is held until the promise returned by this callback settles.
        let callback = Closure::once_into_js(move |_lock: JsValue| -> Promise {
            let work = pending.borrow_mut().take();
            future_to_promise(async move {
                if let Some(work) = work {
                    *result.borrow_mut() = Some(work().await);
                }
                Ok(JsValue::UNDEFINED)
            })
        });
        let request = Reflect::get(&locks, &JsValue::from_str("request"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        let granted = request
            .and_then(|request| {
                request
                    .call2(&locks, &JsValue::from_str(name), &callback)
                    .ok()
            })
            .and_then(|p| p.dyn_into::<Promise>().ok());
        match granted {
            Some(promise) => {
                if let Err(err) = JsFuture::from(promise).await {
                    log::warn!("Web Lock request failed: {err:?}");
                }
            }
            None => log::warn!("Web Lock request refused"),
        }
    } else {
        log::warn!("Web Locks unavailable: tabs may refresh concurrently");
    }
    if let Some(value) = slot.borrow_mut().take() {
        return value;
    }
    let work = work.borrow_mut().take();
    match work {
        Some(work) => work().await,
        // The lock ran the work but it never completed: cannot happen once its promise settled.
        None => unreachable!("locked work settled without a result"),
    }
}

/// A same-origin message bus between tabs carrying JSON text. Holds its listener for the life
/// of the page.
pub struct TabChannel {
    channel: Option<BroadcastChannel>,
}

impl TabChannel {
    /// Opens channel `name`; `on_message` gets every message other tabs post.
    pub fn open(name: &str, on_message: impl Fn(String) + 'static) -> Self {
        let Ok(channel) = BroadcastChannel::new(name) else {
            log::warn!("BroadcastChannel unavailable: other tabs will not follow this one");
            return Self { channel: None };
        };
        let listener = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(text) = event.data().as_string() {
                on_message(text);
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        listener.forget();
        Self {
            channel: Some(channel),
        }
    }

    /// Sends `text` to every other tab (never to this one).
    pub fn post(&self, text: &str) {
        if let Some(channel) = &self.channel {
            if let Err(err) = channel.post_message(&JsValue::from_str(text)) {
                log::warn!("broadcast failed: {err:?}");
            }
        }
    }
}
