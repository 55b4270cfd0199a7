#!/usr/bin/env bash
# Every test: lint, host tests of the protocol core, browser tests of the glue in headless
# Chromium, then the release builds (at the root and under /app/) end to end against the real
# provider in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }

step "format and lint"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings

step "host tests (protocol core and app)"
cargo test --workspace

step "browser tests of the glue (wasm-bindgen-test, headless Chromium)"
wasm_tests=()
for file in tests/*.rs; do wasm_tests+=(--test "$(basename "$file" .rs)"); done
cargo test --target wasm32-unknown-unknown "${wasm_tests[@]}"

step "release build under a sub-path (PUBLIC_URL=/app/, into dist-subpath/)"
PUBLIC_URL=/app/ DIST=dist-subpath bash scripts/build.sh

# Last, so that dist/ and deploy/nginx.conf are the root build's.
step "release build"
bash scripts/build.sh

step "end-to-end tests (Chromium against oidc-provider)"
node --test --test-concurrency=1 tests/provider/*.test.mjs tests/e2e/*.test.mjs
