# The two commands of the README, and the pieces they are made of.
.PHONY: run test setup build build-subpath bench lint host-test wasm-test e2e clean

run: setup build
	bash scripts/run-demo.sh

test: setup
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

# PUBLIC_URL=/app/ make build: a build to serve under https://host/app/ (docs/DEPLOY.md).
build:
	bash scripts/build.sh

# The sub-path build the end-to-end tests serve under /app/.
build-subpath:
	PUBLIC_URL=/app/ DIST=dist-subpath bash scripts/build.sh

bench: setup build
	. scripts/env.sh && node scripts/bench.mjs

lint:
	. scripts/env.sh && cargo fmt --all --check && cargo clippy --workspace --all-targets -- -D warnings

host-test:
	. scripts/env.sh && cargo test --workspace

wasm-test:
	. scripts/env.sh && cargo test --target wasm32-unknown-unknown $$(for f in tests/*.rs; do printf -- '--test %s ' $$(basename $$f .rs); done)

e2e: build-subpath build
	. scripts/env.sh && node --test --test-concurrency=1 tests/provider/*.test.mjs tests/e2e/*.test.mjs

clean:
	rm -rf dist dist-subpath target/wasm32-unknown-unknown
