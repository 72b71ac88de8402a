#!/usr/bin/env bash
# Measures a first `npm start` on a fresh machine (issue 16): a fresh clone of
# this branch's last commit, an empty cache (TASKMESH_HOME, which also holds the
# Go module and build caches and the Maven repository) and an empty npm cache,
# timed until every app is healthy; then it stops what it started. Debian
# packages the machine already has stay installed, as after a first apt step.
# It starts the stack, so take the lock:
#   flock /tmp/taskmesh-stack.lock bash bench/first-start.sh
# The cache stays in /tmp/fresh-start.*/home: `TASKMESH_HOME=<it> bash
# infra/setup.sh --all` then times what npm test builds on top (no lock needed).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d /tmp/fresh-start.XXXXXX)
export TASKMESH_HOME="${work}/home" npm_config_cache="${work}/npm-cache"
log="${work}/npm-start.log"
printf 'fresh clone and cache in %s\n' "${work}"
git clone -q --branch "$(git -C "${repo}" branch --show-current)" "${repo}" "${work}/clone"
cd "${work}/clone"

# npm start in its own process group, so stopping it is Ctrl-C for the whole group.
started=${SECONDS}
setsid npm start >"${log}" 2>&1 &
start_pid=$!
stop_start() {
  kill -INT -- "-${start_pid}" 2>/dev/null || true
  wait "${start_pid}" 2>/dev/null || true
  bash infra/down.sh >>"${log}" 2>&1 || true
}
trap stop_start EXIT

until grep -qs 'all .* apps are up' "${log}"; do
  if ! kill -0 "${start_pid}" 2>/dev/null || [ $((SECONDS - started)) -gt 1800 ]; then
    tail -40 "${log}"
    printf 'npm start did not reach all apps healthy (log: %s)\n' "${log}"
    exit 1
  fi
  sleep 1
done
total=$((SECONDS - started))

printf '\nSteps (from npm start'"'"'s progress lines):\n'
grep -E '^(\S*)==> .* in [0-9]+(m[0-9]+)?s' "${log}" | sed 's/\x1b\[[0-9;]*m//g; s/^/  /'
printf '\nfirst npm start on a fresh cache: all apps healthy in %dm%02ds (%ss)\n' $((total / 60)) $((total % 60)) "${total}"

