#!/usr/bin/env bash
# `npm test`: everything from nothing — dependencies, build, lint, the pinned real n8n — then the
# five test tiers (unit, sandbox, engine, e2e, queue). Prints one closing line "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(date +%s)
bash scripts/ensure-deps.sh
npm run build --silent
npm run lint --silent
# n8n's verification scanner on the source and on the packed tarball (fails on any violation)
node scripts/scan-package.mjs

# One jest run per tier; its figures go to the file the closing summary reads
# (test/helpers/summary-reporter.js: jest's own --json is lost when a failure cannot be serialised).
# With a filter (`npm test -- <path or pattern>`), a tier holding none of the named tests passes.
filtered=()
if [ $# -gt 0 ]; then filtered=(--passWithNoTests); fi
jest_tier() {
  local figures=$1
  shift
  JEST_SUMMARY_FILE="$figures" npx jest --reporters=default --reporters=./test/helpers/summary-reporter.js \
    "${filtered[@]}" "$@"
}

mkdir -p .cache
rm -f .cache/jest-*.json .cache/queue-services-ready
POLLING_E2E=test/e2e/consonance-trigger.test.js
# What only the later tiers need installs while the unit, sandbox and engine tiers run (on a clean
# machine that is minutes of downloading and unpacking): the pinned real n8n, and Debian's chromium
# (the editor test) then PostgreSQL and Redis (the queue tier), one apt-get after the other.
bash scripts/install-n8n.sh >.cache/install-n8n.log 2>&1 &
n8n_install=$!
(
  bash scripts/install-browser.sh >.cache/install-browser.log 2>&1 || echo "install-browser.sh failed" >>.cache/install-browser.log
  bash scripts/install-queue-services.sh >.cache/install-queue.log 2>&1 && touch .cache/queue-services-ready
) &
debian_installs=$!
status=0
jest_tier .cache/jest-fast.json --selectProjects unit sandbox engine --maxWorkers=2 "$@" || status=$?

n8n_installed=0
wait "$n8n_install" || n8n_installed=$?
wait "$debian_installs" || true
cat .cache/install-n8n.log .cache/install-browser.log .cache/install-queue.log
trap 'bash scripts/stop-queue-services.sh' EXIT
if [ "$n8n_installed" != 0 ]; then
  echo "install-n8n.sh failed (exit $n8n_installed): the real-n8n tiers cannot run" >&2
  status=1 # no .cache/jest-e2e.json nor jest-queue.json: the summary counts both tiers as failed
else
  # A real n8n per test file is heavy on a 2-core machine: one file at a time. --forceExit: a handle
  # left open by a test must not keep a CI run waiting until its time limit. The Consonance Trigger's
  # file spends most of its minutes idle, waiting for n8n's once-a-minute polls: in a full run it
  # goes beside the others (its own jest, its own n8n on its own ports), its output printed after.
  if [ $# -eq 0 ]; then
    jest_tier .cache/jest-e2e-polls.json --selectProjects e2e --runInBand --forceExit "$POLLING_E2E" \
      >.cache/e2e-polls.log 2>&1 &
    polls=$!
    jest_tier .cache/jest-e2e.json --selectProjects e2e --runInBand --forceExit \
      --testPathIgnorePatterns /node_modules/ "$POLLING_E2E" || status=$?
    wait "$polls" || status=$?
    cat .cache/e2e-polls.log
  else
    jest_tier .cache/jest-e2e.json --selectProjects e2e --runInBand --forceExit "$@" || status=$?
  fi
  # The queue-mode tier: a private PostgreSQL cluster and Redis on free ports per test file, one file
  # at a time. stop-queue-services.sh stops whatever a killed run left behind (a normal or failed run
  # stops its own in the test's afterAll / on exit).
  if [ -f .cache/queue-services-ready ]; then
    jest_tier .cache/jest-queue.json --selectProjects queue --runInBand --forceExit "$@" || status=$?
  else
    echo "install-queue-services.sh failed: see above" >&2
    status=1 # no .cache/jest-queue.json: the summary counts the tier as failed
  fi
fi

echo "npm test took $(( $(date +%s) - started )) s"
node -e '
const fs = require("fs");
let passed = 0, failed = 0, skipped = 0;
const tiers = {};
const polls = process.argv[1] === "0" ? [".cache/jest-e2e-polls.json"] : [];
for (const f of [".cache/jest-fast.json", ".cache/jest-e2e.json", ...polls, ".cache/jest-queue.json"]) {
  if (!fs.existsSync(f)) { failed++; continue; }
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
  skipped += r.numPendingTests + r.numTodoTests;
  for (const file of r.testResults) {
    const tier = (/test\/(\w+)\//.exec(file.name) || [, "other"])[1];
    const t = (tiers[tier] ??= { passed: 0, failed: 0 });
    for (const a of file.assertionResults) { if (a.status === "passed") t.passed++; else if (a.status === "failed") t.failed++; }
  }
}
for (const [tier, t] of Object.entries(tiers)) console.log(`  ${tier}: ${t.passed} passed, ${t.failed} failed`);
console.log(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$#"
exit $status
