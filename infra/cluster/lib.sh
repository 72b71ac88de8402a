# Shared by the one-node cluster's scripts (issue 18): where its state lives,
# its ports and addresses, and helpers to reach it. Source it; do not run it.
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# Everything the cluster writes is here (`node.sh down --purge` deletes it),
# except what the kernel keeps: the CNI bridge, iptables rules, cgroups and
# mounts, which `node.sh down` removes.
CLUSTER_DIR="${STATE_DIR}/cluster"
CLUSTER_PKI="${CLUSTER_DIR}/pki"
CLUSTER_LOGS="${CLUSTER_DIR}/logs"
CLUSTER_RUN="${CLUSTER_DIR}/run"
CONTAINERD_DIR="${CLUSTER_DIR}/containerd"
CONTAINERD_SOCK="${CONTAINERD_DIR}/containerd.sock"
KUBELET_DIR="${CLUSTER_DIR}/kubelet"
CNI_DIR="${CLUSTER_DIR}/cni"
CLUSTER_KUBECONFIG="${CLUSTER_DIR}/admin.kubeconfig"

# The node's name (the host is called `vm` here, and elsewhere anything).
NODE_NAME=taskmesh

# Fixed ports, all below Linux's ephemeral range (32768-60999) and clear of the
# development stack (lib.sh, dapr.yaml: 31xx, 35xx-37xx, 91xx, 92xx, 5xxxx) and
# of the chart's dry-run API server (tests/deployment/api-server.ts: 23790,
# 23800, 26443), so the cluster, `npm start` and `npm test` run side by side.
# Loopback only, except the API server and the kubelet, which pods and the API
# server reach on the node's address.
API_PORT=16443                 # kube-apiserver (all addresses)
ETCD_PORT=12379                # etcd clients
ETCD_PEER_PORT=12380           # etcd peers (one member)
KUBELET_PORT=12250             # kubelet API (all addresses)
KUBELET_HEALTHZ_PORT=12248     # kubelet /healthz
CONTROLLER_MANAGER_PORT=12257  # kube-controller-manager (HTTPS: /healthz, metrics)
SCHEDULER_PORT=12259           # kube-scheduler (HTTPS: /healthz, metrics)
PROXY_HEALTHZ_PORT=12256       # kube-proxy /healthz
PROXY_METRICS_PORT=12249       # kube-proxy metrics
CONTAINERD_STREAM_PORT=12310   # containerd's CRI streaming server (exec, attach, port-forward)
# NodePorts: Kubernetes' default range, also below the ephemeral range.
NODE_PORT_RANGE=30000-32767

# Addresses: pods on a bridge, Services virtual (kube-proxy's iptables rules).
# Podman's own network is 10.88.0.0/16.
CLUSTER_CIDR=10.244.0.0/16
POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/16
API_SERVICE_IP=10.96.0.1
DNS_SERVICE_IP=10.96.0.10
CLUSTER_DOMAIN=cluster.local
CNI_BRIDGE=taskmesh0
CNI_NETWORK=taskmesh-pods

# Images the cluster itself runs, built by infra/containers/infra-images.sh.
PAUSE_IMAGE="localhost/taskmesh/pause:${PAUSE_VERSION}"
COREDNS_IMAGE="localhost/taskmesh/coredns:${COREDNS_VERSION}"

# node_ip: the address the API server advertises and the kubelet registers
# (the source address of the default route; pods reach the API server there).
node_ip() {
  ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p' | head -1
}

kube() { "${BIN_DIR}/kubectl" --kubeconfig "${CLUSTER_KUBECONFIG}" "$@"; }
kube_helm() { "${BIN_DIR}/helm" --kubeconfig "${CLUSTER_KUBECONFIG}" "$@"; }
# ctr on the node's containerd, without the cgroup v1 deprecation warning
# every ctr command prints on this machine (ctr has no log level option).
ctr_k8s() {
  { "${BIN_DIR}/ctr" --address "${CONTAINERD_SOCK}" --namespace k8s.io "$@" 2>&1 1>&3 3>&- \
    | sed '/support for cgroup v1 is deprecated/d' >&2; } 3>&1
}

# import_images IMAGE...: copies images from (rootful) podman's store into the
# node's containerd, in the k8s.io namespace the kubelet uses; pods then run
# them with `imagePullPolicy: Never` (no registry here). An image containerd
# already holds with the same podman image ID is skipped (a label records it).
import_images() {
  local image id started
  for image in "$@"; do
    id=$(podman image inspect --format '{{.Id}}' "${image}" 2>/dev/null) \
      || die "${image} is not in podman's image store (build it first)"
    if ctr_k8s images ls "name==${image}" 2>/dev/null | grep -q "taskmesh.podman-id=${id}"; then
      continue
    fi
    started=${SECONDS}
    # docker-archive keeps the image's name; ctr unpacks it for the overlayfs snapshotter.
    podman save --format docker-archive "${image}" | ctr_k8s images import - >/dev/null
    ctr_k8s images label "${image}" "taskmesh.podman-id=${id}" >/dev/null
    detail "imported ${image} into the node's containerd in $(elapsed_since "${started}")"
  done
}
