#!/usr/bin/env bash
# Stops Taskmesh's infrastructure: all of it, or only the servers named
# (postgres, redis, kafka, mail-catcher, sentry). Data stays in the cache directory.
source "$(dirname "$0")/lib.sh"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sentry mail-catcher kafka redis postgres)

# stop_pid NAME PIDFILE: SIGTERM, then SIGKILL after 30 s.
stop_pid() {
  pid_alive "$2" || { rm -f "$2"; return 0; }
  local pid; pid=$(cat "$2")
  step "Stopping $1 (pid ${pid})"
  kill "${pid}" 2>/dev/null || true
  wait_for "$1 to stop" 30 bash -c "! kill -0 ${pid} 2>/dev/null" || kill -9 "${pid}" 2>/dev/null || true
  rm -f "$2"
}

for target in "${targets[@]}"; do
  case "${target}" in
    sentry) stop_pid sentry "${STATE_DIR}/sentry.pid" ;;
    mail-catcher) stop_pid mail-catcher "${STATE_DIR}/mail-catcher.pid" ;;
    kafka) stop_pid kafka "${STATE_DIR}/kafka/kafka.pid" ;;
    redis) stop_pid redis "${STATE_DIR}/redis/redis.pid" ;;
    postgres)
      # Fast shutdown: a smart one would wait for every client to disconnect.
      if pg_alive; then step "Stopping postgres"; pg_run "${PG_BIN}/pg_ctl" -D "${PG_DATA}" -m fast -w stop >/dev/null; fi ;;
    *) die "unknown server: ${target} (expected postgres, redis, kafka, mail-catcher or sentry)" ;;
  esac
done
