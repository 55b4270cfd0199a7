//! A hidden iframe that loads a URL and waits for the page it ends on to post its address back
//! (the silent-callback page does that). Only messages from this origin and from that very
//! iframe are accepted.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlIFrameElement, MessageEvent};

/// Why no answer came back.
#[derive(Debug, Clone, thiserror::Error)]
pub enum IframeError {
    /// Nothing was posted within the time allowed.
    #[error("no answer from the iframe in time")]
    Timeout,
    /// The iframe could not be created.
    #[error("the iframe could not be created")]
    Unavailable,
}

/// Loads `url` in a hidden iframe and returns the first string that iframe posts to this window
/// from this origin, or `Timeout` after `timeout_ms`. The iframe is removed either way.
pub async fn post_back(url: &str, timeout_ms: u32) -> Result<String, IframeError> {
    let window = web_sys::window().ok_or(IframeError::Unavailable)?;
    let document = window.document().ok_or(IframeError::Unavailable)?;
    let body = document.body().ok_or(IframeError::Unavailable)?;
    let iframe: HtmlIFrameElement = document
        .create_element("iframe")
        .ok()
        .and_then(|e| e.dyn_into().ok())
        .ok_or(IframeError::Unavailable)?;
    // `hidden` instead of a style attribute: the CSP allows no inline styles.
    let _ = iframe.set_attribute("hidden", "");
    let _ = iframe.set_attribute("title", "silent sign-in");
    let origin = window.location().origin().unwrap_or_default();
    let answer: Rc<RefCell<Option<String>>> = Rc::new(RefCell::new(None));

    let (answer_in, frame) = (Rc::clone(&answer), iframe.clone());
    let mut on_message: Option<Closure<dyn Fn(MessageEvent)>> = None;
    let promise = Promise::new(&mut |resolve, _reject| {
        let (answer_in, frame, origin) = (Rc::clone(&answer_in), frame.clone(), origin.clone());
        let resolve_message = resolve.clone();
        let listener = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let from_frame = match (event.source(), frame.content_window()) {
                (Some(source), Some(own)) => JsValue::from(source) == JsValue::from(own),
                _ => false,
            };
            if event.origin() != origin || !from_frame {
                return;
            }
            if let Some(text) = event.data().as_string() {
                *answer_in.borrow_mut() = Some(text);
                let _ = resolve_message.call0(&JsValue::NULL);
            }
        });
        let _ =
            window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        let delay = i32::try_from(timeout_ms).unwrap_or(i32::MAX);
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay);
        on_message = Some(listener);
    });
    iframe.set_src(url);
    let _ = body.append_child(&iframe);
    let _ = JsFuture::from(promise).await;

    if let (Some(window), Some(listener)) = (web_sys::window(), on_message) {
        let _ = window
            .remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
    }
    iframe.remove();
    let posted = answer.borrow_mut().take();
    posted.ok_or(IframeError::Timeout)
}
