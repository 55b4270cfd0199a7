use super::*;

use serde_json::{json, Value};

fn base() -> Value {
    json!({
        "issuer": "https://idp.example/realms/demo",
        "client_id": "spa",
        "scope": "openid profile email",
        "token_store": "memory",
    })
}

fn with(key: &str, value: Value) -> String {
    let mut config = base();
    config[key] = value;
    config.to_string()
}

fn without(key: &str) -> String {
    let mut config = base();
    config.as_object_mut().unwrap().remove(key);
    config.to_string()
}

#[test]
fn test_minimal_config_gets_defaults() {
    let config = Config::from_json(&base().to_string()).unwrap();
    assert_eq!(
        config,
        Config {
            issuer: "https://idp.example/realms/demo".into(),
            client_id: "spa".into(),
            scope: "openid profile email".into(),
            token_store: TokenStoreKind::Memory,
            prompt: None,
            max_age: None,
            ui_locales: None,
            login_hint: None,
            clock_leeway_secs: 60,
            discovery_ttl_secs: 3600,
            http_timeout_ms: 10_000,
            silent_auth_timeout_ms: 10_000,
            refresh_lead_secs: 60,
            id_token_signing_algs: None,
            csp_connect_origins: Vec::new(),
            session_max_age_secs: 2_592_000,
        }
    );
    assert_eq!(config.clock_leeway_secs, DEFAULT_CLOCK_LEEWAY_SECS);
}

#[test]
fn test_full_config_is_read() {
    let text = json!({
        "issuer": "http://localhost:8080/realms/demo",
        "client_id": "spa",
        "scope": "openid",
        "token_store": "indexeddb",
        "prompt": "login consent",
        "max_age": 300,
        "ui_locales": "fr-CA en",
        "login_hint": "alice@example.com",
        "clock_leeway_secs": 5,
        "discovery_ttl_secs": 0,
        "http_timeout_ms": 2500,
        "silent_auth_timeout_ms": 4000,
        "refresh_lead_secs": 30,
        "session_max_age_secs": 3600,
    })
    .to_string();
    let config = Config::from_json(&text).unwrap();
    assert_eq!(config.token_store, TokenStoreKind::IndexedDb);
    assert_eq!(config.prompt.as_deref(), Some("login consent"));
    assert_eq!(config.max_age, Some(300));
    assert_eq!(config.ui_locales.as_deref(), Some("fr-CA en"));
    assert_eq!(config.login_hint.as_deref(), Some("alice@example.com"));
    assert_eq!(config.clock_leeway_secs, 5);
    assert_eq!(config.discovery_ttl_secs, 0);
    assert_eq!(config.http_timeout_ms, 2500);
    assert_eq!(config.silent_auth_timeout_ms, 4000);
    assert_eq!(config.refresh_lead_secs, 30);
    assert_eq!(config.session_max_age_secs, 3600);
}

#[test]
fn test_null_optional_keys_take_defaults() {
    let config = Config::from_json(&with("prompt", Value::Null)).unwrap();
    assert_eq!(config.prompt, None);
    let config = Config::from_json(&with("http_timeout_ms", Value::Null)).unwrap();
    assert_eq!(config.http_timeout_ms, DEFAULT_HTTP_TIMEOUT_MS);
}

#[test]
fn test_every_prompt_value_is_accepted() {
    for prompt in [
        "none",
        "login",
        "consent",
        "select_account",
        "login select_account",
    ] {
        let config = Config::from_json(&with("prompt", json!(prompt))).unwrap();
        assert_eq!(config.prompt.as_deref(), Some(prompt));
    }
}

#[test]
fn test_invalid_json_is_refused() {
    for text in ["", "not json", "[]", "\"issuer\"", "{\"issuer\": "] {
        let err = Config::from_json(text).unwrap_err();
        assert!(matches!(err, ConfigError::Json(_)), "{text:?}: {err:?}");
    }
}

#[test]
fn test_config_errors_table() {
    use ConfigError::*;
    let bad = |field, reason| InvalidValue { field, reason };
    let cases: Vec<(String, ConfigError)> = vec![
        (without("issuer"), MissingField("issuer")),
        (without("client_id"), MissingField("client_id")),
        (without("scope"), MissingField("scope")),
        (without("token_store"), MissingField("token_store")),
        (with("issuer", Value::Null), MissingField("issuer")),
        (
            with("clientid", json!("spa")),
            UnknownField("clientid".into()),
        ),
        (with("Issuer", json!("x")), UnknownField("Issuer".into())),
        (with("issuer", json!("http://idp.example")), InsecureIssuer),
        (with("issuer", json!("")), InsecureIssuer),
        (
            with("issuer", json!("https://user@idp.example")),
            InsecureIssuer,
        ),
        (with("issuer", json!("idp.example")), InsecureIssuer),
        (with("issuer", json!(42)), bad("issuer", "must be a string")),
        (
            with("issuer", json!("https://idp.example/?tenant=1")),
            bad("issuer", "must not have a query or fragment"),
        ),
        (
            with("issuer", json!("https://idp.example/#x")),
            bad("issuer", "must not have a query or fragment"),
        ),
        (
            with("client_id", json!("")),
            bad("client_id", "must not be empty"),
        ),
        (
            with("client_id", json!(["spa"])),
            bad("client_id", "must be a string"),
        ),
        (with("scope", json!("profile email")), MissingOpenidScope),
        (with("scope", json!("openidprofile")), MissingOpenidScope),
        (with("scope", json!("OpenID")), MissingOpenidScope),
        (
            with("scope", json!("openid  profile")),
            bad("scope", "must be scope tokens separated by single spaces"),
        ),
        (
            with("scope", json!("openid\tprofile")),
            bad("scope", "must be scope tokens separated by single spaces"),
        ),
        (
            with("scope", json!("openid \"x\"")),
            bad("scope", "must be scope tokens separated by single spaces"),
        ),
        (
            with("scope", json!("")),
            bad("scope", "must be scope tokens separated by single spaces"),
        ),
        (
            with("token_store", json!("localStorage")),
            bad("token_store", "must be \"memory\" or \"indexeddb\""),
        ),
        (
            with("token_store", json!("IndexedDB")),
            bad("token_store", "must be \"memory\" or \"indexeddb\""),
        ),
        (
            with("prompt", json!("bogus")),
            bad("prompt", "must be none, login, consent or select_account"),
        ),
        (
            with("prompt", json!("login  consent")),
            bad("prompt", "must be none, login, consent or select_account"),
        ),
        (
            with("prompt", json!("")),
            bad("prompt", "must not be empty"),
        ),
        (
            with("prompt", json!("none login")),
            bad("prompt", "must not combine none with other values"),
        ),
        (
            with("max_age", json!(-1)),
            bad("max_age", "must be a non-negative integer"),
        ),
        (
            with("max_age", json!(1.5)),
            bad("max_age", "must be a non-negative integer"),
        ),
        (
            with("max_age", json!("60")),
            bad("max_age", "must be a non-negative integer"),
        ),
        (
            with("ui_locales", json!("")),
            bad("ui_locales", "must not be empty"),
        ),
        (
            with("login_hint", json!(7)),
            bad("login_hint", "must be a string"),
        ),
        (
            with("clock_leeway_secs", json!("60")),
            bad("clock_leeway_secs", "must be a non-negative integer"),
        ),
        (
            with("discovery_ttl_secs", json!(-5)),
            bad("discovery_ttl_secs", "must be a non-negative integer"),
        ),
        (
            with("http_timeout_ms", json!(0)),
            bad("http_timeout_ms", "must be greater than zero"),
        ),
        (
            with("http_timeout_ms", json!(2_147_483_648u64)),
            bad("http_timeout_ms", "is too large"),
        ),
        (
            with("silent_auth_timeout_ms", json!(0)),
            bad("silent_auth_timeout_ms", "must be greater than zero"),
        ),
        (
            with("session_max_age_secs", json!(0)),
            bad("session_max_age_secs", "must be greater than zero"),
        ),
        (
            with("session_max_age_secs", json!(-1)),
            bad("session_max_age_secs", "must be a non-negative integer"),
        ),
        (
            with("refresh_lead_secs", json!(true)),
            bad("refresh_lead_secs", "must be a non-negative integer"),
        ),
    ];
    for (text, expected) in cases {
        let err = Config::from_json(&text).unwrap_err();
        assert_eq!(err, expected, "{text}");
        assert_eq!(err.code(), "invalid_config");
    }
}

#[test]
fn test_largest_timeout_is_accepted() {
    let config = Config::from_json(&with("http_timeout_ms", json!(2_147_483_647u64))).unwrap();
    assert_eq!(config.http_timeout_ms, 2_147_483_647);
}

#[test]
fn test_error_messages_name_the_field() {
    let err = Config::from_json(&with("tokenstore", json!("memory"))).unwrap_err();
    assert_eq!(err.to_string(), "config has unknown key `tokenstore`");
    let err = Config::from_json(&without("client_id")).unwrap_err();
    assert_eq!(err.to_string(), "config is missing `client_id`");
    let err = Config::from_json(&with("max_age", json!(-1))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "config `max_age` must be a non-negative integer"
    );
}

#[test]
fn test_id_token_signing_algs_narrow_and_refuse_weak_algorithms() {
    let config = Config::from_json(&with("id_token_signing_algs", json!("ES256 RS256"))).unwrap();
    let expected = Some(vec!["ES256".to_owned(), "RS256".to_owned()]);
    assert_eq!(config.id_token_signing_algs, expected);
    assert_eq!(
        Config::from_json(&base().to_string())
            .unwrap()
            .id_token_signing_algs,
        None
    );
    for weak in ["none", "HS256", "RS256 HS512", "XX1", "RS256  ES256"] {
        let err = Config::from_json(&with("id_token_signing_algs", json!(weak))).unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::InvalidValue {
                    field: "id_token_signing_algs",
                    ..
                }
            ),
            "{weak}: {err:?}"
        );
    }
}

#[test]
fn test_csp_connect_origins_are_secure_bare_origins() {
    let list = json!("https://graph.example https://api.example:8443");
    let config = Config::from_json(&with("csp_connect_origins", list)).unwrap();
    assert_eq!(
        config.csp_connect_origins,
        ["https://graph.example", "https://api.example:8443"]
    );
    for bad in [
        "http://graph.example",
        "https://graph.example/",
        "https://graph.example/v1",
        "https://a.example  https://b.example",
        "graph.example",
        "'unsafe-inline'",
        "*",
    ] {
        let err = Config::from_json(&with("csp_connect_origins", json!(bad))).unwrap_err();
        let expected = ConfigError::InvalidValue {
            field: "csp_connect_origins",
            reason: "must list origins such as https://graph.example, separated by single spaces",
        };
        assert_eq!(err, expected, "{bad}");
    }
}
