#!/usr/bin/env bash
# Release build: trunk (wasm-bindgen, wasm-opt -Oz, SRI), then the deployment rules.
#   PUBLIC_URL  the path the app is served under: / (default) or a sub-path such as /app/
#   DIST        output directory, default dist
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
PUBLIC_URL="${PUBLIC_URL:-/}"
DIST="${DIST:-dist}"
# The same rule as the app's compile-time check, so a bad value fails before a long build.
if ! [[ "$PUBLIC_URL" =~ ^/([A-Za-z0-9._~-]+/)*$ ]] || [[ "$PUBLIC_URL" =~ /\.\.?/ ]]; then
  echo "PUBLIC_URL must be / or a path such as /app/ (leading and trailing slash), got $PUBLIC_URL" >&2
  exit 2
fi
# Trunk prefixes the asset URLs with it; the app builds its routes and redirect URIs from it.
APP_BASE_PATH="$PUBLIC_URL" trunk build --release --public-url "$PUBLIC_URL" --dist "$DIST"
node scripts/gen-headers.mjs "$DIST" public/config.json "$PUBLIC_URL"
