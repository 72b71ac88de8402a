#!/usr/bin/env bash
# The Taskmesh release on the one-node cluster (issue 18), with the values
# cluster.sh installs it with: the chart's defaults, infra/cluster/taskmesh-values.yaml
# (local images, the in-cluster stand-ins for managed services) and the
# secrets generated into the cluster's state directory (never the repository).
#   taskmesh.sh install|upgrade [helm flags]   helm upgrade --install ... --wait
#   taskmesh.sh status [helm flags]
#   taskmesh.sh uninstall [--purge]            --purge also deletes what the chart keeps on
#                                              purpose (the generated tokens, the Secrets of secrets.create)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
NAMESPACE=taskmesh
RELEASE=taskmesh

command="${1:-}"
shift || true
case "${command}" in
  install | upgrade)
    [ -f "${CLUSTER_DIR}/taskmesh-secrets.yaml" ] || die "no ${CLUSTER_DIR}/taskmesh-secrets.yaml: run npm run cluster:up"
    started=${SECONDS}
    step "helm upgrade --install ${RELEASE} charts/taskmesh (namespace ${NAMESPACE})"
    # The same values on every upgrade, so the only change is what the caller adds.
    kube_helm upgrade --install "${RELEASE}" "${REPO_DIR}/charts/taskmesh" -n "${NAMESPACE}" --create-namespace \
      -f "${INFRA_DIR}/cluster/taskmesh-values.yaml" -f "${CLUSTER_DIR}/taskmesh-secrets.yaml" \
      --wait --timeout 15m "$@"
    finished "${RELEASE} $(kube_helm status "${RELEASE}" -n "${NAMESPACE}" -o json | node -pe 'const s=JSON.parse(require("fs").readFileSync(0));`revision ${s.version}, ${s.info.status}`')" "${started}"
    ;;
  status) kube_helm status "${RELEASE}" -n "${NAMESPACE}" "$@" ;;
  uninstall)
    if kube_helm status "${RELEASE}" -n "${NAMESPACE}" >/dev/null 2>&1; then
      kube_helm uninstall "${RELEASE}" -n "${NAMESPACE}" --wait --timeout 5m
    fi
    if [ "${1:-}" = "--purge" ]; then
      kube delete secret -n "${NAMESPACE}" -l "app.kubernetes.io/instance=${RELEASE}" --ignore-not-found
    fi
    ;;
  *) die "usage: taskmesh.sh install|upgrade|status|uninstall [--purge]" ;;
esac
