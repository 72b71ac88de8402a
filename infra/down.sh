#!/usr/bin/env bash
# Stops Taskmesh's infrastructure: all of it, or only the servers named
# (postgres, redis, kafka, mail-catcher, sentry, containers). Data stays in the
# cache directory. `containers` stops (and removes) the containers of
# TASKMESH_INFRA=containers; while they run, postgres, redis or kafka alone
# stops just that container (tests stop Kafka), and up.sh starts it again.
source "$(dirname "$0")/lib.sh"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sentry mail-catcher containers kafka redis postgres)

# stop_pid NAME PIDFILE [SECONDS]: SIGTERM, then SIGKILL after SECONDS (30).
stop_pid() {
  pid_alive "$2" || { rm -f "$2"; return 0; }
  local pid; pid=$(cat "$2")
  step "Stopping $1 (pid ${pid})"
  kill "${pid}" 2>/dev/null || true
  wait_for "$1 to stop" "${3:-30}" bash -c "! kill -0 ${pid} 2>/dev/null" || kill -9 "${pid}" 2>/dev/null || true
  rm -f "$2"
}

containers_run() { pid_alive "${TEST_INFRA_PID}"; }

# stop_container SERVER: stops one of them with its image's stop signal (SIGKILL after 30 s).
stop_container() {
  step "Stopping the $1 container (taskmesh-infra-$1)"
  podman_quiet stop --time 30 "taskmesh-infra-$1"
}

stop_containers() {
  # test-infra.ts stops and removes its containers on SIGTERM, within 30 s each
  # (in parallel); a start still under way finishes first.
  stop_pid "PostgreSQL, Redis and Kafka in containers" "${TEST_INFRA_PID}" 240
  # Left only when it was killed before it could clean up (SIGKILL, a crash).
  command -v podman >/dev/null || return 0
  local left
  left=$(podman ps --all --quiet --filter label=taskmesh.infra=test)
  [ -z "${left}" ] && return 0
  step "Removing containers a killed run left: ${left//$'\n'/ }"
  # shellcheck disable=SC2086 # one id a word
  podman_quiet rm --force --time 0 ${left}
}

for target in "${targets[@]}"; do
  case "${target}" in
    sentry) stop_pid sentry "${STATE_DIR}/sentry.pid" ;;
    mail-catcher) stop_pid mail-catcher "${STATE_DIR}/mail-catcher.pid" ;;
    containers) stop_containers ;;
    kafka) if containers_run; then stop_container kafka; else stop_pid kafka "${STATE_DIR}/kafka/kafka.pid"; fi ;;
    redis) if containers_run; then stop_container redis; else stop_pid redis "${STATE_DIR}/redis/redis.pid"; fi ;;
    postgres)
      # Fast shutdown: a smart one would wait for every client to disconnect.
      if containers_run; then stop_container postgres
      elif pg_alive; then step "Stopping postgres"; pg_run "${PG_BIN}/pg_ctl" -D "${PG_DATA}" -m fast -w stop >/dev/null; fi ;;
    *) die "unknown server: ${target} (expected postgres, redis, kafka, mail-catcher, sentry or containers)" ;;
  esac
done
