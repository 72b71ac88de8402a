#!/usr/bin/env bash
# The cluster suite (issue 18): `npm run cluster:up`, the cluster jest project
# (flows, mesh security, resilience; then lifecycle.test.ts alone, since it
# upgrades and uninstalls the release), and `npm run cluster:down` however it ended.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${REPO_DIR}"
trap 'bash "${INFRA_DIR}/cluster/cluster.sh" down' EXIT
bash "${INFRA_DIR}/cluster/cluster.sh" up
step "Cluster tests"
npx jest --selectProjects cluster --ci --runInBand --testPathIgnorePatterns lifecycle
step "Cluster tests: helm upgrade and uninstall"
npx jest --selectProjects cluster --ci --runInBand -- tests/cluster/lifecycle.test.ts
