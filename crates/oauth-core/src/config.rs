//! The `/config.json` contract, validated once at start-up (RFC 6749 §2.2 client identifier,
//! §3.3 scope syntax; OpenID Connect Core 1.0 §3.1.2.1 `prompt`, `max_age`, `ui_locales`,
//! `login_hint`; OpenID Connect Discovery 1.0 §2 issuer form).
//!
//! The file is parsed by hand rather than with a derived `Deserialize` so that an unknown key
//! is reported by name ([`ConfigError::UnknownField`]): a misspelt optional key would otherwise
//! be ignored silently and the app would run with a default the operator did not choose.

use crate::url::is_secure_url;

use serde_json::{Map, Value};

/// Leeway for `exp`, `iat` and `auth_time` checks when `clock_leeway_secs` is not given.
pub const DEFAULT_CLOCK_LEEWAY_SECS: u64 = 60;
/// How long a cached discovery document is trusted when `discovery_ttl_secs` is not given.
pub const DEFAULT_DISCOVERY_TTL_SECS: u64 = 3600;
/// HTTP request timeout when `http_timeout_ms` is not given.
pub const DEFAULT_HTTP_TIMEOUT_MS: u32 = 10_000;
/// Silent (`prompt=none`) authentication timeout when `silent_auth_timeout_ms` is not given.
pub const DEFAULT_SILENT_AUTH_TIMEOUT_MS: u32 = 10_000;
/// How long before expiry tokens are refreshed when `refresh_lead_secs` is not given.
pub const DEFAULT_REFRESH_LEAD_SECS: u64 = 60;
/// How long a stored session is kept when `session_max_age_secs` is not given: 30 days.
pub const DEFAULT_SESSION_MAX_AGE_SECS: u64 = 30 * 24 * 3600;

const KNOWN_FIELDS: [&str; 16] = [
    "issuer",
    "client_id",
    "scope",
    "token_store",
    "prompt",
    "max_age",
    "ui_locales",
    "login_hint",
    "clock_leeway_secs",
    "discovery_ttl_secs",
    "http_timeout_ms",
    "silent_auth_timeout_ms",
    "refresh_lead_secs",
    "id_token_signing_algs",
    "csp_connect_origins",
    "session_max_age_secs",
];

const PROMPT_VALUES: [&str; 4] = ["none", "login", "consent", "select_account"];

/// Where the token set is kept between page loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenStoreKind {
    /// Only in memory: a reload starts anonymous (or signs in silently).
    Memory,
    /// In IndexedDB, so a session survives reloads and is shared between tabs.
    IndexedDb,
}

/// The validated client configuration. Built only by [`Config::from_json`], so holding one
/// means every value passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Issuer identifier of the provider: secure URL without query or fragment.
    pub issuer: String,
    /// The client identifier registered at the provider (a public client: no secret).
    pub client_id: String,
    /// Space-separated scopes, always including `openid`.
    pub scope: String,
    /// Where tokens are kept.
    pub token_store: TokenStoreKind,
    /// The `prompt` authorization parameter, when set.
    pub prompt: Option<String>,
    /// The `max_age` authorization parameter in seconds, when set.
    pub max_age: Option<u64>,
    /// The `ui_locales` authorization parameter, when set.
    pub ui_locales: Option<String>,
    /// The `login_hint` authorization parameter, when set.
    pub login_hint: Option<String>,
    /// Clock skew tolerated in ID token time checks.
    pub clock_leeway_secs: u64,
    /// How long a cached discovery document is used before it is fetched again.
    pub discovery_ttl_secs: u64,
    /// Timeout of each HTTP request to the provider.
    pub http_timeout_ms: u32,
    /// Timeout of a silent authentication in a hidden iframe.
    pub silent_auth_timeout_ms: u32,
    /// How long before the access token expires it is refreshed.
    pub refresh_lead_secs: u64,
    /// Narrows the ID-token algorithms the provider advertises (space-separated in the JSON,
    /// e.g. `"ES256 RS256"`); `None` accepts every advertised algorithm the app supports.
    pub id_token_signing_algs: Option<Vec<String>>,
    /// Extra origins the deployment's CSP lets the app call (space-separated in the JSON), for
    /// providers whose endpoints live on other origins than the issuer. Read by the header
    /// generator; the app itself only validates it.
    pub csp_connect_origins: Vec<String>,
    /// A session kept at rest (`indexeddb`) that was last written longer ago than this is
    /// discarded on load, whatever its tokens say.
    pub session_max_age_secs: u64,
}

/// Why `/config.json` was refused. Configuration holds no secrets, so messages may quote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The text is not a JSON object.
    #[error("config is not a JSON object: {0}")]
    Json(String),
    /// A required key is absent (or `null`).
    #[error("config is missing `{0}`")]
    MissingField(&'static str),
    /// A key that the app does not know, most likely a typo.
    #[error("config has unknown key `{0}`")]
    UnknownField(String),
    /// `issuer` is not `https://` (or `http://` on loopback).
    #[error("config `issuer` must be an https URL (http only on loopback)")]
    InsecureIssuer,
    /// `scope` lacks `openid`, without which there is no ID token.
    #[error("config `scope` must contain `openid`")]
    MissingOpenidScope,
    /// A value has the wrong type or is out of range.
    #[error("config `{field}` {reason}")]
    InvalidValue {
        /// The key whose value is wrong.
        field: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl ConfigError {
    /// Stable code shown to the user.
    pub fn code(&self) -> &str {
        "invalid_config"
    }
}

impl Config {
    /// Parses and validates the text of `/config.json`.
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        let map: Map<String, Value> = crate::json::parse_object(text).map_err(ConfigError::Json)?;
        if let Some(unknown) = map.keys().find(|k| !KNOWN_FIELDS.contains(&k.as_str())) {
            return Err(ConfigError::UnknownField(unknown.clone()));
        }
        let fields = Fields(&map);

        let issuer = fields.required_str("issuer")?;
        if !is_secure_url(issuer) {
            return Err(ConfigError::InsecureIssuer);
        }
        if issuer.contains(['?', '#']) {
            return Err(invalid("issuer", "must not have a query or fragment"));
        }

        let client_id = fields.required_str("client_id")?;
        if client_id.is_empty() {
            return Err(invalid("client_id", "must not be empty"));
        }

        let scope = fields.required_str("scope")?;
        let is_scope_token = |t: &str| {
            // RFC 6749 §3.3: printable ASCII except space, `"` and `\`.
            !t.is_empty()
                && t.bytes()
                    .all(|b| matches!(b, 0x21 | 0x23..=0x5b | 0x5d..=0x7e))
        };
        if !scope.split(' ').all(is_scope_token) {
            return Err(invalid(
                "scope",
                "must be scope tokens separated by single spaces",
            ));
        }
        if !scope.split(' ').any(|t| t == "openid") {
            return Err(ConfigError::MissingOpenidScope);
        }

        let token_store = match fields.required_str("token_store")? {
            "memory" => TokenStoreKind::Memory,
            "indexeddb" => TokenStoreKind::IndexedDb,
            _ => {
                return Err(invalid(
                    "token_store",
                    "must be \"memory\" or \"indexeddb\"",
                ))
            }
        };

        let prompt = fields.optional_str("prompt")?;
        if let Some(prompt) = prompt {
            let values: Vec<&str> = prompt.split(' ').collect();
            if !values.iter().all(|v| PROMPT_VALUES.contains(v)) {
                return Err(invalid(
                    "prompt",
                    "must be none, login, consent or select_account",
                ));
            }
            // OIDC Core §3.1.2.1: `none` combined with anything else is an error at the provider.
            if values.len() > 1 && values.contains(&"none") {
                return Err(invalid("prompt", "must not combine none with other values"));
            }
        }

        let id_token_signing_algs = match fields.optional_str("id_token_signing_algs")? {
            None => None,
            Some(list) => {
                let algs: Vec<String> = list.split(' ').map(str::to_owned).collect();
                // Refuses `none`, HMAC and unknown names here, not at the first sign-in.
                if algs.iter().any(|a| crate::jwks::JwsAlg::parse(a).is_err()) {
                    return Err(invalid(
                        "id_token_signing_algs",
                        "must list asymmetric JWS algorithms (RS256, PS256, ES256, EdDSA, ...)",
                    ));
                }
                Some(algs)
            }
        };

        let csp_connect_origins: Vec<String> = fields
            .optional_str("csp_connect_origins")?
            .map(|list| list.split(' ').map(str::to_owned).collect())
            .unwrap_or_default();
        // An origin only: scheme, host and port, secure, with nothing after it.
        let is_origin =
            |o: &str| is_secure_url(o) && o.splitn(4, '/').nth(3).is_none_or(str::is_empty);
        if !csp_connect_origins
            .iter()
            .all(|o| is_origin(o) && !o.ends_with('/'))
        {
            return Err(invalid(
                "csp_connect_origins",
                "must list origins such as https://graph.example, separated by single spaces",
            ));
        }

        Ok(Config {
            issuer: issuer.to_owned(),
            client_id: client_id.to_owned(),
            scope: scope.to_owned(),
            token_store,
            prompt: prompt.map(str::to_owned),
            max_age: fields.optional_u64("max_age")?,
            ui_locales: fields.optional_str("ui_locales")?.map(str::to_owned),
            login_hint: fields.optional_str("login_hint")?.map(str::to_owned),
            clock_leeway_secs: fields
                .optional_u64("clock_leeway_secs")?
                .unwrap_or(DEFAULT_CLOCK_LEEWAY_SECS),
            discovery_ttl_secs: fields
                .optional_u64("discovery_ttl_secs")?
                .unwrap_or(DEFAULT_DISCOVERY_TTL_SECS),
            http_timeout_ms: fields.positive_ms("http_timeout_ms", DEFAULT_HTTP_TIMEOUT_MS)?,
            silent_auth_timeout_ms: fields
                .positive_ms("silent_auth_timeout_ms", DEFAULT_SILENT_AUTH_TIMEOUT_MS)?,
            refresh_lead_secs: fields
                .optional_u64("refresh_lead_secs")?
                .unwrap_or(DEFAULT_REFRESH_LEAD_SECS),
            id_token_signing_algs,
            csp_connect_origins,
            session_max_age_secs: fields
                .positive_secs("session_max_age_secs", DEFAULT_SESSION_MAX_AGE_SECS)?,
        })
    }
}

fn invalid(field: &'static str, reason: &'static str) -> ConfigError {
    ConfigError::InvalidValue { field, reason }
}

/// Typed access to the keys; `null` counts as absent so that a template can blank a key out.
struct Fields<'a>(&'a Map<String, Value>);

impl<'a> Fields<'a> {
    fn get(&self, field: &'static str) -> Option<&'a Value> {
        self.0.get(field).filter(|v| !v.is_null())
    }

    fn required_str(&self, field: &'static str) -> Result<&'a str, ConfigError> {
        self.optional_str_allow_empty(field)?
            .ok_or(ConfigError::MissingField(field))
    }

    fn optional_str_allow_empty(
        &self,
        field: &'static str,
    ) -> Result<Option<&'a str>, ConfigError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(invalid(field, "must be a string")),
        }
    }

    /// An optional string parameter; an empty one would be sent as an empty query parameter,
    /// which providers reject, so it is refused here instead.
    fn optional_str(&self, field: &'static str) -> Result<Option<&'a str>, ConfigError> {
        match self.optional_str_allow_empty(field)? {
            Some("") => Err(invalid(field, "must not be empty")),
            other => Ok(other),
        }
    }

    fn optional_u64(&self, field: &'static str) -> Result<Option<u64>, ConfigError> {
        match self.get(field) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or_else(|| invalid(field, "must be a non-negative integer")),
        }
    }

    fn positive_secs(&self, field: &'static str, default: u64) -> Result<u64, ConfigError> {
        match self.optional_u64(field)? {
            None => Ok(default),
            Some(0) => Err(invalid(field, "must be greater than zero")),
            Some(secs) => Ok(secs),
        }
    }

    fn positive_ms(&self, field: &'static str, default: u32) -> Result<u32, ConfigError> {
        match self.optional_u64(field)? {
            None => Ok(default),
            Some(0) => Err(invalid(field, "must be greater than zero")),
            // Browser timers take a signed 32-bit delay; anything longer would fire at once.
            Some(ms) => u32::try_from(ms)
                .ok()
                .filter(|&ms| ms <= i32::MAX as u32)
                .ok_or_else(|| invalid(field, "is too large")),
        }
    }
}

#[cfg(test)]
mod tests;
