#!/usr/bin/env bash
# `npm run demo`: from a fresh checkout to a running n8n with our nodes, credentials and templates,
# talking to the local sandbox. Installs what is missing (dev dependencies, the build, Node 24 and
# the pinned n8n in ~/.cache), then hands over to scripts/demo.js, which runs until Ctrl+C.
# Options (environment): DEMO_N8N_PORT (5678), DEMO_N8N_EMAIL, DEMO_N8N_PASSWORD, DEMO_RESET=1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ ! -x node_modules/.bin/tsc ] || [ ! -d node_modules/n8n-workflow ]; then
  echo "[demo] installing dev dependencies (npm ci, about 45 s; .npmrc sets ignore-scripts=true)"
  npm ci --no-audit --no-fund
fi

echo "[demo] building the package (npm run build)"
npm run build --silent

# Node 24 and n8n (about 5 minutes and 2.8 GB the first time, then a file check). The library's
# installer takes a lock, so a test run installing at the same time is waited for, not repeated.
node -e '
  require("./scripts/lib/n8n").installN8n({ inherit: true, log: (m) => console.log("[demo] " + m) })
    .catch((e) => { console.error("[demo] " + e.message); process.exit(1); });
'

exec node scripts/demo.js "$@"
