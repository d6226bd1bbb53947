#!/usr/bin/env bash
# Debian's chromium, for the editor test (test/e2e/editor.test.js) and `npm run screenshots`, which
# drive it with playwright-core. No-op when /usr/bin/chromium is there. Needs root (or sudo) and a
# Debian-based system; set SKIP_BROWSER_INSTALL=1 to skip (the browser tests then fail, saying so).
set -euo pipefail
if [ -x /usr/bin/chromium ] || [ "${SKIP_BROWSER_INSTALL:-}" = "1" ]; then exit 0; fi
sudo=""
if [ "$(id -u)" != "0" ]; then
  command -v sudo >/dev/null || { echo "install-browser: need root or sudo to apt-get install chromium" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing Debian's chromium (apt-get)…"
# Waits for another apt/dpkg run to finish instead of failing on its lock.
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
  chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
