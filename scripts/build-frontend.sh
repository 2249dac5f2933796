#!/usr/bin/env bash
# Builds the WASM frontend into frontend/dist/:
#   index.html                      (served with Cache-Control: no-cache)
#   assets/<hash>/boot.js, atelier_frontend.js, atelier_frontend_bg.wasm, style.css
#                                   (content-hashed, served as immutable)
# index.html has no inline script or style: the Content-Security-Policy the server sends
# (backend/src/security_headers.rs) allows scripts and styles from the site's own files only.
# Uses rustup's wasm32 target when it is installed; otherwise Debian's rustc-web
# with std built from source (see shared/docs/wasm-toolchain.md). Downloads only
# through cargo and apt. Safe to run again: dist/ is replaced as a whole.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

PKG=atelier-frontend
NAME=atelier_frontend
TARGET=wasm32-unknown-unknown
TARGET_DIR="${CARGO_TARGET_DIR:-target}/wasm"
DIST=frontend/dist

# Size over speed for the browser; only this build sees these overrides.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=z
export CARGO_PROFILE_RELEASE_LTO=true
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
export CARGO_PROFILE_RELEASE_PANIC=abort
export CARGO_PROFILE_RELEASE_DEBUG=false
# Leptos type-erases component views under this cfg: about 10% less wasm.
export RUSTFLAGS="${RUSTFLAGS:-} --cfg erase_components"

# ---- 0. the wasm-bindgen CLI of exactly the locked version ----------------------------
# Installed (once, a few minutes) in the background while the wasm compiles.
wb_version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/^version = "|"$/, ""); print; exit }' Cargo.lock)
[ -n "$wb_version" ] || { echo "error: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
wasm_bindgen="$(command -v wasm-bindgen || echo "${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen")"
wb_install=""
if [ "$("$wasm_bindgen" --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  log "installing wasm-bindgen-cli $wb_version in the background (once; takes a few minutes)"
  cargo install wasm-bindgen-cli --version "=$wb_version" --locked --quiet &
  wb_install=$!
  wasm_bindgen="${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen"
fi

# ---- 1. compile to wasm32 ----------------------------------------------------------
if rustup target list --installed 2>/dev/null | grep -qx "$TARGET"; then
  log "building $PKG with rustup's $TARGET target"
  cargo build --release --locked --target "$TARGET" --target-dir "$TARGET_DIR" -p "$PKG"
else
  need_apt rustc-web cargo-web rust-web-src lld-22
  if ! /usr/bin/rustc --print target-list | grep -qx "$TARGET"; then
    echo "error: /usr/bin/rustc cannot target $TARGET (is rustc-web installed?)" >&2
    exit 1
  fi
  log "building $PKG with Debian's $(/usr/bin/rustc --version | cut -d' ' -f1-2) and std from source"
  RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/bin/wasm-ld-22 \
    /usr/bin/cargo build --release --locked --target "$TARGET" --target-dir "$TARGET_DIR" \
      -Zbuild-std=std,panic_abort -p "$PKG"
fi
wasm="$TARGET_DIR/$TARGET/release/$PKG.wasm"
[ -f "$wasm" ] || { echo "error: $wasm was not produced" >&2; exit 1; }

# ---- 2. wait for the wasm-bindgen CLI ----------------------------------------------
if [ -n "$wb_install" ]; then
  wait "$wb_install" || { echo "error: installing wasm-bindgen-cli $wb_version failed" >&2; exit 1; }
fi

# ---- 3. optional size pass, then the JS glue ------------------------------------------
# wasm-opt runs on rustc's output, before wasm-bindgen adds its externref table:
# Debian's binaryen 108 renumbers table exports wrongly in modules with two tables.
# If wasm-bindgen cannot digest the optimised module, it gets the original.
stage="$TARGET_DIR/bindgen"
rm -rf "$stage"
input="$wasm"
if [ -x /usr/bin/wasm-opt ] && [ "${WASM_OPT:-1}" != 0 ]; then
  log "wasm-opt -Oz (WASM_OPT=0 skips it)"
  # The features rustc enables by default for wasm32-unknown-unknown.
  if /usr/bin/wasm-opt -Oz \
      --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-reference-types --enable-multivalue \
      -o "$TARGET_DIR/$NAME.opt.wasm" "$wasm"; then
    input="$TARGET_DIR/$NAME.opt.wasm"
  else
    log "wasm-opt failed; using the unoptimised module"
  fi
fi
bindgen() {
  "$wasm_bindgen" --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir "$stage" --out-name "$NAME" "$1"
}
if ! bindgen "$input"; then
  [ "$input" != "$wasm" ] || exit 1
  log "wasm-bindgen rejected the optimised module; using the unoptimised one"
  rm -rf "$stage"
  bindgen "$wasm"
fi

# ---- 4. assemble dist/ with content-hashed assets ------------------------------------
cp frontend/style.css "$stage/style.css"
# The boot script is a file, not inline, so the CSP needs no 'unsafe-inline'.
printf "import init from './%s.js';\ninit();\n" "$NAME" >"$stage/boot.js"
hash=$( (cd "$stage" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 cat) | sha256sum | cut -c1-16)

next="$DIST.next"
rm -rf "$next"
mkdir -p "$next/assets/$hash"
cp -R "$stage/." "$next/assets/$hash/"
cat >"$next/index.html" <<HTML
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Atelier</title>
  <meta name="description" content="Atelier: design challenges run by our community.">
  <link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='4' fill='%23b4432f'/%3E%3C/svg%3E">
  <link rel="stylesheet" href="/assets/$hash/style.css">
  <link rel="modulepreload" href="/assets/$hash/$NAME.js">
  <link rel="preload" href="/assets/$hash/${NAME}_bg.wasm" as="fetch" type="application/wasm" crossorigin>
</head>
<body>
  <!-- First paint: the header and a skeleton of the page, from style.css alone, while
       the WASM loads; the app removes #boot once it has mounted. -->
  <div id="boot" class="boot" aria-busy="true">
    <header class="site-header">
      <div class="header-inner">
        <a href="/" class="brand"><span class="brand-mark" aria-hidden="true"></span><span class="brand-name">Atelier</span></a>
      </div>
    </header>
    <div class="boot-main">
      <p class="visually-hidden" role="status">Loading… <span lang="zh-TW">載入中…</span></p>
      <div class="skeleton skeleton-title" aria-hidden="true"></div>
      <div class="skeleton skeleton-line" aria-hidden="true"></div>
      <div class="skeleton-grid" aria-hidden="true">
        <div class="skeleton skeleton-card"></div>
        <div class="skeleton skeleton-card"></div>
        <div class="skeleton skeleton-card"></div>
      </div>
    </div>
  </div>
  <noscript>
    <p class="noscript">Atelier needs JavaScript to run in your browser. Please enable it and reload the page.</p>
    <p class="noscript" lang="zh-TW">Atelier 需要 JavaScript 才能運作，請啟用後重新載入頁面。</p>
  </noscript>
  <script type="module" src="/assets/$hash/boot.js"></script>
</body>
</html>
HTML
# Precompressed forms of every asset, served as they are (backend/src/spa.rs):
# nothing static is compressed per request.
need_apt brotli
find "$next/assets" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) -print0 |
  while IFS= read -r -d '' f; do
    brotli -q 11 -f -k -o "$f.br" "$f"
    gzip -9 -n -k -f "$f"
  done
rm -rf "$DIST"
mv "$next" "$DIST"

raw=$(wc -c <"$DIST/assets/$hash/${NAME}_bg.wasm")
gz=$(wc -c <"$DIST/assets/$hash/${NAME}_bg.wasm.gz")
br=$(wc -c <"$DIST/assets/$hash/${NAME}_bg.wasm.br")
log "frontend built: $DIST (assets/$hash)"
printf 'wasm size: %s bytes, %s KiB gzipped, %s KiB brotli\n' "$raw" "$(( (gz + 1023) / 1024 ))" "$(( (br + 1023) / 1024 ))"
