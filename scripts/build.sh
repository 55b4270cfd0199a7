#!/usr/bin/env bash
# Release build into dist/: trunk (wasm-bindgen, wasm-opt -Oz, SRI), then the _headers file.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
trunk build --release
node scripts/gen-headers.mjs dist public/config.json
