//! The path `config.json` is fetched from.
//!
//! `index.html` preloads it, and the deployment rules let the browser answer a start from its
//! cached copy while it revalidates in the background. So that a regenerated deployment never
//! starts on yesterday's configuration, `scripts/gen-headers.mjs` versions the preload's URL
//! with a digest of the file (`/config.json?v=3f2a…`): a changed file is a new URL, which no
//! cache holds. The app fetches exactly the URL it was preloaded with, or the bare path when the
//! page carries no version (a development build), so the preloaded response is always reused.

/// Longest accepted version, in hex digits (a full SHA-256).
const MAX_VERSION_LEN: usize = 64;

/// Where `config.json` is fetched from: a path and, when the page was versioned, its `v` query
/// parameter (kept apart because request builders add the query themselves).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigUrl {
    /// `{base}config.json`.
    pub path: String,
    /// The digest the preload carries, lowercase hex.
    pub version: Option<String>,
}

impl ConfigUrl {
    /// The URL as the preload names it: `{path}` or `{path}?v={version}`.
    pub fn href(&self) -> String {
        match &self.version {
            Some(version) => format!("{}?v={version}", self.path),
            None => self.path.clone(),
        }
    }
}

/// `{base}config.json`, with the preload's `?v=` version when `preload_href` is exactly
/// `{base}config.json?v=` followed by 1 to 64 lowercase hex digits. Anything else (no preload,
/// another path, another origin, other parameters) gives the bare path: the configuration is
/// only ever read from beside the app.
pub fn config_url(preload_href: Option<&str>, base: &str) -> ConfigUrl {
    let path = format!("{base}config.json");
    let version = preload_href
        .and_then(|href| href.strip_prefix(path.as_str()))
        .and_then(|rest| rest.strip_prefix("?v="))
        .filter(|v| {
            (1..=MAX_VERSION_LEN).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
        .map(str::to_owned);
    ConfigUrl { path, version }
}

#[cfg(test)]
mod tests {
    use super::config_url;

    fn config_path(href: Option<&str>, base: &str) -> String {
        config_url(href, base).href()
    }

    #[test]
    fn the_preloaded_version_is_kept() {
        assert_eq!(
            config_path(Some("/config.json?v=0a1b2c3d4e5f6789"), "/"),
            "/config.json?v=0a1b2c3d4e5f6789"
        );
        assert_eq!(
            config_path(Some("/app/config.json?v=ff"), "/app/"),
            "/app/config.json?v=ff"
        );
    }

    #[test]
    fn without_a_version_the_bare_path() {
        assert_eq!(config_path(None, "/"), "/config.json");
        assert_eq!(config_path(Some("/config.json"), "/"), "/config.json");
        assert_eq!(
            config_path(Some("/app/config.json"), "/app/"),
            "/app/config.json"
        );
    }

    #[test]
    fn anything_but_this_file_beside_the_app_is_ignored() {
        let long = format!("/config.json?v={}", "a".repeat(65));
        for href in [
            "https://evil.example/config.json?v=ab",
            "//evil.example/config.json?v=ab",
            "/other/config.json?v=ab",
            "/config.json?v=",
            "/config.json?v=AB",
            "/config.json?v=ab&x=1",
            "/config.json?v=ab#x",
            "/config.jsonx?v=ab",
            "/config.json?w=ab",
            long.as_str(),
        ] {
            assert_eq!(config_path(Some(href), "/"), "/config.json", "{href}");
        }
        assert_eq!(
            config_path(Some("/config.json?v=ab"), "/app/"),
            "/app/config.json",
            "a root preload is not the sub-path build's file"
        );
    }
}
