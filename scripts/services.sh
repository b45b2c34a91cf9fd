#!/usr/bin/env bash
# Starts (or stops) the real services the test suite talks to, on loopback only. Idempotent: `start` on a machine where
# they already run is a no-op. Needs the Debian packages that .ci/run installs (PostgreSQL 15 is in the image).
#
#   scripts/services.sh start   # PostgreSQL 15 on 127.0.0.1:5432 with role cp/cp (superuser, creates test databases)
#                               # + sshd test hosts on 127.0.0.1:2222 and 127.0.0.2:2222 (key login as root, for Ansible)
#                               # + the CockroachDB stand-in's `cockroach` shim at $SSHD_DIR/standin/bin/cockroach
#   scripts/services.sh stop    # also stops stand-in nodes and haproxy instances the fixture playbooks started
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

# sshd test hosts: ONE sshd listening on two loopback addresses stands in for two cluster nodes. Keys (host key and
# the client key the tests hand to ansible) are generated once under $SSHD_DIR; nothing touches ~/.ssh.
SSHD_DIR=${CP_TEST_SSHD_DIR:-/tmp/cp-test-sshd}
SSHD_PORT=2222
SSHD_HOSTS=(127.0.0.1 127.0.0.2)

sshd_pid() { [ -f "$SSHD_DIR/sshd.pid" ] && cat "$SSHD_DIR/sshd.pid" 2>/dev/null || true; }
sshd_running() {
  local pid; pid=$(sshd_pid)
  # A zombie (stat Z) is not a running sshd: treat it as stopped.
  [ -n "$pid" ] && [ -n "$(ps -o stat= -p "$pid" 2>/dev/null | grep -v Z)" ]
}

start_sshd() {
  if [ ! -x /usr/sbin/sshd ]; then
    echo "services: sshd is not installed (apt-get install -y openssh-server)" >&2; exit 1
  fi
  mkdir -p /run/sshd "$SSHD_DIR"
  chmod 700 "$SSHD_DIR"
  [ -f "$SSHD_DIR/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/host_ed25519"
  [ -f "$SSHD_DIR/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C cp-test -f "$SSHD_DIR/client_ed25519"
  cp "$SSHD_DIR/client_ed25519.pub" "$SSHD_DIR/authorized_keys"
  {
    echo "Port $SSHD_PORT"
    for h in "${SSHD_HOSTS[@]}"; do echo "ListenAddress $h"; done
    echo "HostKey $SSHD_DIR/host_ed25519"
    echo "PidFile $SSHD_DIR/sshd.pid"
    echo "AuthorizedKeysFile $SSHD_DIR/authorized_keys"
    echo "PasswordAuthentication no"
    echo "KbdInteractiveAuthentication no"
    echo "PermitRootLogin prohibit-password"
    echo "StrictModes no"
    echo "UsePAM no"
    echo "MaxStartups 50:30:100"
    echo "Subsystem sftp internal-sftp"
  } > "$SSHD_DIR/sshd_config"
  if ! sshd_running; then
    /usr/sbin/sshd -f "$SSHD_DIR/sshd_config" -E "$SSHD_DIR/sshd.log"
    for _ in $(seq 1 50); do sshd_running && break; sleep 0.1; done
  fi
}

# Every descendant of a pid (children first found, then theirs).
descendants() { local c; for c in $(pgrep -P "$1" 2>/dev/null || true); do echo "$c"; descendants "$c"; done; }

stop_sshd() {
  local pid p; pid=$(sshd_pid)
  if [ -n "$pid" ]; then
    # Sessions outlive the listener: end the listener's own descendants first (never other sshd instances).
    for p in $(descendants "$pid"); do kill "$p" 2>/dev/null || true; done
    kill "$pid" 2>/dev/null || true
  fi
  rm -f "$SSHD_DIR/sshd.pid"
  # ansible's ControlPersist masters for the test hosts keep their sockets in $SSHD_DIR (see test/helpers/clusters.ts).
  for p in $(pgrep -f "ssh: $SSHD_DIR/" 2>/dev/null || true); do kill "$p" 2>/dev/null || true; done
}

# The CockroachDB stand-in (tools/cockroach-standin): the sshd "hosts" are this machine, so a playbook run over SSH
# executes this wrapper as the installed `cockroach` (each node's per-version wrapper sets COCKROACH_STANDIN_VERSION
# and execs it). Simulated clusters keep their state in PostgreSQL databases named crdb_<cluster key>[_<db>].
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# One wrapper per checkout (the test playbooks take its path from TEST_COCKROACH_BIN, which `env` prints), so two
# clones running their suites on one machine never run each other's stand-in.
STANDIN_BIN=$SSHD_DIR/standin/$(printf '%s' "$REPO_DIR" | sha256sum | cut -c1-12)/bin/cockroach
TEST_NODES_DIR=/tmp/cp-test-nodes
PG_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres

write_standin_shim() {
  mkdir -p "$(dirname "$STANDIN_BIN")"
  {
    echo '#!/usr/bin/env bash'
    echo '# Written by scripts/services.sh: the CockroachDB stand-in'"'"'s cockroach binary for the sshd test hosts.'
    echo "export COCKROACH_STANDIN_PG_URL=\${COCKROACH_STANDIN_PG_URL:-$PG_URL}"
    echo "export COCKROACH_STANDIN_NODE=$(command -v node)"
    echo "exec $REPO_DIR/tools/cockroach-standin/cli/cockroach \"\$@\""
  } > "$STANDIN_BIN"
  chmod 755 "$STANDIN_BIN"
}

# A live stand-in node process (not a zombie, §2.11 of the environment facts): its command line names the entry point.
standin_nodes_running() {
  local p
  for p in $(pgrep -f 'cockroach-standin/node/main.ts' 2>/dev/null || true); do
    ps -o stat= -p "$p" 2>/dev/null | grep -qv Z && return 0
  done
  return 1
}

# Leftover simulated clusters (from a killed test run) are dropped, but never from under a running node.
drop_leftover_standin_dbs() {
  standin_nodes_running && return 0
  local db
  for db in $(su postgres -c "psql -p $PG_PORT -tAc \"SELECT datname FROM pg_database WHERE datname LIKE 'crdb\\_%'\""); do
    su postgres -c "psql -q -p $PG_PORT -c 'DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)'" >/dev/null
  done
}

# Stand-in nodes and haproxy instances the fixture playbooks started: each left a pid file under $TEST_NODES_DIR.
# Only a pid whose command line is a stand-in node or haproxy is signalled (a stale pid file may name a reused pid).
stop_test_nodes() {
  local f pid
  [ -d "$TEST_NODES_DIR" ] || return 0
  for f in $(find "$TEST_NODES_DIR" -maxdepth 3 -name '*.pid' 2>/dev/null); do
    pid=$(cat "$f" 2>/dev/null || true)
    if [ -n "$pid" ] && grep -qaE 'cockroach-standin|haproxy' "/proc/$pid/cmdline" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
  done
}

case "${1:-}" in
  start) start_pg; start_sshd; write_standin_shim; drop_leftover_standin_dbs
    echo "services: postgresql $PG_VERSION on 127.0.0.1:$PG_PORT; sshd on ${SSHD_HOSTS[*]} port $SSHD_PORT" ;;
  stop) stop_test_nodes; stop_pg; stop_sshd; echo "services: stopped" ;;
  status) pg_running && sshd_running ;;
  env) echo "TEST_PG_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres TEST_SSH_KEY=$SSHD_DIR/client_ed25519 TEST_SSH_PORT=$SSHD_PORT TEST_COCKROACH_BIN=$STANDIN_BIN" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
