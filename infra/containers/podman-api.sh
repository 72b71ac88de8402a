#!/usr/bin/env bash
# Podman's Docker-compatible API on a unix socket, for testcontainers (and
# docker compose) on a machine without Docker (issue 17).
#   start  starts `podman system service` unless it already answers (idempotent,
#          safe when several test runs start at once); it exits by itself after
#          TASKMESH_PODMAN_API_IDLE seconds without a client (600), so no run has
#          to stop it under another that still uses it
#   stop   stops the service this script started (its pid file)
#   env    prints the environment testcontainers needs, as export lines:
#          eval "$(bash infra/containers/podman-api.sh env)"
# Socket: ${STATE_DIR}/run/podman.sock (TASKMESH_PODMAN_SOCKET); pid file:
# ${STATE_DIR}/podman-api.pid; log: ${LOG_DIR}/podman-api.log.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

SOCKET="${TASKMESH_PODMAN_SOCKET:-${RUN_DIR}/podman.sock}"
PIDFILE="${STATE_DIR}/podman-api.pid"
LOG="${LOG_DIR}/podman-api.log"
IDLE="${TASKMESH_PODMAN_API_IDLE:-600}"

answers() { [ "$(curl -s --max-time 5 --unix-socket "${SOCKET}" http://podman/_ping)" = OK ]; }

start() {
  # One starter at a time: a second waits, then finds the service answering.
  exec 9>"${RUN_DIR}/podman-api.lock"
  flock 9
  if answers; then return 0; fi
  command -v podman >/dev/null || die "podman is not installed: run \`npm run images:build\` (it installs it)"
  pid_alive "${PIDFILE}" && kill "$(cat "${PIDFILE}")" 2>/dev/null # alive but not answering
  rm -f "${SOCKET}"
  step "Starting podman's Docker API on ${SOCKET} (exits after ${IDLE}s without clients)"
  # Its own session, so it outlives the test run (and Ctrl-C) that started it;
  # from /, since it outlives the caller's working directory too: when that is
  # deleted (a worktree removed), conmon fails every container start ("Failed
  # to get working directory"; the API answers "write child: broken pipe").
  close_inherited_fds
  (cd / && exec setsid nohup podman system service --time="${IDLE}" "unix://${SOCKET}") >>"${LOG}" 2>&1 &
  echo $! >"${PIDFILE}"
  wait_for "podman's API" 30 answers || die "podman's API does not answer on ${SOCKET}; see ${LOG}"
}

stop() {
  pid_alive "${PIDFILE}" || { rm -f "${PIDFILE}"; return 0; }
  local pid
  pid=$(cat "${PIDFILE}")
  step "Stopping podman's Docker API (pid ${pid})"
  kill "${pid}"
  wait_for "podman's API to stop" 30 bash -c "! kill -0 ${pid} 2>/dev/null" || die "podman's API (pid ${pid}) did not stop"
  rm -f "${PIDFILE}" "${SOCKET}"
}

print_env() {
  # Ryuk (the reaper container) is an image from Docker Hub, which cannot be
  # pulled here; tests remove their own containers. /.dockerenv on this VM makes
  # testcontainers think it runs in a container and reach ports through the
  # bridge gateway; the published ports are on 127.0.0.1 (../shared/notes/containers.md §4).
  printf 'export %s\n' "DOCKER_HOST=unix://${SOCKET}" TESTCONTAINERS_RYUK_DISABLED=true \
    TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  *) die "usage: podman-api.sh start|stop|env" ;;
esac
