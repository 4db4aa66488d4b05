# Activation Lab — the README's commands. Every target installs what it needs first.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
PORT ?= 8080
CHROMEDRIVER ?= /usr/bin/chromedriver

.PHONY: serve wasm test lint native-test cargo-test torch-env torch-test keras-test keras-article browser-test e2e e2e-dist fuzz-build fuzz-bg fuzz-short fuzz-long bench cnn-accuracy dist tools test-tools clean

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

## test: every check — format, clippy (native + wasm32), native tests, browser tests, page tests —
## as stages (each a target below) with a table of their wall and CPU times at the end, also when
## one fails (tools/stages.sh). "bg:x" runs x in the background until "wait". Laid out so both
## cores stay busy: the PyTorch venv downloads while the tools compile (tools/torch-env.sh lets one
## caller install and the others wait for it); the article's CNN in Keras (the longest stage, under
## one core on average) starts right after the tools and compiles beside lint; the fuzzers compile
## and run their fixed number of executions at the lowest priority (nice 19) from the wasm build
## on, on the cycles the wasm build's optimised links and the page tests leave idle (the page tests
## ran 89–93 % busy); what is left of them runs at the end, on both cores.
## CARGO_INCREMENTAL=0 (unless set): a clean build gains nothing from incremental state and pays for
## writing it (measured, the test build 234 → 220 CPU-s); `cargo test` alone keeps it.
TEST_STAGES = bg:torch-env test-tools bg:keras-article lint cargo-test cnn-accuracy bg:fuzz-bg wasm browser-test e2e e2e-dist wait
test:
	CARGO_INCREMENTAL="$${CARGO_INCREMENTAL:-0}" tools/stages.sh $(TEST_STAGES)

## lint: clippy on every native target of the workspace (the benches' package too), and on the wasm
## library as the two packages build it (the training package: default features + web-train, here
## with bench-exports and the browser tests; the curves package: no default features). No code is
## compiled only without web-train or bench-exports, so one pass with them sees all the default
## build's code.
lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --test nn_conv_accuracy --test export_keras_article -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --features web-train,bench-exports --lib --test web --test web_panic --test web_panic_control -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --no-default-features --lib -- -D warnings

## native-test runs the PyTorch and Keras exports for real (tests/export_pytorch*.rs,
## tests/export_keras*.rs): torch-env builds the venv they use (target/torch-venv, torch + keras;
## tools/torch-env.sh), and a failed install fails the target. It ends with issue #15's MNIST
## accuracy targets (cnn-accuracy) and the article's CNN in Keras (keras-article).
native-test: cargo-test cnn-accuracy keras-article

cargo-test: torch-env
	ACTLAB_PYTHON="$$(tools/torch-env.sh)" cargo test

torch-env:
	tools/torch-env.sh >/dev/null

## torch-test: only the PyTorch export tests (replay, torchrun, save back), timed.
torch-test: torch-env
	time ACTLAB_PYTHON="$$(tools/torch-env.sh)" cargo test --test native -- export_pytorch --nocapture

## keras-test: only the Keras export tests (scripts, replay step for step, save back), timed.
keras-test: torch-env
	time ACTLAB_PYTHON="$$(tools/torch-env.sh)" cargo test --test native -- export_keras --nocapture

## keras-article: the article's CNN exported as Keras (tests/export_keras_article.rs): 200 replayed
## steps for relu and selu, dropout masks included (release speed: the `accuracy` profile; the
## test `cargo test` skips as too slow for debug)
## Keras (torch) runs one thread here and in cnn-accuracy: the two run at once beside our training
## on both cores, and torch's own pool on top only oversubscribes them (measured, the two together:
## 762 → 649 CPU-s, cnn-accuracy 332 → 287 s; the replay's figures stay in the same range).
keras-article: torch-env
	OMP_NUM_THREADS=1 ACTLAB_PYTHON="$$(tools/torch-env.sh)" cargo test --profile accuracy --test export_keras_article -- --ignored --nocapture --test-threads 1

## cnn-accuracy: issue #15's MNIST accuracy targets, the tests `cargo test` skips as too slow for a
## debug build (~8 min of CPU; the `accuracy` profile is release without LTO; two at a time), and
## Keras training the article's CNN for 2 epochs next to the same runs of ours (issue #30)
cnn-accuracy: torch-env
	OMP_NUM_THREADS=1 ACTLAB_PYTHON="$$(tools/torch-env.sh)" cargo test --profile accuracy --test nn_conv_accuracy -- --ignored --nocapture --test-threads 2

## browser-test: the wasm tests in headless Chromium: cargo runs each test binary through
## wasm-bindgen-test-runner (from wasm-bindgen-cli), which drives $(CHROMEDRIVER) with webdriver.json
## (what `wasm-pack test --headless --chrome` did, without wasm-pack).
browser-test: test-tools
	CHROMEDRIVER=$(CHROMEDRIVER) WASM_BINDGEN_TEST_ONLY_WEB=1 \
	  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  cargo test --target wasm32-unknown-unknown --test web --test web_panic --test web_panic_control

## e2e: the page tests; tests/e2e/torch-model.mjs runs the page's PyTorch export in real torch
## (torch-env) and compares it with the CLI's (hence target/debug/activation-lab, built in the test
## profile: after `cargo test` it is already there, nothing compiles again).
e2e: wasm torch-env
	cargo build --profile test --bin activation-lab
	ACTLAB_PYTHON="$$(tools/torch-env.sh)" node tests/e2e/run.mjs

## fuzz-short: the cargo-fuzz targets (state hash, training config) for a fixed number of executions
## each, all at once: about what 30 s of a free core gives each (3.2 M and 4.7 M were measured), a
## fixed amount of fuzzing however busy the machine is. fuzz-bg: the same at the lowest CPU priority
## (make test starts it in the background with the wasm build: it compiles and fuzzes on the cycles
## the builds and the page tests leave idle). fuzz-long: 1 h; fuzz-build: only their build.
FUZZ_SHORT = page_hash=3500000 train_config=5000000
fuzz-short: test-tools
	tools/fuzz.sh --runs $(FUZZ_SHORT)

fuzz-bg: test-tools
	nice -n 19 tools/fuzz.sh --runs $(FUZZ_SHORT)

fuzz-build: test-tools
	tools/fuzz.sh build

fuzz-long: test-tools
	tools/fuzz.sh 3600

## dist: a self-contained static folder dist/ (relative URLs, works under any sub-path)
dist: wasm
	tools/dist.sh

## e2e-dist: a smoke subset of the page tests against dist/ served from /activation-lab/
e2e-dist: dist
	E2E_ROOT=dist E2E_BASE=/activation-lab/ E2E_SMOKE=1 node tests/e2e/run.mjs

## bench: criterion (native kernels + training + the two CNNs), then the browser benchmark (wasm vs
## plain JS vs TF.js; the CNNs vs ConvNetJS and TF.js, plus PyTorch on one thread when
## target/torch-venv or $ACTLAB_PYTHON exists) in headless Chromium; writes bench/results.json and
## README's Performance section. `BENCH_ONLY=cnn node benches/browser/run.mjs` redoes the CNN table.
bench: wasm
	cargo bench -p activation-lab-benches --bench kernels --bench training
	benches/browser/build-wasm.sh
	@[ -d benches/browser/node_modules/playwright-core ] && [ -d benches/browser/node_modules/lighthouse ] && [ -d benches/browser/node_modules/convnetjs ] || (cd benches/browser && npm ci --no-audit --no-fund)
	node benches/browser/run.mjs

clean:
	cargo clean
	rm -rf www/pkg dist
