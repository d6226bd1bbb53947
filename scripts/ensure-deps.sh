#!/usr/bin/env bash
# Installs the project's devDependencies when node_modules is missing or older than the lockfile.
# (.npmrc sets ignore-scripts: see the comment there.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci)…"
  npm ci --no-audit --no-fund
fi
