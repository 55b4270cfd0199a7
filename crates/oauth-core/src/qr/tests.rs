use super::*;

const URI: &str = "https://idp.example/realms/demo/device?user_code=WDJB-MJHT";

/// The `viewBox` side of an SVG made by `qr_svg`.
fn side(svg: &str) -> i32 {
    let start = svg.find("viewBox=\"0 0 ").unwrap() + "viewBox=\"0 0 ".len();
    let rest = &svg[start..];
    let (width, rest) = rest.split_once(' ').unwrap();
    let height = &rest[..rest.find('"').unwrap()];
    assert_eq!(width, height);
    width.parse().unwrap()
}

/// The `d` attribute of the single path.
fn path_data(svg: &str) -> &str {
    let start = svg.find(" d=\"").unwrap() + " d=\"".len();
    let rest = &svg[start..];
    &rest[..rest.find('"').unwrap()]
}

/// Redraws the path into a grid of the SVG's size, one `M{x} {y}h{n}v1h-{n}z` run at a time.
fn redraw(svg: &str) -> Vec<Vec<bool>> {
    let side = side(svg) as usize;
    let mut grid = vec![vec![false; side]; side];
    for run in path_data(svg).split_terminator('z') {
        let run = run.strip_prefix('M').unwrap();
        let (x, rest) = run.split_once(' ').unwrap();
        let (y, rest) = rest.split_once('h').unwrap();
        let (len, back) = rest.split_once("v1h-").unwrap();
        assert_eq!(len, back, "{run}");
        let (x, y, len): (usize, usize, usize) =
            (x.parse().unwrap(), y.parse().unwrap(), len.parse().unwrap());
        for cell in &mut grid[y][x..x + len] {
            assert!(!*cell, "module drawn twice at {x},{y}");
            *cell = true;
        }
    }
    grid
}

#[test]
fn test_svg_has_the_required_shape() {
    let svg = qr_svg(URI).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
    assert!(svg.ends_with("\" fill=\"#000\"/></svg>"));
    for attribute in [
        "shape-rendering=\"crispEdges\"",
        "role=\"img\"",
        "aria-label=\"QR code of the verification link\"",
    ] {
        assert!(svg.contains(attribute), "{attribute}");
    }
    assert_eq!(svg.matches("<path ").count(), 1);
    assert_eq!(svg.matches("<rect ").count(), 1);
    assert_eq!(svg.matches('<').count(), 4, "svg, rect, path, /svg");
    assert_eq!(svg.matches('>').count(), 4);
    assert_eq!(svg.matches('"').count() % 2, 0);
}

#[test]
fn test_path_is_exactly_the_dark_modules_inside_the_quiet_zone() {
    let svg = qr_svg(URI).unwrap();
    let code = encode(URI).unwrap();
    let size = code.size();
    assert_eq!(side(&svg), size + 2 * QUIET_ZONE_MODULES);

    let grid = redraw(&svg);
    for (y, row) in grid.iter().enumerate() {
        for (x, &dark) in row.iter().enumerate() {
            let (mx, my) = (x as i32 - QUIET_ZONE_MODULES, y as i32 - QUIET_ZONE_MODULES);
            let inside = (0..size).contains(&mx) && (0..size).contains(&my);
            // `get_module` is false outside the symbol, so the quiet zone must stay light
            assert_eq!(dark, inside && code.get_module(mx, my), "module {x},{y}");
        }
    }
}

#[test]
fn test_error_correction_is_exactly_medium() {
    // with the automatic boost a short text would get a higher level
    for text in ["a", URI] {
        assert_eq!(
            encode(text).unwrap().error_correction_level(),
            QrCodeEcc::Medium
        );
    }
}

#[test]
fn test_svg_is_deterministic() {
    assert_eq!(qr_svg(URI).unwrap(), qr_svg(URI).unwrap());
    assert_ne!(
        qr_svg(URI).unwrap(),
        qr_svg("https://idp.example/other").unwrap()
    );
}

#[test]
fn test_input_is_never_embedded() {
    let hostile = [
        "<script>alert(\"x\")</script>",
        "\"/><image href=\"https://evil.example/x\" onload=\"alert(1)\"/>",
        "https://idp.example/device?user_code=WDJB-MJHT&x='y'",
        "]]><!-- x --> &amp; &lt;",
    ];
    for text in hostile {
        let svg = qr_svg(text).unwrap();
        for needle in [
            "script", "alert", "evil", "onload", "WDJB", "<!--", "&", "'",
        ] {
            assert!(
                !svg.contains(needle),
                "{text:?} put {needle:?} into the SVG"
            );
        }
        assert!(
            path_data(&svg)
                .chars()
                .all(|c| c.is_ascii_digit() || "Mhvz- ".contains(c)),
            "{text:?}"
        );
        assert_eq!(svg.matches('<').count(), 4, "{text:?}");
    }
}

#[test]
fn test_size_grows_with_input() {
    let sides: Vec<i32> = [1, 20, 60, 200, 600]
        .into_iter()
        .map(|len| side(&qr_svg(&"x".repeat(len)).unwrap()))
        .collect();
    // version 1 is 21 modules, plus 4 on each side
    assert_eq!(sides[0], 29);
    assert!(sides.windows(2).all(|w| w[0] < w[1]), "{sides:?}");
}

#[test]
fn test_over_long_input_is_refused() {
    // 2331 bytes is the byte-mode capacity of version 40 at error correction Medium
    let longest = "x".repeat(2331);
    assert_eq!(side(&qr_svg(&longest).unwrap()), 177 + 8);
    for text in ["x".repeat(2332), "x".repeat(10_000), "é".repeat(1200)] {
        let err = qr_svg(&text).unwrap_err();
        assert_eq!(err, QrError::TooLong);
        assert_eq!(err.code(), "qr_too_long");
        assert_eq!(err.to_string(), "text is too long for a QR code");
    }
}

#[test]
fn test_empty_text_still_draws() {
    assert_eq!(side(&qr_svg("").unwrap()), 29);
}
