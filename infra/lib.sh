# Shared by every infra script: where things live, which ports they use, and
# small helpers for progress and failure. Source it; do not run it.

set -euo pipefail

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "${INFRA_DIR}/.." && pwd)"
# shellcheck source=versions.env
source "${INFRA_DIR}/versions.env"

# Installs and data live in a per-user cache outside the repository, so a fresh
# clone reuses them and `git clean` never destroys a database.
TASKMESH_HOME="${TASKMESH_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/taskmesh}"
BIN_DIR="${TASKMESH_HOME}/bin"
STATE_DIR="${TASKMESH_HOME}/state"
LOG_DIR="${STATE_DIR}/logs"
RUN_DIR="${STATE_DIR}/run"
export GOMODCACHE="${TASKMESH_GOMODCACHE:-${TASKMESH_HOME}/go/mod}"
export GOCACHE="${TASKMESH_GOCACHE:-${TASKMESH_HOME}/go/build}"
export GOFLAGS="-mod=mod"
MAVEN_REPO="${TASKMESH_HOME}/m2"
KAFKA_HOME="${TASKMESH_HOME}/kafka/${KAFKA_VERSION}"
SCHEMATHESIS_HOME="${TASKMESH_HOME}/schemathesis/${SCHEMATHESIS_VERSION}"
PODMAN_COMPOSE_HOME="${TASKMESH_HOME}/podman-compose/${PODMAN_COMPOSE_VERSION}"

# Node.js ${NODE_VERSION}, installed here by setup.sh when the machine's node is
# older (issue 16), goes first on PATH, so every command the scripts run (npm,
# npx, jest, tsx, prisma, the apps dapr-run.mjs spawns) uses it, even when
# `npm test` itself was started by an older node. Without it the entry is inert.
NODE_HOME="${TASKMESH_HOME}/node/${NODE_VERSION}"
case ":${PATH}:" in *":${NODE_HOME}/bin:"*) ;; *) export PATH="${NODE_HOME}/bin:${PATH}" ;; esac
# What an outer npm (started by the older node) exported about its node would
# mislead npm and node-gyp run from here; they derive these again.
unset NODE npm_node_execpath npm_config_nodedir

# Project ports, away from the defaults so a system Postgres/Redis/Kafka on the
# same machine is never touched. Override with the environment if they collide.
PG_PORT="${TASKMESH_PG_PORT:-55432}"
REDIS_PORT="${TASKMESH_REDIS_PORT:-56379}"
KAFKA_PORT="${TASKMESH_KAFKA_PORT:-59092}"
KAFKA_CONTROLLER_PORT="${TASKMESH_KAFKA_CONTROLLER_PORT:-59093}"
SMTP_PORT="${TASKMESH_SMTP_PORT:-52525}"

PG_SUPERUSER=postgres
PG_DATABASE=taskmesh
DATABASE_URL="postgresql://${PG_SUPERUSER}@127.0.0.1:${PG_PORT}/${PG_DATABASE}"

mkdir -p "${BIN_DIR}" "${STATE_DIR}" "${LOG_DIR}" "${RUN_DIR}"

if [ -t 1 ]; then BOLD=$'\e[1m'; RED=$'\e[31m'; DIM=$'\e[2m'; RESET=$'\e[0m'; else BOLD=; RED=; DIM=; RESET=; fi

step() { printf '%s==> %s%s\n' "${BOLD}" "$*" "${RESET}"; }
detail() { printf '%s    %s%s\n' "${DIM}" "$*" "${RESET}"; }
finished() { step "$1 in $(elapsed_since "$2")"; }
die() { printf '%sERROR: %s%s\n' "${RED}" "$*" "${RESET}" >&2; exit 1; }
# elapsed_since SECONDS_VALUE: the time since then, as 3m12s (progress lines, issue 16).
elapsed_since() { local s=$((SECONDS - $1)); if [ "${s}" -ge 60 ]; then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "${s}"; fi; }

# image_done NAME STARTED: a container image's progress line, with its build time and size (issue 17).
image_done() {
  local bytes
  bytes=$(podman image inspect --format '{{.Size}}' "$1")
  step "$1 built in $(elapsed_since "$2"), $((bytes / 1000000)) MB"
}

# Any failing command stops the script with a message naming it, never silently.
set -E
trap 'status=$?; printf "%sERROR: \`%s\` failed (exit %s) at %s:%s%s\n" "${RED}" "${BASH_COMMAND}" "${status}" "${BASH_SOURCE[0]##*/}" "${LINENO}" "${RESET}" >&2; exit "${status}"' ERR

# close_inherited_fds: closes every descriptor above 2 this shell inherited
# (bash's own 255 aside). Daemons that podman starts from here (aardvark-dns,
# the Docker API service) keep what they inherit, so a caller's lock, e.g.
# `flock /tmp/taskmesh-stack.lock ...`, was held by aardvark-dns for good.
close_inherited_fds() {
  local fd
  for fd in /proc/$$/fd/*; do
    fd=${fd##*/}
    if [ "${fd}" -gt 2 ] && [ "${fd}" -lt 255 ]; then eval "exec ${fd}>&-"; fi
  done
  return 0
}

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "${SECONDS}" -lt "${deadline}" ] || return 1
    sleep 0.2
  done
}

# pid_alive FILE: true when FILE holds the pid of a running process.
pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# as_root CMD...: runs CMD as root (directly, or through sudo).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $* (install it by hand, or run with sudo available)"; fi
}

PG_BIN="/usr/lib/postgresql/${POSTGRES_MAJOR}/bin"
PG_DATA="${STATE_DIR}/postgres"

# PostgreSQL refuses to run as root, so as root the server runs as the
# `postgres` user that Debian's package creates.
pg_run() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_alive() { [ -s "${PG_DATA}/postmaster.pid" ] && kill -0 "$(head -1 "${PG_DATA}/postmaster.pid")" 2>/dev/null; }

# Prisma's CLI must not phone home (no internet here) or nag about updates.
export CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1

# Tokens generated once per machine, readable by this user only:
# APP_API_TOKEN, which every sidecar sends its app (apps refuse calls without
# it, so only their own sidecar can call them), and DAPR_API_TOKEN, which
# every sidecar requires on its API (so no other local process can use a
# sidecar's identity, state or secrets; issue 15).
load_token() {
  local file="${STATE_DIR}/$1"
  [ -s "${file}" ] || (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "${file}")
  cat "${file}"
}
# Fixed, not configurable: `dapr run` gives every sidecar whose Configuration
# enables mTLS the Sentry address localhost:50001 (dapr/cli pkg/standalone/run.go).
SENTRY_PORT=50001
SENTRY_DIR="${STATE_DIR}/sentry"
# daprd as the dapr CLI looks for it: ${DAPR_RUNTIME_PATH}/.dapr/bin/daprd (setup.sh links it).
DAPR_RUNTIME_DIR="${TASKMESH_HOME}/.dapr"
# Everything dapr.yaml's sidecars need from the environment, the same for
# infra/dapr-run.mjs and the real `dapr run -f .` (daprd inherits the caller's
# environment; issue 16): the runtime path, the mTLS trust anchors (the local
# Sentry's CA), and the absolute paths of the local secrets file and the
# name-resolution database, which dapr-components/ read from the environment
# so they resolve in any working directory.
load_sidecar_env() {
  APP_API_TOKEN="$(load_token app-api-token)"
  DAPR_API_TOKEN="$(load_token dapr-api-token)"
  DAPR_TRUST_ANCHORS="$(cat "${SENTRY_DIR}/ca.crt" 2>/dev/null || true)"
  DAPR_RUNTIME_PATH="${TASKMESH_HOME}"
  TASKMESH_SECRETS_FILE="${STATE_DIR}/secrets.json"
  TASKMESH_NAME_RESOLUTION_DB="${STATE_DIR}/nameresolution.db"
  export APP_API_TOKEN DAPR_API_TOKEN DAPR_TRUST_ANCHORS DAPR_RUNTIME_PATH TASKMESH_SECRETS_FILE TASKMESH_NAME_RESOLUTION_DB
}

# Where up.sh runs PostgreSQL, Redis and Kafka (issue 17): `host`, processes from
# Debian's packages and Maven's jars (the default, and what npm start uses), or
# `containers`, the images `npm run images:build` makes, started with
# testcontainers (infra/containers/test-infra.ts) through podman's Docker API.
# Same ports either way, so dapr-components/ and the secrets file do not change.
INFRA_MODE="${TASKMESH_INFRA:-host}"
case "${INFRA_MODE}" in
  host | containers) ;;
  *) die "TASKMESH_INFRA must be host or containers, not '${INFRA_MODE}'" ;;
esac
# The pid of test-infra.ts while its containers run; each container is taskmesh-infra-<server>.
TEST_INFRA_PID="${STATE_DIR}/test-infra.pid"
# podman_quiet ARGS...: podman ARGS, its output shown only when it fails. Every
# start and stop here logs that it cannot reach systemd to schedule the
# container's healthcheck (this VM has no systemd); that says nothing.
podman_quiet() {
  local out
  out=$(podman "$@" 2>&1) || { printf '%s\n' "${out}" >&2; return 1; }
}
