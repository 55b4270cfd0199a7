//! OAuth 2.0 Device Authorization Grant (RFC 8628): the device authorization request and
//! response (§3.1, §3.2), the token request (§3.4) and the polling rules of §3.5.
//!
//! Responses are read field by field from a `serde_json::Value`, as in [`crate::token`], so
//! that no error message can quote the `device_code`. The polling itself is the pure state
//! machine [`DevicePoller`]: the glue performs the requests and sleeps until the time it names.

use crate::secret::DeviceCode;
use crate::token::form;
use crate::url::is_secure_url;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

mod poller;

pub use poller::{DevicePoller, PollOutcome};

/// The `grant_type` of the device token request (RFC 8628 §3.4).
pub const DEVICE_CODE_GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// The polling interval when the provider names none (RFC 8628 §3.2).
pub const DEFAULT_INTERVAL_SECS: u64 = 5;
/// A provider's `interval` is raised to at least this, so that `0` cannot make a busy loop.
pub const MIN_INTERVAL_SECS: u64 = 1;

/// The answer of the device authorization endpoint (RFC 8628 §3.2).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceAuthorization {
    /// The code this client polls with; secret.
    pub device_code: DeviceCode,
    /// The short code the user types at the verification URI.
    pub user_code: String,
    /// Where the user goes to enter `user_code`; `https://` (or loopback `http://`).
    pub verification_uri: String,
    /// The verification URI with the user code already in it, for a link or QR code.
    pub verification_uri_complete: Option<String>,
    /// How long the codes stay valid, in seconds from the response.
    pub expires_in_secs: u64,
    /// The minimum time between polls, in seconds.
    pub interval_secs: u64,
}

/// Why the device flow stopped. No message contains the `device_code` or a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceError {
    /// An OAuth error response (RFC 6749 §5.2, RFC 8628 §3.5) that ends the flow, kept
    /// verbatim.
    #[error("device flow endpoint returned `{error}`")]
    Provider {
        /// The provider's `error` code, e.g. `invalid_client`.
        error: String,
        /// The provider's `error_description`.
        description: Option<String>,
    },
    /// A response that is not what RFC 8628 describes; the text names the field, position or
    /// HTTP status, never a value.
    #[error("device flow response is invalid: {0}")]
    InvalidResponse(String),
    /// A verification URI that is not `https://` (or `http://` on loopback); the field is named.
    /// Showing it would send the user to type their code into an unprotected page.
    #[error("device authorization response has an insecure or malformed `{0}`")]
    InsecureVerificationUri(&'static str),
    /// The user refused the request (`access_denied`, RFC 8628 §3.5).
    #[error("the request was denied on the other device")]
    AccessDenied,
    /// The device code expired before the user approved (`expired_token`, RFC 8628 §3.5).
    #[error("the device code expired")]
    Expired,
}

impl DeviceError {
    /// Stable code shown to the user: the provider's `error`, or a `device_` code.
    pub fn code(&self) -> &str {
        match self {
            DeviceError::Provider { error, .. } => error,
            DeviceError::InvalidResponse(_) | DeviceError::InsecureVerificationUri(_) => {
                "device_invalid_response"
            }
            DeviceError::AccessDenied => "device_access_denied",
            DeviceError::Expired => "device_expired",
        }
    }
}

/// The form body of the device authorization request (RFC 8628 §3.1).
pub fn device_authorization_body(client_id: &str, scope: &str) -> String {
    form(&[("client_id", client_id), ("scope", scope)])
}

/// The form body of one poll of the token endpoint (RFC 8628 §3.4).
pub fn device_token_body(code: &DeviceCode, client_id: &str) -> String {
    form(&[
        ("grant_type", DEVICE_CODE_GRANT_TYPE),
        ("device_code", code.secret()),
        ("client_id", client_id),
    ])
}

impl DeviceAuthorization {
    /// Reads the device authorization endpoint's answer (`status` and body).
    pub fn from_response(status: u16, body: &str) -> Result<Self, DeviceError> {
        let parsed = crate::json::parse(body);
        if !(200..300).contains(&status) {
            let error = match &parsed {
                Ok(Value::Object(map)) => provider_error(map),
                _ => None,
            };
            return Err(error.unwrap_or_else(|| {
                DeviceError::InvalidResponse(format!("HTTP {status} without an OAuth error"))
            }));
        }
        let map = crate::token::json_object(body).map_err(DeviceError::InvalidResponse)?;

        let Some(device_code) = string_field(&map, "device_code")? else {
            // A 200 carrying an error body instead: its `error` says more than ours would.
            return Err(provider_error(&map).unwrap_or_else(|| invalid("`device_code` is missing")));
        };
        let user_code = required(&map, "user_code")?;
        let verification_uri = required(&map, "verification_uri")?;
        if !is_secure_url(verification_uri) {
            return Err(DeviceError::InsecureVerificationUri("verification_uri"));
        }
        let verification_uri_complete = string_field(&map, "verification_uri_complete")?;
        if verification_uri_complete.is_some_and(|uri| !is_secure_url(uri)) {
            return Err(DeviceError::InsecureVerificationUri(
                "verification_uri_complete",
            ));
        }
        let expires_in_secs = match seconds_field(&map, "expires_in")? {
            Some(0) => return Err(invalid("`expires_in` must be positive")),
            Some(secs) => secs,
            None => return Err(invalid("`expires_in` is missing")),
        };
        let interval_secs = seconds_field(&map, "interval")?
            .unwrap_or(DEFAULT_INTERVAL_SECS)
            .max(MIN_INTERVAL_SECS);

        Ok(DeviceAuthorization {
            device_code: DeviceCode::new(device_code),
            user_code: user_code.to_owned(),
            verification_uri: verification_uri.to_owned(),
            verification_uri_complete: verification_uri_complete.map(str::to_owned),
            expires_in_secs,
            interval_secs,
        })
    }
}

fn invalid(what: &str) -> DeviceError {
    DeviceError::InvalidResponse(what.to_owned())
}

fn string_field<'a>(
    map: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, DeviceError> {
    crate::token::string_member(map, name).map_err(DeviceError::InvalidResponse)
}

fn required<'a>(map: &'a Map<String, Value>, name: &str) -> Result<&'a str, DeviceError> {
    string_field(map, name)?
        .ok_or_else(|| DeviceError::InvalidResponse(format!("`{name}` is missing")))
}

/// A whole number of seconds; a fractional value is floored so as never to overstate it.
fn seconds_field(map: &Map<String, Value>, name: &str) -> Result<Option<u64>, DeviceError> {
    let n = match map.get(name) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n,
        Some(_) => {
            return Err(DeviceError::InvalidResponse(format!(
                "`{name}` must be a number"
            )))
        }
    };
    if let Some(secs) = n.as_u64() {
        return Ok(Some(secs));
    }
    match n.as_f64() {
        // `as` saturates, so an absurdly large value becomes u64::MAX rather than wrapping.
        Some(secs) if secs >= 0.0 => Ok(Some(secs.floor() as u64)),
        _ => Err(DeviceError::InvalidResponse(format!(
            "`{name}` must not be negative"
        ))),
    }
}

/// An RFC 6749 §5.2 error body, if `map` is one: `error` must be a non-empty string.
fn provider_error(map: &Map<String, Value>) -> Option<DeviceError> {
    let text = |name: &str| match map.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    };
    Some(DeviceError::Provider {
        error: text("error")?,
        description: text("error_description"),
    })
}

#[cfg(test)]
mod tests;
