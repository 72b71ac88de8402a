#!/usr/bin/env bash
# The whole of Taskmesh on the one-node Kubernetes cluster (issue 18):
#   npm run cluster:up     setup.sh --cluster (binaries), images:build (every
#                          image, layers cached), node.sh up, the images imported
#                          into the node's containerd, then three Helm releases:
#                          dapr (Dapr's own chart: operator, sidecar injector,
#                          sentry) in dapr-system, local-infra (the stand-in for
#                          managed Kafka, PostgreSQL, Redis, SMTP) in
#                          taskmesh-infra, and taskmesh (charts/taskmesh) in taskmesh
#   npm run cluster:down   node.sh down (the cluster's state is kept: the next up
#                          starts in seconds with the same data); -- --purge
#                          deletes the state too
#   cluster.sh status      the node's components and every pod
# Needs root (containers, iptables, mounts). Reach it: `eval "$(infra/cluster/node.sh env)"`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DAPR_NAMESPACE=dapr-system
INFRA_NAMESPACE=taskmesh-infra
APPS=(tasks-api audit-agent recurrence-agent reminder-agent realtime-sync webhook-agent web)

# What the releases run, as podman holds them after images:build.
images() {
  local app component
  printf '%s\n' "localhost/taskmesh/kafka:${KAFKA_VERSION}" "localhost/taskmesh/postgres:${POSTGRES_MAJOR}" \
    "localhost/taskmesh/redis:${REDIS_MAJOR}" localhost/taskmesh/mail-catcher:local localhost/taskmesh/migrations:local
  for app in "${APPS[@]}"; do printf 'localhost/taskmesh/%s:local\n' "${app}"; done
  for component in daprd sentry operator injector; do
    printf 'localhost/taskmesh/dapr/%s:%s\n' "${component}" "${DAPR_RUNTIME_VERSION}"
  done
}

up() {
  local started=${SECONDS} t
  bash "${INFRA_DIR}/setup.sh" --cluster
  t=${SECONDS}; bash "${INFRA_DIR}/containers/build-images.sh"
  bash "${INFRA_DIR}/containers/infra-images.sh" dapr-cluster pause coredns
  finished "Images ready" "${t}"
  bash "${INFRA_DIR}/cluster/node.sh" up
  t=${SECONDS}; step "Importing the images into the node's containerd"
  mapfile -t wanted < <(images)
  import_images "${wanted[@]}"
  finished "Images imported" "${t}"

  # Dapr first: its injector must be serving before any Taskmesh pod is created
  # (the webhook fails open, so a pod made earlier would silently run without a sidecar).
  t=${SECONDS}; step "helm upgrade --install dapr (Dapr ${DAPR_RUNTIME_VERSION}'s own chart) in ${DAPR_NAMESPACE}"
  kube_helm upgrade --install dapr "$(bash "${INFRA_DIR}/cluster/dapr-chart.sh")" -n "${DAPR_NAMESPACE}" --create-namespace \
    -f "${INFRA_DIR}/cluster/dapr-values.yaml" --wait --timeout 10m
  finished "Dapr control plane ready" "${t}"

  node "${INFRA_DIR}/cluster/secrets-values.mjs" "${CLUSTER_DIR}"
  t=${SECONDS}; step "helm upgrade --install local-infra (charts/local-infra) in ${INFRA_NAMESPACE}"
  kube_helm upgrade --install local-infra "${REPO_DIR}/charts/local-infra" -n "${INFRA_NAMESPACE}" --create-namespace \
    -f "${INFRA_DIR}/cluster/local-infra-values.yaml" -f "${CLUSTER_DIR}/local-infra-secrets.yaml" --wait --timeout 10m
  finished "Kafka, PostgreSQL, Redis and the mail catcher ready" "${t}"

  bash "${INFRA_DIR}/cluster/taskmesh.sh" install
  finished "Taskmesh on the one-node cluster: web http://127.0.0.1:30100, web's sidecar 127.0.0.1:30500 (npm run cluster:token)" "${started}"
}

case "${1:-}" in
  up) up ;;
  down) shift; bash "${INFRA_DIR}/cluster/node.sh" down "$@" ;;
  status)
    bash "${INFRA_DIR}/cluster/node.sh" status
    kube get pods -A -o wide
    ;;
  token) kube get secret taskmesh-dapr-api-token -n taskmesh -o jsonpath='{.data.token}' | base64 -d; echo ;;
  *) die "usage: cluster.sh up | down [--purge] | status | token" ;;
esac
