//! Where to send the user after sign-in: an open-redirect guard (RFC 9700 §4.11, OAuth 2.0
//! Security BCP; RFC 6749 §10.15).
//!
//! The value comes from a query parameter or the current location, so it is attacker-chosen.
//! Only a same-origin absolute path is kept. The checks are written against what browsers
//! actually do: they treat `\` like `/`, strip tab and newline from URLs, and may decode
//! percent-escapes before routing, so each trick is refused both raw and after one decoding.

/// What every refused input becomes.
const HOME: &str = "/";

/// Longest accepted value, in bytes.
pub const MAX_RETURN_TO_LEN: usize = 2048;

/// Routes that would start another sign-in (or finish one) if returned to.
const LOOPING_PATHS: [&str; 3] = ["/login", "/callback", "/silent-callback"];

/// `input` if it is a same-origin absolute path (query and fragment kept), else `"/"`.
pub fn sanitize_return_to(input: &str) -> String {
    if is_safe(input) {
        input.to_owned()
    } else {
        HOME.to_owned()
    }
}

fn is_safe(input: &str) -> bool {
    if input.is_empty() || input.len() > MAX_RETURN_TO_LEN {
        return false;
    }
    // `//host` is a scheme-relative URL to another origin; `javascript:` and `https:` fail
    // the leading-slash test.
    if !input.starts_with('/') || input.starts_with("//") || input.contains('\\') {
        return false;
    }
    if input.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }

    let decoded = percent_decode(input);
    if decoded.starts_with("//") || decoded.starts_with("/\\") || decoded.contains('\\') {
        return false;
    }
    if decoded.chars().any(char::is_control) {
        return false;
    }

    let path_end = input.find(['?', '#']).unwrap_or(input.len());
    let path = percent_decode(&input[..path_end]);
    // Dot segments would be resolved by the browser into some other path, possibly one
    // of the looping routes, so they are not allowed at all.
    if path
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        return false;
    }
    let trimmed = match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    };
    !LOOPING_PATHS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(trimmed))
}

/// One round of percent-decoding; malformed escapes are kept as they are and invalid UTF-8
/// becomes U+FFFD, which is harmless for the checks above.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', hi, lo]) => hex_value(*hi).zip(hex_value(*lo)).map(|(h, l)| h << 4 | l),
            _ => None,
        };
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests;
