#!/usr/bin/env bash
# npm test: installs what is missing, type-checks, runs the unit tests, then
# the integration tests against the real stack (started by with-stack.sh,
# which stops what it started), and exits non-zero on any failure.
source "$(dirname "$0")/lib.sh"

"${INFRA_DIR}/setup.sh"
cd "${REPO_DIR}"

step "Type-checking"
npx tsc -p tsconfig.json

step "Unit tests"
npx jest --selectProjects unit --ci

"${INFRA_DIR}/with-stack.sh" bash -c 'printf "==> Integration tests\n" && npx jest --selectProjects integration --ci --runInBand'
