#!/usr/bin/env bash
# The queue-mode tier (test/queue) runs n8n against a real PostgreSQL and Redis. This installs
# Debian's `postgresql` and `redis-server` when their binaries are missing (a clean CI machine):
# ≈ 10-30 s the first time, a file check afterwards. The packages' own services are not used (and
# their maintainer scripts do not start them in a container): test/helpers/queue.js starts
# a private cluster and a private Redis on free ports for each test file.
set -euo pipefail

have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
have_redis() { command -v redis-server >/dev/null 2>&1; }

if have_postgres && have_redis; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-queue-services: postgresql and redis-server are needed; run as root, or install them with" >&2
  echo "  apt-get install -y postgresql redis-server" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-queue-services: no apt-get here; install PostgreSQL (initdb, pg_ctl) and redis-server by hand" >&2
  exit 1
fi
echo "Installing PostgreSQL and Redis (Debian packages) for the queue-mode tier…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql redis-server >/dev/null
have_postgres && have_redis || { echo "install-queue-services: installation did not provide initdb and redis-server" >&2; exit 1; }
