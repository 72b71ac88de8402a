#!/usr/bin/env bash
# Prints the directory of Dapr's own Helm chart at DAPR_RUNTIME_VERSION, for
# `helm install dapr "$(bash infra/cluster/dapr-chart.sh)" -n dapr-system
# --create-namespace -f infra/cluster/dapr-values.yaml` (issue 18) and the
# deployment tests. The chart ships inside the github.com/dapr/dapr Go module
# (charts/dapr, its subcharts and CRDs), which infra/setup.sh already has in the
# module cache for daprd, so this works offline. Copied once into
# ${TASKMESH_HOME}/charts/dapr-<version>, never into the repository, with the
# version in its Chart.yaml (the module's says 0.0.0; Dapr's release stamps it
# when packaging) so `helm list` shows which Dapr is installed.
source "$(dirname "$0")/../lib.sh"

# extract_dapr_chart: copies charts/dapr out of the module cache unless done.
extract_dapr_chart() {
  local dest="${TASKMESH_HOME}/charts/dapr-${DAPR_RUNTIME_VERSION}" module tmp
  [ -f "${dest}/Chart.yaml" ] && { echo "${dest}"; return 0; }
  module=$(go mod download -json "github.com/dapr/dapr@v${DAPR_RUNTIME_VERSION}" \
    | node -pe 'const m = JSON.parse(require("fs").readFileSync(0)); m.Dir ?? ""')
  [ -f "${module}/charts/dapr/Chart.yaml" ] || die "no charts/dapr in github.com/dapr/dapr@v${DAPR_RUNTIME_VERSION} (${module:-not downloaded})"
  mkdir -p "${TASKMESH_HOME}/charts"
  tmp=$(mktemp -d "${TASKMESH_HOME}/charts/.dapr.XXXXXX")
  cp -r "${module}/charts/dapr/." "${tmp}/"
  # The module cache is read-only.
  chmod -R u+w "${tmp}"
  sed -i -e "s/^version: .*/version: '${DAPR_RUNTIME_VERSION}'/" -e "s/^appVersion: .*/appVersion: '${DAPR_RUNTIME_VERSION}'/" "${tmp}/Chart.yaml"
  # Renamed into place only when whole, so an interrupted copy is redone.
  mv "${tmp}" "${dest}"
  echo "${dest}"
}

extract_dapr_chart
