//! Stable `http_<status>` codes for token-endpoint answers that carry no OAuth error. The
//! statuses a token endpoint really sends get their own code; the rest share one per class, so
//! the bundle holds a dozen short strings instead of a table of every status.

const KNOWN: [(u16, &str); 13] = [
    (400, "http_400"),
    (401, "http_401"),
    (403, "http_403"),
    (404, "http_404"),
    (405, "http_405"),
    (408, "http_408"),
    (413, "http_413"),
    (415, "http_415"),
    (429, "http_429"),
    (500, "http_500"),
    (502, "http_502"),
    (503, "http_503"),
    (504, "http_504"),
];

/// The code for `status`.
pub(super) fn code(status: u16) -> &'static str {
    if let Some((_, code)) = KNOWN.iter().find(|(known, _)| *known == status) {
        return code;
    }
    match status / 100 {
        1..=3 => "http_unexpected",
        4 => "http_4xx",
        5 => "http_5xx",
        _ => "http_error",
    }
}
