//! Where to send the user after sign-in: an open-redirect guard (RFC 9700 §4.11, OAuth 2.0
//! Security BCP; RFC 6749 §10.15).
//!
//! The value comes from a query parameter or the current location, so it is attacker-chosen.
//! Only a same-origin absolute path under the app's base path is kept. The checks are written
//! against what browsers actually do: they treat `\` like `/`, strip tab and newline from URLs,
//! and may decode percent-escapes before routing, so each trick is refused both raw and after
//! one decoding.

/// Longest accepted value, in bytes.
pub const MAX_RETURN_TO_LEN: usize = 2048;

/// Routes under the base that would start another sign-in (or finish one) if returned to.
const LOOPING_ROUTES: [&str; 3] = ["login", "callback", "silent-callback"];

/// Whether `base` can be the path the app is served under: `/`, or segments of unreserved URL
/// characters (RFC 3986 §2.3) between slashes, such as `/app/` or `/tools/auth/`. No empty,
/// `.` or `..` segment, no escapes: the base is compared byte for byte with raw paths.
pub const fn is_valid_base_path(base: &str) -> bool {
    let bytes = base.as_bytes();
    if bytes.is_empty() || bytes[0] != b'/' || bytes[bytes.len() - 1] != b'/' {
        return false;
    }
    let (mut i, mut segment_start) = (1, 1);
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'/' {
            let len = i - segment_start;
            let dots = len <= 2 && bytes[segment_start] == b'.' && bytes[i - 1] == b'.';
            if len == 0 || dots {
                return false;
            }
            segment_start = i + 1;
        } else if !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')) {
            return false;
        }
        i += 1;
    }
    true
}

/// `input` if it is a same-origin absolute path under `base` (query and fragment kept), else
/// `base`. `base` is the app's base path (`/` at the root of the origin); one that fails
/// [`is_valid_base_path`] refuses every input and falls back to `/`.
pub fn sanitize_return_to(input: &str, base: &str) -> String {
    match is_valid_base_path(base) {
        true if is_safe(input, base) => input.to_owned(),
        true => base.to_owned(),
        false => "/".to_owned(),
    }
}

fn is_safe(input: &str, base: &str) -> bool {
    if input.is_empty() || input.len() > MAX_RETURN_TO_LEN {
        return false;
    }
    // Another app may live beside this one on the same origin: only paths under the base are
    // this app's. The base has no escapes, so the raw prefix is also the decoded one.
    if !input.starts_with(base) {
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
    // Dot segments would be resolved by the browser into some other path, and servers merge
    // empty segments (`/app//login`), either of which can land on a looping route, so neither
    // is allowed at all.
    if path.contains("//")
        || path
            .split('/')
            .any(|segment| segment == "." || segment == "..")
    {
        return false;
    }
    let trimmed = match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    };
    let route = trimmed.strip_prefix(base).unwrap_or_default();
    !LOOPING_ROUTES.iter().any(|r| r.eq_ignore_ascii_case(route))
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
