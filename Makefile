# Activation Lab — the README's commands. Every target installs what it needs first.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
PORT ?= 8080
CHROMEDRIVER ?= /usr/bin/chromedriver

.PHONY: serve wasm test lint native-test browser-test e2e bench dist tools test-tools clean

## serve: install missing tools, build the wasm, serve www/ on http://127.0.0.1:$(PORT)
serve: wasm
	@echo "Serving www/ on http://127.0.0.1:$(PORT)  (Ctrl-C to stop)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory www

tools:
	tools/ensure-tools.sh build

test-tools:
	tools/ensure-tools.sh test

## wasm: build www/pkg with the settings in wasm-pack.toml
wasm: tools
	tools/build-wasm.sh

## test: every check — format, clippy (native + wasm32), native tests, browser tests, page tests
test: test-tools lint native-test browser-test e2e

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --test web -- -D warnings

native-test:
	cargo test

browser-test:
	CHROMEDRIVER=$(CHROMEDRIVER) wasm-pack test --headless --chrome -- --test web

e2e: wasm
	@if [ -f tests/e2e/run.mjs ]; then node tests/e2e/run.mjs; else echo "no e2e suite yet"; fi

## bench: criterion (native kernels + training), then the browser benchmark (wasm vs plain JS vs
## TF.js in headless Chromium); writes bench/results.json and README's Performance section
bench: wasm
	cargo bench --bench kernels --bench training
	benches/browser/build-wasm.sh
	@[ -d benches/browser/node_modules/playwright-core ] || (cd benches/browser && npm ci --no-audit --no-fund)
	node benches/browser/run.mjs

clean:
	cargo clean
	rm -rf www/pkg dist
