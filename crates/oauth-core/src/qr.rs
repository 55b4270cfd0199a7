//! A QR code (ISO/IEC 18004) of the device flow's verification URI as inline SVG, for the
//! non-textual verification URI optimization of RFC 8628 §3.3.1.
//!
//! The encoding is done by the `qrcodegen` crate; this module only draws the modules. The SVG
//! is built from numbers alone, so the encoded text never appears in the markup and needs no
//! escaping: the result is safe to insert as HTML whatever the provider sent.

use qrcodegen::{QrCode, QrCodeEcc, QrSegment, Version};

use std::fmt::Write as _;

/// Light modules around the symbol, as ISO/IEC 18004 requires for reliable scanning.
pub const QUIET_ZONE_MODULES: i32 = 4;
/// The label screen readers announce for the image.
pub const ARIA_LABEL: &str = "QR code of the verification link";

/// Why no QR code was drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// The text does not fit in the largest QR code (version 40) at error correction Medium.
    #[error("text is too long for a QR code")]
    TooLong,
}

impl QrError {
    /// Stable code shown to the user.
    pub fn code(&self) -> &str {
        match self {
            QrError::TooLong => "qr_too_long",
        }
    }
}

/// Encodes `text` as a QR code with error correction Medium and returns it as a standalone
/// `<svg>`: a white background, one `<path>` of dark modules, a `viewBox` measured in modules
/// (symbol plus a 4-module quiet zone on each side), crisp edges, `role="img"` and an
/// `aria-label`. It has no width or height, so it scales to whatever box the page gives it.
pub fn qr_svg(text: &str) -> Result<String, QrError> {
    let code = encode(text)?;
    let size = code.size();
    let side = size + 2 * QUIET_ZONE_MODULES;

    let mut svg = String::new();
    // `write!` into a String cannot fail.
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{ARIA_LABEL}\">\
         <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\""
    );
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            // One rectangle per horizontal run of dark modules keeps the path short.
            let start = x;
            while x < size && code.get_module(x, y) {
                x += 1;
            }
            let run = x - start;
            let _ = write!(
                svg,
                "M{} {}h{run}v1h-{run}z",
                start + QUIET_ZONE_MODULES,
                y + QUIET_ZONE_MODULES
            );
        }
    }
    svg.push_str("\" fill=\"#000\"/></svg>");
    Ok(svg)
}

/// The symbol for `text`, at exactly error correction Medium: no automatic boost, so the level
/// does not depend on how the text happens to fill a version.
fn encode(text: &str) -> Result<QrCode, QrError> {
    let segments = QrSegment::make_segments(text);
    QrCode::encode_segments_advanced(
        &segments,
        QrCodeEcc::Medium,
        Version::MIN,
        Version::MAX,
        None,
        false,
    )
    .map_err(|_| QrError::TooLong)
}

#[cfg(test)]
mod tests;
