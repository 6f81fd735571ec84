#!/usr/bin/env bash
# Start or stop throwaway test services on local ports: PostgreSQL, Redis and a Chroma server.
#
#   .ci/services.sh start    # prints the REELSMITH_TEST_* exports to eval
#   .ci/services.sh stop     # stops whatever `start` started (safe to run twice)
#
# Everything lives under $REELSMITH_CI_STATE (default /tmp/reelsmith-ci-<port>) and goes away on stop.
# Ports default to ones unlikely to clash with a developer's own services.
set -euo pipefail

PG_PORT="${REELSMITH_CI_PG_PORT:-55432}"
REDIS_PORT="${REELSMITH_CI_REDIS_PORT:-56379}"
CHROMA_PORT="${REELSMITH_CI_CHROMA_PORT:-58000}"
STATE="${REELSMITH_CI_STATE:-/tmp/reelsmith-ci-$PG_PORT}"
VENV="${VENV:-.venv}"
PG_DB=reelsmith_test

log() { echo "services: $*" >&2; }

pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -n "$dir" ] && [ -x "$dir/$1" ]; then echo "$dir/$1"; else command -v "$1"; fi
}

# PostgreSQL refuses to run as root: use the `postgres` account the Debian package creates.
as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_for() {  # wait_for WHAT SECONDS COMMAND...
  local what="$1" secs="$2"; shift 2
  for _ in $(seq 1 $((secs * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  log "$what did not come up within ${secs}s"
  return 1
}

start_postgres() {
  local data="$STATE/pg"
  mkdir -p "$data"
  if [ "$(id -u)" = "0" ]; then chown -R postgres: "$STATE/pg"; fi
  # C locale, UTF-8: text sorts by code point, as SQLite does.
  as_pg "$(pg_bin initdb)" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 \
    || as_pg "$(pg_bin initdb)" -D "$data" -U postgres -A trust -E UTF8 --no-locale >"$STATE/initdb.log" 2>&1
  # Tests make a database per test (dropped after): allow plenty of connections; no durability needed.
  as_pg "$(pg_bin pg_ctl)" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $data -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c timezone=UTC" start >/dev/null
  as_pg "$(pg_bin createdb)" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
  log "PostgreSQL on 127.0.0.1:$PG_PORT"
}

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$STATE" \
    --pidfile "$STATE/redis.pid" --logfile "$STATE/redis.log" --save "" --appendonly no
  wait_for Redis 20 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping
  log "Redis on 127.0.0.1:$REDIS_PORT"
}

start_chroma() {
  local chroma="$VENV/bin/chroma"
  [ -x "$chroma" ] || { log "no $chroma: run 'make install' first"; return 1; }
  ANONYMIZED_TELEMETRY=False nohup "$chroma" run --path "$STATE/chroma" --host 127.0.0.1 --port "$CHROMA_PORT" \
    >"$STATE/chroma.log" 2>&1 &
  echo $! >"$STATE/chroma.pid"
  wait_for Chroma 60 python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$CHROMA_PORT/api/v2/heartbeat', timeout=1)"
  log "Chroma on 127.0.0.1:$CHROMA_PORT"
}

start() {
  if [ -e "$STATE" ]; then stop; fi
  mkdir -p "$STATE"
  start_postgres
  start_redis
  start_chroma
  echo "export REELSMITH_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/$PG_DB"
  echo "export REELSMITH_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
  echo "export REELSMITH_TEST_CHROMA_URL=http://127.0.0.1:$CHROMA_PORT"
}

stop() {
  [ -d "$STATE" ] || return 0
  if [ -f "$STATE/chroma.pid" ]; then
    kill "$(cat "$STATE/chroma.pid")" 2>/dev/null || true
  fi
  if [ -f "$STATE/redis.pid" ]; then
    kill "$(cat "$STATE/redis.pid")" 2>/dev/null || true
  fi
  if [ -f "$STATE/pg/postmaster.pid" ]; then
    as_pg "$(pg_bin pg_ctl)" -D "$STATE/pg" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  sleep 0.5
  rm -rf "$STATE"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
