//! Thin browser glue: every call into `web_sys`, `fetch` and Web Storage lives here, so the
//! protocol core stays pure and the UI stays declarative. Nothing here knows about pages.

pub mod base;
pub mod clock;
pub mod dom;
pub mod early;
pub mod http;
pub mod idb;
pub mod iframe;
pub mod keys;
pub mod random;
pub mod storage;
pub mod tabs;
pub mod timer;
pub mod vault;
pub mod webcrypto;
