use super::*;

use serde_json::{json, Value};

mod poller;

const DEVICE_CODE: &str = "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS";

fn response() -> Value {
    json!({
        "device_code": DEVICE_CODE,
        "user_code": "WDJB-MJHT",
        "verification_uri": "https://idp.example/device",
        "verification_uri_complete": "https://idp.example/device?user_code=WDJB-MJHT",
        "expires_in": 1800,
        "interval": 7,
    })
}

/// The response with the keys of `patch` replaced (`null` removes a member).
fn with(patch: Value) -> String {
    let mut body = response();
    for (key, value) in patch.as_object().unwrap() {
        body[key] = value.clone();
    }
    body.to_string()
}

fn invalid(what: &str) -> DeviceError {
    DeviceError::InvalidResponse(what.to_owned())
}

#[test]
fn test_device_authorization_body_is_exact() {
    assert_eq!(
        device_authorization_body("my client", "openid profile offline_access"),
        "client_id=my+client&scope=openid+profile+offline_access"
    );
}

#[test]
fn test_device_token_body_is_exact() {
    let body = device_token_body(&DeviceCode::new("a+b/c=&d"), "spa");
    assert_eq!(
        body,
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code\
         &device_code=a%2Bb%2Fc%3D%26d&client_id=spa"
    );
}

#[test]
fn test_full_response_is_read() {
    let auth = DeviceAuthorization::from_response(200, &response().to_string()).unwrap();
    assert_eq!(auth.device_code.secret(), DEVICE_CODE);
    assert_eq!(auth.user_code, "WDJB-MJHT");
    assert_eq!(auth.verification_uri, "https://idp.example/device");
    assert_eq!(
        auth.verification_uri_complete.as_deref(),
        Some("https://idp.example/device?user_code=WDJB-MJHT")
    );
    assert_eq!(auth.expires_in_secs, 1800);
    assert_eq!(auth.interval_secs, 7);
}

#[test]
fn test_interval_table() {
    let cases = [
        (json!(null), DEFAULT_INTERVAL_SECS),
        (json!(5), 5),
        (json!(12), 12),
        (json!(2.9), 2),
        // a zero interval would have the glue poll in a busy loop
        (json!(0), MIN_INTERVAL_SECS),
    ];
    for (interval, expected) in cases {
        let body = with(json!({ "interval": interval }));
        let auth = DeviceAuthorization::from_response(200, &body).unwrap();
        assert_eq!(auth.interval_secs, expected, "{interval}");
    }
}

#[test]
fn test_optional_complete_uri_may_be_absent() {
    let body = with(json!({ "verification_uri_complete": null }));
    let auth = DeviceAuthorization::from_response(200, &body).unwrap();
    assert_eq!(auth.verification_uri_complete, None);
}

#[test]
fn test_invalid_response_table() {
    let cases = [
        (json!({ "device_code": null }), "`device_code` is missing"),
        (json!({ "device_code": "" }), "`device_code` is missing"),
        (
            json!({ "device_code": 42 }),
            "`device_code` must be a string",
        ),
        (json!({ "user_code": null }), "`user_code` is missing"),
        (
            json!({ "verification_uri": null }),
            "`verification_uri` is missing",
        ),
        (json!({ "expires_in": null }), "`expires_in` is missing"),
        (
            json!({ "expires_in": "1800" }),
            "`expires_in` must be a number",
        ),
        (
            json!({ "expires_in": -1 }),
            "`expires_in` must not be negative",
        ),
        (json!({ "expires_in": 0 }), "`expires_in` must be positive"),
        (json!({ "interval": "5" }), "`interval` must be a number"),
    ];
    for (patch, message) in cases {
        let err = DeviceAuthorization::from_response(200, &with(patch.clone())).unwrap_err();
        assert_eq!(err, invalid(message), "{patch}");
        assert_eq!(err.code(), "device_invalid_response");
    }
}

#[test]
fn test_insecure_verification_uris_are_refused() {
    let cases = [
        ("verification_uri", "http://idp.example/device"),
        ("verification_uri", "javascript:alert(1)"),
        ("verification_uri", "https://user@evil.example/device"),
        ("verification_uri_complete", "http://idp.example/device?c=1"),
        (
            "verification_uri_complete",
            "https://idp.example/device ?c=1",
        ),
    ];
    for (field, uri) in cases {
        let err =
            DeviceAuthorization::from_response(200, &with(json!({ field: uri }))).unwrap_err();
        assert_eq!(err, DeviceError::InsecureVerificationUri(field), "{uri}");
        assert_eq!(err.code(), "device_invalid_response");
    }
    let loopback = with(json!({ "verification_uri": "http://localhost:8080/device" }));
    assert!(DeviceAuthorization::from_response(200, &loopback).is_ok());
}

#[test]
fn test_provider_error_is_kept() {
    let body = json!({ "error": "invalid_client", "error_description": "Unknown client" });
    for status in [400, 401, 200] {
        let err = DeviceAuthorization::from_response(status, &body.to_string()).unwrap_err();
        let expected = DeviceError::Provider {
            error: "invalid_client".into(),
            description: Some("Unknown client".into()),
        };
        assert_eq!(err, expected, "HTTP {status}");
        assert_eq!(err.code(), "invalid_client");
    }
}

#[test]
fn test_non_json_and_non_oauth_bodies() {
    let cases = [
        (
            502,
            "<html>Bad Gateway</html>",
            "HTTP 502 without an OAuth error",
        ),
        (
            404,
            r#"{"message":"no"}"#,
            "HTTP 404 without an OAuth error",
        ),
        (200, "[1, 2]", "the body is not a JSON object"),
        (
            200,
            "{\"device_code\": ",
            "the body is not JSON (line 1, column 16)",
        ),
    ];
    for (status, body, message) in cases {
        let err = DeviceAuthorization::from_response(status, body).unwrap_err();
        assert_eq!(err, invalid(message), "{body}");
    }
}

#[test]
fn test_messages_never_echo_the_device_code() {
    let bodies = [
        format!(r#"{{"device_code": "{DEVICE_CODE}", "user_code": 7}}"#),
        format!(r#"{{"device_code": "{DEVICE_CODE}"#),
        format!(r#"{{"device_code": ["{DEVICE_CODE}"]}}"#),
    ];
    for body in bodies {
        let err = DeviceAuthorization::from_response(200, &body).unwrap_err();
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains(&DEVICE_CODE[..8]), "{text}");
        }
    }
}

#[test]
fn test_device_code_debug_is_redacted() {
    let auth = DeviceAuthorization::from_response(200, &response().to_string()).unwrap();
    assert_eq!(format!("{:?}", auth.device_code), "DeviceCode([redacted])");
    let debug = format!("{auth:?}");
    let chars: Vec<char> = DEVICE_CODE.chars().collect();
    for window in chars.windows(4) {
        let slice: String = window.iter().collect();
        assert!(!debug.contains(&slice), "{debug} leaks {slice}");
    }
}

#[test]
fn test_authorization_round_trips_through_json() {
    let auth = DeviceAuthorization::from_response(200, &response().to_string()).unwrap();
    let stored = serde_json::to_string(&auth).unwrap();
    let back: DeviceAuthorization = serde_json::from_str(&stored).unwrap();
    assert_eq!(back.device_code.secret(), DEVICE_CODE);
    assert_eq!(back.interval_secs, 7);
}

#[test]
fn test_error_codes() {
    let cases = [
        (DeviceError::AccessDenied, "device_access_denied"),
        (DeviceError::Expired, "device_expired"),
        (invalid("x"), "device_invalid_response"),
        (
            DeviceError::InsecureVerificationUri("verification_uri"),
            "device_invalid_response",
        ),
        (
            DeviceError::Provider {
                error: "unauthorized_client".into(),
                description: None,
            },
            "unauthorized_client",
        ),
    ];
    for (err, code) in cases {
        assert_eq!(err.code(), code, "{err:?}");
    }
}
