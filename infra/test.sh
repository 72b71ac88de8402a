#!/usr/bin/env bash
# npm test: installs what is missing, type-checks, runs the unit tests, then
# the integration tests and the fuzz stage against the real stack (started
# once by with-stack.sh, which stops what it started), then the container
# suite (issue 17), and exits non-zero on any failure.
source "$(dirname "$0")/lib.sh"

"${INFRA_DIR}/setup.sh" --all
cd "${REPO_DIR}"

step "Type-checking"
npx tsc -p tsconfig.json
# The Remix app (JSX, bundler resolution) has its own config.
npx tsc -p web/tsconfig.json

step "Unit tests"
npx jest --selectProjects unit --ci

# Recurrence and quick add must not depend on the host's zone: run their tests in two more.
for zone in Pacific/Auckland America/Los_Angeles; do
  step "Recurrence and quick-add unit tests with TZ=${zone}"
  TZ="${zone}" npx jest --ci --selectProjects unit -- packages/recurrence packages/quick-add
done

step "Deployment tests (Helm chart and docker-compose.yml against the API schemas)"
npx jest --selectProjects deployment --ci

# The fuzz stage (issue 15) after the integration tests, on the same stack:
# schemathesis against every service's OpenAPI document (tests/fuzz/run.ts).
"${INFRA_DIR}/with-stack.sh" bash -c 'printf "==> Integration tests\n" && npx jest --selectProjects integration --ci --runInBand \
  && printf "==> Fuzz tests (schemathesis)\n" && bash tests/fuzz/run.sh'

# The container suite (issue 17), once the host stack has stopped (the compose
# deployment publishes web's ports 3100, 3500 and 3105): every image built
# (layers cached between runs), each started, checked and stopped, and
# docker-compose.yml brought up and checked with both compose tools.
step "Container images (npm run images:build)"
"${INFRA_DIR}/containers/build-images.sh"
step "Container tests (images, testcontainers, the compose deployment with docker compose v2)"
npx jest --selectProjects containers --ci --runInBand
step "The compose deployment again, with podman-compose"
TASKMESH_COMPOSE=podman-compose npx jest --selectProjects containers --ci --runInBand -- tests/containers/compose.test.ts
# The other way to run the integration tests' infrastructure (decision 009):
# the walking skeleton on PostgreSQL, Redis and Kafka started by testcontainers
# from the images built above.
bash "${INFRA_DIR}/containers/test-infra-check.sh"
