#!/usr/bin/env bash
# Sets everything up on a fresh Debian machine (Node 20 + npm already there) and runs the main job:
# lint the bundled examples. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# System tools the tests use: php -l and ruby -c check fixed PHP and Ruby files; chromium, libkrb5-dev and ripgrep run the real-editor
# tests (code-server); wordpress is a large real tree for tests and benchmarks; hyperfine times benchmarks.
packages=(php-cli ruby chromium libkrb5-dev ripgrep wordpress hyperfine)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "note: not root, cannot install ${missing[*]} (some tests will be skipped)" >&2
  fi
fi

npm ci --no-audit --no-fund
npm run build
# A real VS Code for the editor tests (code-server, offline-safe install into .vscode-test/).
bash scripts/setup-code-server.sh

echo
echo "== smtp-lint examples (findings are expected: the examples are broken on purpose) =="
node bin/smtp-lint.js examples || true
