#!/usr/bin/env bash
# Starts the demo provider and serves the release build, with the same headers as production.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
node tests/provider/server.mjs &
provider=$!
node tests/e2e/serve.mjs dist 8080 &
app=$!
trap 'kill $provider $app 2>/dev/null' EXIT INT TERM
sleep 1
cat <<TEXT

  App:       http://127.0.0.1:8080
  Provider:  http://127.0.0.1:9000
  Demo user: alice / wonderland

  Press Ctrl-C to stop.
TEXT
wait
