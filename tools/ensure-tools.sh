#!/usr/bin/env bash
# Installs whatever the build or the tests need and is missing. Idempotent; safe to run every time.
#   tools/ensure-tools.sh build   – wasm target, wasm-bindgen-cli (Cargo.lock's version), wasm-opt (npm binaryen)
#   tools/ensure-tools.sh test    – the above plus chromium + chromedriver, firefox-esr, the e2e npm packages, cargo-fuzz
# Only the registries are used (crates.io via cargo, npm, Debian's apt); each install says which path
# it took. The Debian packages download while cargo compiles. No wasm-pack: tools/wasm-package.sh
# and the browser-test target do its steps with cargo and the wasm-bindgen CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-build}"

log() { printf '[ensure-tools] %s\n' "$*" >&2; }

apt_updated=0
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    $sudo apt-get update -qq
    apt_updated=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=900 install -y -qq "$@" >/dev/null
}

export PATH="$HOME/.cargo/bin:$PATH"

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# Debian packages (test tools) download and install in the background while cargo compiles below.
debian_log=$(mktemp)
debian_pid=
if [ "$what" = "test" ]; then
  (
    # 5. Headless Chromium and its driver, from Debian (nothing downloads its own browser).
    if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
      apt_install chromium chromium-driver
    else
      log "chromium, chromedriver: already installed"
    fi
    # The second browser of the embed page test (tests/e2e/embed-firefox.mjs), from Debian.
    if ! [ -x /usr/bin/firefox-esr ]; then
      apt_install firefox-esr
    else
      log "firefox-esr: already installed"
    fi
    # A small CJK font (1.6 MB), so the Chinese UI renders as text, not boxes, in the screenshots.
    if ! [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
      apt_install fonts-wqy-microhei
    fi
  ) >"$debian_log" 2>&1 &
  debian_pid=$!
fi

# Tool builds share one target dir, so crates the tools have in common compile once, and a
# reinstall after a version bump is incremental (`rm -rf target` removes it).
tool_builds="$PWD/target/tool-builds"

# 2. wasm-bindgen-cli at exactly the version Cargo.lock resolved (the CLI and the crate must match).
#    Resolved afresh, not --locked: its published Cargo.lock pins webpki-roots 1.0.11, which the
#    registry does not serve, so a locked install fails before it starts. Without its default
#    `rustls-tls` feature: the test runner only talks to a local chromedriver over http, and ring +
#    rustls are the slowest part of its build.
[ -f Cargo.lock ] || cargo generate-lockfile
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "wasm-bindgen-cli $want (have: ${have:-none}): cargo install, resolved afresh, --no-default-features"
  CARGO_TARGET_DIR="$tool_builds" cargo install wasm-bindgen-cli --version "$want" --no-default-features --force
else
  log "wasm-bindgen-cli $want: already installed"
fi

# 3. (wasm-pack is not needed; see above.)

# 4. wasm-opt: binaryen 132 from npm (pinned in tools/binaryen/package-lock.json). Debian's binaryen
#    108 rewrites wasm-bindgen 0.2.130's externref table and the page then fails to instantiate.
if ! [ -x tools/binaryen/node_modules/.bin/wasm-opt ]; then
  log "npm ci in tools/binaryen (wasm-opt)"
  (cd tools/binaryen && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$what" = "test" ]; then
  # 6. playwright-core for the page tests (never its browser download).
  # Every dependency in package.json, not just the first one: a package added later (axe-core)
  # must reach checkouts that already have node_modules.
  npm_missing() {
    node -e 'const p=require(process.argv[1]+"/package.json"),fs=require("fs");
      const d=Object.keys({...p.dependencies,...p.devDependencies});
      process.exit(d.every(n=>fs.existsSync(process.argv[1]+"/node_modules/"+n+"/package.json"))?1:0)' "$1"
  }
  if [ -f tests/e2e/package.json ] && npm_missing "$PWD/tests/e2e"; then
    log "npm ci in tests/e2e"
    (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
  # 7. cargo-fuzz for `make fuzz-short` (runs on stable with RUSTC_BOOTSTRAP=1, see tools/fuzz.sh).
  if ! command -v cargo-fuzz >/dev/null; then
    log "cargo-fuzz: cargo install --locked"
    CARGO_TARGET_DIR="$tool_builds" cargo install cargo-fuzz --locked
  fi
fi

if [ -n "$debian_pid" ]; then
  status=0
  wait "$debian_pid" || status=$?
  cat "$debian_log" >&2
  rm -f "$debian_log"
  [ "$status" -eq 0 ] || { log "installing the Debian packages failed (exit $status)"; exit "$status"; }
fi
rm -f "$debian_log"
