#!/usr/bin/env bash
# Starts (or stops) the real services the test suite talks to, on loopback only. Idempotent: `start` on a machine where
# they already run is a no-op. Needs the Debian packages that .ci/run installs (PostgreSQL 15 is in the image).
#
#   scripts/services.sh start   # PostgreSQL 15 on 127.0.0.1:5432 with role cp/cp (superuser, creates test databases)
#   scripts/services.sh stop
#   scripts/services.sh status  # exit 0 when they all run
#   scripts/services.sh env     # prints the variables the tests read
set -euo pipefail

PG_VERSION=15
PG_CLUSTER=main
PG_PORT=5432
PG_USER=cp
PG_PASSWORD=cp

pg_running() { pg_lsclusters -h 2>/dev/null | awk -v v=$PG_VERSION -v c=$PG_CLUSTER '$1==v && $2==c {print $4}' | grep -q online; }

start_pg() {
  if ! command -v pg_ctlcluster >/dev/null; then
    echo "services: PostgreSQL $PG_VERSION is not installed (apt-get install -y postgresql-$PG_VERSION)" >&2; exit 1
  fi
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $PG_CLUSTER"; then
    pg_createcluster $PG_VERSION $PG_CLUSTER -p $PG_PORT >/dev/null
  fi
  if ! pg_running; then
    pg_ctlcluster $PG_VERSION $PG_CLUSTER start
  fi
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p $PG_PORT && break; sleep 0.2; done
  su postgres -c "psql -q -p $PG_PORT -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'\"" | grep -q 1 ||
    su postgres -c "psql -q -p $PG_PORT -c \"CREATE ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_PASSWORD'\""
  # Room for several cp processes and test files at once (each pool holds up to 10 connections).
  if [ "$(su postgres -c "psql -p $PG_PORT -tAc 'SHOW max_connections'")" -lt 300 ]; then
    su postgres -c "psql -q -p $PG_PORT -c 'ALTER SYSTEM SET max_connections = 300'"
    pg_ctlcluster $PG_VERSION $PG_CLUSTER restart
    for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p $PG_PORT && break; sleep 0.2; done
  fi
}

stop_pg() { if pg_running; then pg_ctlcluster $PG_VERSION $PG_CLUSTER stop; fi; }

case "${1:-}" in
  start) start_pg; echo "services: postgresql $PG_VERSION on 127.0.0.1:$PG_PORT" ;;
  stop) stop_pg; echo "services: stopped" ;;
  status) pg_running ;;
  env) echo "TEST_PG_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
