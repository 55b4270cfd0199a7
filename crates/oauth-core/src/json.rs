//! The one way this crate and the app read JSON: text to a `serde_json::Value`, then, where a
//! typed value is wanted, `Value` to that type.
//!
//! Why one way: every `Deserialize` impl is compiled once per deserializer type it meets.
//! Reading some documents straight from text, others from bytes and others from a borrowed
//! `Value` compiled the larger impls (ID-token claims, token sets, discovery) three or four
//! times over, about 30 KB of wasm. Going through an owned `Value` costs a copy of documents
//! of a few kilobytes, which is nothing beside a network round trip.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Parses `text` as JSON. The error names only the position: serde_json's own message could
/// quote part of the text, which may hold a token.
pub fn parse(text: &str) -> Result<Value, String> {
    serde_json::from_str(text)
        .map_err(|e| format!("not JSON (line {}, column {})", e.line(), e.column()))
}

/// Parses `text`, which must be a JSON object.
pub fn parse_object(text: &str) -> Result<Map<String, Value>, String> {
    match parse(text)? {
        Value::Object(map) => Ok(map),
        _ => Err("not a JSON object".to_owned()),
    }
}

/// Reads `value` as a `T`; `None` when it is not one. No error detail on purpose: serde's type
/// errors quote the offending value, and here that value could be a secret.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Option<T> {
    serde_json::from_value(value).ok()
}

/// Parses `text` and reads it as a `T`; `None` when it is not JSON or not a `T`.
pub fn read<T: DeserializeOwned>(text: &str) -> Option<T> {
    from_value(parse(text).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_position_never_the_text() {
        let err = parse(r#"{"access_token": "SECRET-abc"#).unwrap_err();
        assert!(err.starts_with("not JSON (line 1"), "{err}");
        assert!(!err.contains("SECRET"), "{err}");
        assert_eq!(parse_object("[1]").unwrap_err(), "not a JSON object");
    }

    #[test]
    fn typed_reads_fail_quietly_on_the_wrong_shape() {
        assert_eq!(read::<Vec<u8>>("[1, 2]"), Some(vec![1, 2]));
        assert_eq!(read::<Vec<u8>>(r#"["SECRET"]"#), None);
        assert_eq!(read::<Vec<u8>>("not json"), None);
        assert!(from_value::<u8>(Value::String("SECRET".into())).is_none());
    }
}
