#!/usr/bin/env bash
# The cheapest run that proves TASKMESH_INFRA=containers still works, for npm
# test to run after the integration suite (docs/decisions/009-test-infrastructure.md):
# the walking-skeleton test, which touches all three servers (the task in
# PostgreSQL, its event through Kafka to audit-agent, and Redis as the state
# store four sidecars connect to before they report healthy), on containers
# that infra/containers/test-infra.ts starts, then a check that the run left
# no container behind. Needs the images: `npm run images:build`. It binds the
# stack's ports: hold the stack lock.
# Usage: bash infra/containers/test-infra-check.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

step "Walking skeleton on PostgreSQL, Redis and Kafka in containers (TASKMESH_INFRA=containers)"
TASKMESH_INFRA=containers "${INFRA_DIR}/with-stack.sh" \
  npx jest --selectProjects integration --ci --runInBand tests/integration/walking-skeleton.test.ts

left=$(podman ps --all --format '{{.Names}}' --filter label=taskmesh.infra=test)
[ -z "${left}" ] || die "TASKMESH_INFRA=containers left containers behind: ${left//$'\n'/ }"
detail "no container left behind"
