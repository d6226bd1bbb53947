#!/usr/bin/env bash
# Stops what a queue-tier run (test/queue) left running because it was killed before its own clean-up
# (test/helpers/queue.js stops its PostgreSQL cluster and Redis in afterAll and on exit): each private
# cluster under $TMPDIR/n8n-queue-*/pg-*/data and each Redis whose pid is in $TMPDIR/n8n-queue-*/redis.pid.
# Called by scripts/test.sh on exit; does nothing when nothing is left.
set -uo pipefail
root="${TMPDIR:-/tmp}"
for data in "$root"/n8n-queue-*/pg-*/data; do
  [ -f "$data/postmaster.pid" ] || continue
  pg_ctl=$(compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' | sort -V | tail -n 1)
  [ -n "$pg_ctl" ] || break
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  else
    "$pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  fi
  echo "stop-queue-services: stopped the PostgreSQL cluster left in $data"
done
for pidfile in "$root"/n8n-queue-*/redis.pid; do
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = redis-server ]; then
    kill "$pid" 2>/dev/null && echo "stop-queue-services: stopped the Redis left running (pid $pid)"
  fi
done
exit 0
