#!/usr/bin/env bash
# npm run --silent dapr-token: the Dapr API token every sidecar of the running
# deployment requires (README "Reach the API through a sidecar"): the compose
# deployment's (from its volume) while its containers run, else the one
# `npm start` generated for this machine.
source "$(dirname "$0")/lib.sh"
if command -v podman >/dev/null && [ -n "$(podman ps -q --filter label=com.docker.compose.project=taskmesh 2>/dev/null)" ]; then
  exec "${INFRA_DIR}/compose/compose.sh" token
fi
load_token dapr-api-token
