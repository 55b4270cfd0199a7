# Sourced by the scripts: tool paths and quiet defaults.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
