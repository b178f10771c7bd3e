#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3 server + web workbench with a real Node extension host) into
# .vscode-test/code-server/, offline-safe: only the npm registry and Debian apt are used. Idempotent: a second run
# with the right version in place returns at once. Used by scripts/test-editor.mjs; safe to run by hand.
#
#   scripts/setup-code-server.sh [DEST]   -> DEST/node_modules/.bin/code-server   (DEST defaults to .vscode-test/code-server)
set -euo pipefail

CS_VERSION=4.100.3   # the last code-server whose engines.node is 20 (4.103+ need Node 22)
RG_PKG_VERSION=1.15.11   # @vscode/ripgrep version pinned by code-server 4.100.3's lib/vscode/npm-shrinkwrap.json
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz   # the asset name @vscode/ripgrep's postinstall looks for

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST=${1:-$ROOT/.vscode-test/code-server}
BIN=$DEST/node_modules/.bin/code-server
# code-server writes a default config.yaml into $XDG_CONFIG_HOME on every start (even for --version): keep it here.
export XDG_CONFIG_HOME="$DEST/xdg-config"

if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "^$CS_VERSION "; then
  echo "code-server $CS_VERSION already installed in $DEST"
  exit 0
fi

# Build and runtime prerequisites: gssapi headers for code-server's kerberos module, Debian's ripgrep instead of the
# GitHub download, chromium for the UI tests.
missing=()
for pkg in libkrb5-dev ripgrep chromium; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "missing apt packages: ${missing[*]} (install them as root)" >&2; exit 1; fi
  apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"
fi

mkdir -p "$DEST"
cd "$DEST"
# @vscode/ripgrep's postinstall first looks for its tarball in $TMPDIR/vscode-ripgrep-cache-<version>/: seed it with
# Debian's rg so nothing is fetched from GitHub.
export TMPDIR="$DEST/tmp"
mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RG_PKG_VERSION" "$TMPDIR/rg"
cp /usr/bin/rg "$TMPDIR/rg/rg"
tar czf "$TMPDIR/vscode-ripgrep-cache-$RG_PKG_VERSION/$RG_ASSET" -C "$TMPDIR/rg" rg
[ -f package.json ] || echo '{"name":"smtp-lint-code-server-host","private":true}' > package.json

# --unsafe-perm: code-server's postinstall refuses to run as root without npm_config_unsafe_perm (npm 11 calls the flag
#   unknown but still exports it).
# npm_config_yes=true: node-pty's postinstall calls `npx node-gyp`, which aborts when npm is configured with yes=false.
npm_config_yes=true npm install --unsafe-perm --no-audit --no-fund "code-server@$CS_VERSION"

test -x node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg
"$BIN" --version | grep "^$CS_VERSION "
