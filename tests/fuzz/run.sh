#!/usr/bin/env bash
# The fuzz stage (issue 15): schemathesis against every service's OpenAPI
# document through the sidecars (tests/fuzz/run.ts says what it checks).
# Needs the running stack: npm test runs it inside infra/with-stack.sh, after
# the integration tests; `npm run test:fuzz` starts the stack for it alone.
# FUZZ_MAX_EXAMPLES and FUZZ_SEED override the bounds for a longer hunt.
source "$(dirname "$0")/../../infra/lib.sh"

cd "${REPO_DIR}"
SCHEMATHESIS_BIN="${SCHEMATHESIS_HOME}/bin/schemathesis" exec npx tsx tests/fuzz/run.ts
