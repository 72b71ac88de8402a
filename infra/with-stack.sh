#!/usr/bin/env bash
# Runs a command against the whole running stack: starts the infrastructure
# and every app with its sidecar (whatever is not running yet), runs the
# command, then stops what it started. Used by npm test and the benchmarks.
# Usage: infra/with-stack.sh <command> [args...]
# TASKMESH_INFRA=containers runs PostgreSQL, Redis and Kafka in containers
# instead of host processes (infra/up.sh; docs/decisions/009-test-infrastructure.md).
source "$(dirname "$0")/lib.sh"

# The test push service (testPushServiceOrigin in packages/testing/src/push-service.ts)
# and the test webhook receiver (issue 20) are loopback http, which the apps
# (tasks-api, reminder-agent, webhook-agent) refuse to call unless they are listed here (issue 15).
# Only for the tests and benchmarks run through this script: npm start lists nothing.
# Apps that were already running (npm start) do not have it: stop them first.
export OUTBOUND_ALLOWED_ORIGINS="http://127.0.0.1:18432,http://127.0.0.1:18433"

started_file=$(mktemp)
apps_pid=
cleanup() {
  local status=$?
  if [ -n "${apps_pid}" ] && kill -0 "${apps_pid}" 2>/dev/null; then
    step "Stopping the apps"
    kill -TERM "${apps_pid}" 2>/dev/null || true
    wait "${apps_pid}" 2>/dev/null || true
  fi
  if [ -s "${started_file}" ]; then
    # shellcheck disable=SC2046
    "${INFRA_DIR}/down.sh" $(tac "${started_file}") || true
  fi
  rm -f "${started_file}"
  exit "${status}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${INFRA_DIR}/setup.sh" --integration
up_started=${SECONDS}
TASKMESH_STARTED_FILE="${started_file}" "${INFRA_DIR}/up.sh"
step "Infrastructure (TASKMESH_INFRA=${INFRA_MODE}) ready in $(elapsed_since "${up_started}")"
cd "${REPO_DIR}"

if port_open 3501 && port_open 3101; then
  # Reuse running apps only if they run this checkout's code.
  running_from=$(node -p 'require(process.argv[1]).runFile' "${RUN_DIR}/apps.json" 2>/dev/null || true)
  [ "${running_from}" = "${REPO_DIR}/dapr.yaml" ] \
    || die "apps from another checkout (${running_from:-unknown}) hold the app ports; stop them (Ctrl-C their npm start) first"
  detail "apps already running from this checkout; using them"
  running_allowed=$(node -p 'require(process.argv[1]).outboundAllowedOrigins ?? ""' "${RUN_DIR}/apps.json" 2>/dev/null || true)
  [ "${running_allowed}" = "${OUTBOUND_ALLOWED_ORIGINS}" ] \
    || detail "warning: they were started without OUTBOUND_ALLOWED_ORIGINS=${OUTBOUND_ALLOWED_ORIGINS}, so they refuse the test push service and webhook receiver"
else
  step "Starting the apps with their sidecars (logs in ${LOG_DIR})"
  app_log="${LOG_DIR}/dapr-run-$$.log"
  load_sidecar_env
  node "${INFRA_DIR}/dapr-run.mjs" -f . > "${app_log}" 2>&1 &
  apps_pid=$!
  wait_for "all apps" 240 grep -q "all .* apps are up" "${app_log}" || {
    tail -50 "${app_log}" >&2
    die "the apps did not become healthy; see ${app_log} and ${LOG_DIR}/*-daprd.log"
  }
  detail "$(grep -c ' is up ' "${app_log}") apps up"
fi
step "Stack ready in $(elapsed_since "${up_started}")"

"$@"
