#!/usr/bin/env bash
# Installs whatever the build or the tests need and is missing. Idempotent; safe to run every time.
#   tools/ensure-tools.sh build   – wasm target, wasm-bindgen-cli (Cargo.lock's version), wasm-pack, wasm-opt (npm binaryen)
#   tools/ensure-tools.sh test    – the above plus chromium + chromedriver, the e2e npm packages, cargo-fuzz
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
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

export PATH="$HOME/.cargo/bin:$PATH"

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli at exactly the version Cargo.lock resolved (the CLI and the crate must match).
[ -f Cargo.lock ] || cargo generate-lockfile
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "cargo install wasm-bindgen-cli $want (have: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want" --locked --force || cargo install wasm-bindgen-cli --version "$want" --force
fi

# 3. wasm-pack (it uses the wasm-bindgen and wasm-opt on PATH instead of downloading them).
if ! command -v wasm-pack >/dev/null; then
  log "cargo install wasm-pack"
  cargo install wasm-pack --locked
fi

# 4. wasm-opt: binaryen 132 from npm (pinned in tools/binaryen/package-lock.json). Debian's binaryen
#    108 rewrites wasm-bindgen 0.2.130's externref table and the page then fails to instantiate.
if ! [ -x tools/binaryen/node_modules/.bin/wasm-opt ]; then
  log "npm ci in tools/binaryen (wasm-opt)"
  (cd tools/binaryen && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$what" = "test" ]; then
  # 5. Headless Chromium and its driver, from Debian (nothing downloads its own browser).
  if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
  # A small CJK font (1.6 MB), so the Chinese UI renders as text, not boxes, in the screenshots.
  if ! [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
    apt_install fonts-wqy-microhei
  fi
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
    log "cargo install cargo-fuzz"
    cargo install cargo-fuzz --locked
  fi
fi
