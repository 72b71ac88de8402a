#!/usr/bin/env bash
# npm run compose:up / compose:down (issue 17): docker-compose.yml with the
# images infra/containers/ builds, on podman here.
#   up            builds what is missing (npm run images:build), brings every
#                 service up and waits until the web UI and web's sidecar answer
#   down          stops and removes the containers; the volumes (database,
#                 Kafka, Redis, generated secrets) stay for the next up
#   down -v       also removes the volumes: every task and secret is gone, and
#                 the next up generates new secrets on an empty database
#   token         prints the sidecars' Dapr API token of the running deployment
#   ps | logs ... passed to the compose tool
# The tool: TASKMESH_COMPOSE=docker-compose (docker compose v2 built by
# setup.sh, talking to podman's Docker API; the default here), podman-compose
# (from PyPI), or docker (a `docker compose` on PATH, with Docker elsewhere).
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
close_inherited_fds

PROJECT=taskmesh
TOOL="${TASKMESH_COMPOSE:-docker-compose}"
WEB_URL=http://127.0.0.1:3100
SIDECAR_URL=http://127.0.0.1:3500

compose() {
  case "${TOOL}" in
    docker-compose)
      [ -x "${BIN_DIR}/docker-compose" ] || "${INFRA_DIR}/setup.sh" --all
      bash "${INFRA_DIR}/containers/podman-api.sh" start
      (eval "$(bash "${INFRA_DIR}/containers/podman-api.sh" env)" && exec "${BIN_DIR}/docker-compose" -p "${PROJECT}" "$@") ;;
    podman-compose)
      [ -x "${PODMAN_COMPOSE_HOME}/bin/podman-compose" ] || "${INFRA_DIR}/setup.sh" --all
      # It logs through syslog by default, and this machine has none.
      "${PODMAN_COMPOSE_HOME}/bin/podman-compose" -p "${PROJECT}" "$@" ;;
    docker) docker compose -p "${PROJECT}" "$@" ;;
    *) die "TASKMESH_COMPOSE=${TOOL}: expected docker-compose, podman-compose or docker" ;;
  esac
}

engine() { if [ "${TOOL}" = docker ]; then docker "$@"; else podman "$@"; fi; }

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }

# all_healthy [verbose]: runs every running container's health check now.
# Podman schedules health checks with systemd timers and this machine has no
# systemd, so nothing else runs them (docker does, on its own).
all_healthy() {
  local id name check failed=0
  while read -r id name check; do
    [ -n "${check}" ] || continue # no health check defined
    podman healthcheck run "${id}" >/dev/null 2>&1 || { failed=1; [ -z "${1:-}" ] || echo "    unhealthy: ${name}"; }
  done < <(podman ps --filter "label=com.docker.compose.project=${PROJECT}" --format '{{.ID}} {{.Names}}' |
    while read -r id name; do
      echo "${id} ${name} $(podman inspect --format '{{if .Config.Healthcheck}}yes{{end}}' "${id}")"
    done)
  return "${failed}"
}

up() {
  local started=${SECONDS}
  [ "${TOOL}" = docker ] || bash "${INFRA_DIR}/containers/build-images.sh"
  step "Starting the compose deployment (${TOOL})"
  local up_started=${SECONDS}
  (cd "${REPO_DIR}" && compose up -d --no-build)
  wait_for "the web UI" 300 http_ok "${WEB_URL}/healthz" || {
    (cd "${REPO_DIR}" && compose ps) >&2 || true
    die "the web UI does not answer on ${WEB_URL} (npm run compose:logs -- web)"
  }
  wait_for "web's sidecar" 120 http_ok "${SIDECAR_URL}/v1.0/healthz" || die "web's sidecar does not answer on ${SIDECAR_URL}"
  [ "${TOOL}" = docker ] || wait_for "every service healthy" 300 all_healthy || {
    all_healthy verbose >&2 || true
    die "not every service reports healthy (npm run compose:logs -- <service>)"
  }
  step "Compose deployment up in $(elapsed_since "${up_started}") (with image checks: $(elapsed_since "${started}"))"
  detail "web UI: http://localhost:3100   web's sidecar API: ${SIDECAR_URL} (token: npm run --silent dapr-token)"
}

down() {
  local started=${SECONDS}
  step "Stopping the compose deployment (${TOOL})${1:+, removing its volumes}"
  (cd "${REPO_DIR}" && compose down ${1:+-v})
  step "Compose deployment down in $(elapsed_since "${started}")"
}

# The token lives in the `tokens` volume the state service filled on the first up.
token() {
  engine run --rm --network none -v "${PROJECT}_tokens:/tokens:ro" "localhost/taskmesh/base:bookworm" \
    cat /tokens/dapr-api-token
}

command="${1:-}"
shift || true
case "${command}" in
  up) up ;;
  down)
    case "${1:-}" in "") down ;; -v | --volumes) down -v ;; *) die "compose:down takes only -v" ;; esac ;;
  token) token ;;
  ps | logs | config | stop) (cd "${REPO_DIR}" && compose "${command}" "$@") ;;
  *) die "usage: compose.sh up | down [-v] | token | ps | logs [service] | config" ;;
esac
