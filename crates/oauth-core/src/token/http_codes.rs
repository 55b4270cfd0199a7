//! Static `http_<status>` codes, because `TokenError::code` returns a borrowed `&str` and so
//! cannot format one on the fly.

const FIRST: u16 = 100;
const COUNT: usize = 900;

/// `http_100` to `http_999`, built at compile time.
static CODES: [[u8; 8]; COUNT] = build();

const fn build() -> [[u8; 8]; COUNT] {
    let mut table = [*b"http_000"; COUNT];
    let mut i = 0;
    while i < COUNT {
        let status = i + FIRST as usize;
        table[i][5] = b'0' + (status / 100) as u8;
        table[i][6] = b'0' + (status / 10 % 10) as u8;
        table[i][7] = b'0' + (status % 10) as u8;
        i += 1;
    }
    table
}

/// `http_<status>` for a three-digit status; `http_error` for anything else, which no real
/// HTTP response has.
pub(super) fn code(status: u16) -> &'static str {
    status
        .checked_sub(FIRST)
        .and_then(|i| CODES.get(usize::from(i)))
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .unwrap_or("http_error")
}
