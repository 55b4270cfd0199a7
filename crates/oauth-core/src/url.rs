//! Endpoint URL checks and query building: RFC 6749 §3.1 and §3.1.2.1 (endpoints use TLS),
//! RFC 8252 §8.3 (plain HTTP only for loopback), RFC 3986 §3.2 (authority syntax).
//!
//! This is deliberately not a general URL parser. It accepts the narrow shape an OAuth endpoint
//! or issuer has and refuses everything else, so that a value which some other parser would
//! read differently (userinfo, backslashes, stray whitespace) never gets through.

/// Whether `s` is an `https://` URL with a plain host, or an `http://` URL whose host is
/// loopback (`localhost`, `127.x.x.x`, `[::1]`), each with an optional port.
///
/// Refused: other schemes (the scheme must be lower case), a missing host, userinfo
/// (`user@host`), whitespace or control characters anywhere, and host characters outside
/// ASCII letters, digits, `-`, `.` and `_` (internationalized names must be in punycode).
pub fn is_secure_url(s: &str) -> bool {
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let (rest, loopback_only) = if let Some(rest) = s.strip_prefix("https://") {
        (rest, false)
    } else if let Some(rest) = s.strip_prefix("http://") {
        (rest, true)
    } else {
        return false;
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let Some(host) = parse_authority(&rest[..authority_end]) else {
        return false;
    };
    !loopback_only || is_loopback(host)
}

/// Returns the host of `host[:port]` or `[v6]:port`, or `None` when the authority is not of
/// that shape. Userinfo is refused here because `@` is not a host character.
fn parse_authority(authority: &str) -> Option<&str> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let literal = &authority[1..close];
        let valid = !literal.is_empty()
            && literal
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
        if !valid {
            return None;
        }
        let after = &authority[close + 1..];
        let port = match after.strip_prefix(':') {
            Some(port) => Some(port),
            None if after.is_empty() => None,
            None => return None,
        };
        (&authority[..=close], port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let valid = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
        if !valid {
            return None;
        }
        (host, port)
    };
    match port {
        None => Some(host),
        Some(port) if is_valid_port(port) => Some(host),
        Some(_) => None,
    }
}

fn is_valid_port(port: &str) -> bool {
    !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|n| n <= 65_535)
}

/// Loopback as RFC 8252 §7.3 and §8.3 describe it: `localhost`, 127.0.0.0/8 or `[::1]`.
fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets[0] == "127"
        && octets.iter().all(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && o.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// Appends `pairs`, form-encoded (`application/x-www-form-urlencoded`, so a space becomes `+`),
/// to `base` with `?` or `&` as needed. Any fragment of `base` is dropped: RFC 6749 §3.1 forbids
/// fragments in endpoint URIs, and parameters after one would never reach the server.
pub fn append_query(base: &str, pairs: &[(&str, &str)]) -> String {
    let base = base.split_once('#').map_or(base, |(before, _)| before);
    if pairs.is_empty() {
        return base.to_owned();
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        query.append_pair(name, value);
    }
    let query = query.finish();
    let separator = match base.find('?') {
        None => "?",
        Some(_) if base.ends_with('?') || base.ends_with('&') => "",
        Some(_) => "&",
    };
    format!("{base}{separator}{query}")
}

#[cfg(test)]
mod tests;
