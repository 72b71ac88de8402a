#!/usr/bin/env bash
# npm start: installs what is missing, starts the infrastructure, applies
# migrations and runs every app with its Dapr sidecar (dapr.yaml). Ctrl-C stops
# the apps; `npm run infra:down` stops PostgreSQL, Redis and Kafka.
source "$(dirname "$0")/lib.sh"
started_at=${SECONDS}
"${INFRA_DIR}/setup.sh"
"${INFRA_DIR}/up.sh"
step "Infrastructure ready in $(elapsed_since "${started_at}"); starting the apps (Ctrl-C stops them)"
detail "logs: ${LOG_DIR}   stop the infrastructure: npm run infra:down"
cd "${REPO_DIR}"
load_sidecar_env
exec node "${INFRA_DIR}/dapr-run.mjs" -f .
