#!/bin/sh
# The entry point of every Taskmesh container in docker-compose.yml (issue 17),
# mounted from the repository: it reads what the `state` service generated on
# first start from the volumes this container mounts (nothing secret is baked
# into an image or written in the compose file), waits for what it needs, then
# execs the container's command.
#   /tokens/app-api-token, /tokens/dapr-api-token -> APP_API_TOKEN, DAPR_API_TOKEN
#   /sentry/ca.crt -> DAPR_TRUST_ANCHORS (sidecars: the mTLS root from Sentry)
#   /secrets/postgres-password -> POSTGRES_PASSWORD (the database server only)
# WAIT_FOR="host:port ...": TCP addresses that must accept connections first
# (compose's health conditions need podman's systemd timers, which this
# machine lacks, so containers wait for each other themselves).
# WAIT_FILES="path ...": files that must exist first (the barriers below, secrets).
# DONE_FILE=path: for a one-shot service (migrations, Kafka topics), a barrier
# created when the command succeeds; its name carries a hash of what the
# command applied, so a barrier from an earlier version never counts
# (scripts/write-compose.ts). Compose's own `service_completed_successfully`
# is not used: podman-compose waits for it with `podman wait
# --condition=stopped`, which never returns for an exited container on podman 4.3.
set -eu

deadline=$(($(date +%s) + ${WAIT_SECONDS:-180}))
waited() {
  if [ "$(date +%s)" -ge "${deadline}" ]; then
    echo "entry.sh: gave up after ${WAIT_SECONDS:-180}s waiting for $1" >&2
    exit 1
  fi
  sleep 0.5
}
for file in ${WAIT_FILES:-}; do
  until [ -e "${file}" ]; do waited "${file}"; done
done
for address in ${WAIT_FOR:-}; do
  # bash's /dev/tcp (every image here has bash; busybox-free Debian minbase).
  until bash -c "exec 3<>/dev/tcp/${address%:*}/${address##*:}" 2>/dev/null; do waited "${address}"; done
done

read_into() { # VARIABLE FILE: exports VARIABLE from FILE when this container mounts it
  if [ -r "$2" ]; then
    value=$(cat "$2")
    export "$1=${value}"
  fi
}
read_into APP_API_TOKEN /tokens/app-api-token
read_into DAPR_API_TOKEN /tokens/dapr-api-token
read_into DAPR_TRUST_ANCHORS /sentry/ca.crt
read_into POSTGRES_PASSWORD /secrets/postgres-password
if [ -n "${DONE_FILE:-}" ]; then
  "$@"
  touch "${DONE_FILE}"
  echo "entry.sh: done, ${DONE_FILE}"
  exit 0
fi
exec "$@"
