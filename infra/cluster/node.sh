#!/usr/bin/env bash
# A real one-node Kubernetes ${KUBERNETES_VERSION} on this machine (issue 18):
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler, containerd,
# kubelet and kube-proxy as host processes, built by `infra/setup.sh --cluster`;
# pods on a CNI bridge, Services through kube-proxy's iptables rules, CoreDNS
# as the cluster DNS. Needs root (containers, iptables, mounts).
#
# Usage: infra/cluster/node.sh up | down [--purge] | status | env
#   up       starts what is not running (idempotent: a running component keeps
#            its flags, so `down` first to apply a change), waits until the
#            node is Ready and CoreDNS answers, prints the time it took
#   down     stops everything by pid (pods first), unmounts, removes the CNI
#            bridge, kube-proxy's and the CNI plugins' iptables rules and the
#            pods' cgroups; --purge also deletes the state (etcd, certificates,
#            containerd's images)
#   status   each component's pid, and the node
#   env      `eval "$(infra/cluster/node.sh env)"` sets KUBECONFIG and PATH
#
# State, logs (logs/<component>.log) and the admin kubeconfig live under
# ${TASKMESH_HOME}/state/cluster; ports and addresses are in cluster/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy)
# What the cluster changes on the host and `down` puts back (saved at `up`).
SYSCTLS=(net.ipv4.ip_forward net.ipv4.conf.all.route_localnet)
# Directories the kubelet, containerd and the CNI plugins create at fixed
# places whatever their configuration (the device plugins' socket, the
# container log links, the CNI result cache, the shims' sockets), and the
# default flexvolume directory (both components are told another one, so it
# should stay absent): `down` removes those that did not exist before `up`.
HOST_PATHS=(/var/lib/kubelet /var/log/containers /var/lib/cni /run/containerd /usr/libexec/kubernetes)

# ---------------------------------------------------------------- processes

pidfile() { printf '%s/%s.pid' "${CLUSTER_RUN}" "$1"; }
# daemon_alive NAME: its pid file names a running ${BIN_DIR}/NAME (not a reused pid).
daemon_alive() {
  local file pid
  file=$(pidfile "$1")
  [ -s "${file}" ] || return 1
  pid=$(cat "${file}")
  [ "$(readlink "/proc/${pid}/exe" 2>/dev/null)" = "${BIN_DIR}/$1" ]
}

# start_daemon NAME ARGS...: ${BIN_DIR}/NAME in its own session, logging to
# logs/NAME.log, unless it already runs.
start_daemon() {
  local name=$1; shift
  daemon_alive "${name}" && return 0
  detail "starting ${name}"
  PATH="${BIN_DIR}:${PATH}" setsid nohup "${BIN_DIR}/${name}" "$@" >>"${CLUSTER_LOGS}/${name}.log" 2>&1 </dev/null &
  echo $! >"$(pidfile "${name}")"
}

# stop_daemons SECONDS NAME...: SIGTERM to each at once, then SIGKILL to
# those still running after SECONDS.
stop_daemons() {
  local seconds=$1 name pid pids=(); shift
  for name in "$@"; do
    if daemon_alive "${name}"; then
      pid=$(cat "$(pidfile "${name}")")
      detail "stopping ${name} (pid ${pid})"
      kill "${pid}" 2>/dev/null || true
      pids+=("${pid}")
    fi
    rm -f "$(pidfile "${name}")"
  done
  [ ${#pids[@]} -eq 0 ] && return 0
  # Done when none is left (kill -0 with several pids fails as soon as one is gone).
  wait_for "$* to stop" "${seconds}" bash -c "for p in ${pids[*]}; do kill -0 \${p} 2>/dev/null && exit 1; done; exit 0" \
    || kill -9 "${pids[@]}" 2>/dev/null || true
}

# wait_or_die WHAT SECONDS LOG COMMAND...: wait_for, or fail with the log's tail.
wait_or_die() {
  local what=$1 seconds=$2 log=$3; shift 3
  wait_for "${what}" "${seconds}" "$@" && return 0
  tail -n 15 "${CLUSTER_LOGS}/${log}.log" >&2 2>/dev/null || true
  die "${what} not ready after ${seconds}s; see ${CLUSTER_LOGS}/${log}.log"
}

# write_if_changed FILE: stdin into FILE, untouched when the content is the
# same (kube-proxy exits when its configuration file changes, even to the same
# content; a running component keeps the file it started with).
write_if_changed() {
  local new
  new=$(cat)
  [ -f "$1" ] && [ "$(cat "$1")" = "${new}" ] && return 0
  printf '%s\n' "${new}" >"$1.new"
  mv "$1.new" "$1"
}

# ---------------------------------------------------------------- certificates

# make_ca NAME CN: a self-signed CA, NAME.key and NAME.crt.
make_ca() {
  openssl genrsa -out "${CLUSTER_PKI}/$1.key" 2048 2>/dev/null
  openssl req -x509 -new -key "${CLUSTER_PKI}/$1.key" -subj "/CN=$2" -days 3650 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "${CLUSTER_PKI}/$1.crt"
}

# sign NAME SUBJECT EXTENSIONS [CA]: NAME.key and NAME.crt, signed by CA (the cluster CA).
sign() {
  local name=$1 subject=$2 ext=$3 ca=${4:-ca}
  openssl genrsa -out "${CLUSTER_PKI}/${name}.key" 2048 2>/dev/null
  openssl req -new -key "${CLUSTER_PKI}/${name}.key" -subj "${subject}" -out "${CLUSTER_PKI}/${name}.csr"
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n%s\n' "${ext}" >"${CLUSTER_PKI}/${name}.ext"
  openssl x509 -req -in "${CLUSTER_PKI}/${name}.csr" -CA "${CLUSTER_PKI}/${ca}.crt" -CAkey "${CLUSTER_PKI}/${ca}.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days 3650 -extfile "${CLUSTER_PKI}/${name}.ext" \
    -out "${CLUSTER_PKI}/${name}.crt" 2>/dev/null
  rm -f "${CLUSTER_PKI}/${name}.csr" "${CLUSTER_PKI}/${name}.ext"
}

# write_kubeconfig NAME: NAME.kubeconfig, which authenticates with NAME.crt.
write_kubeconfig() {
  write_if_changed "${CLUSTER_DIR}/$1.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: taskmesh
    cluster:
      server: https://127.0.0.1:${API_PORT}
      certificate-authority: ${CLUSTER_PKI}/ca.crt
users:
  - name: $1
    user:
      client-certificate: ${CLUSTER_PKI}/$1.crt
      client-key: ${CLUSTER_PKI}/$1.key
contexts:
  - name: taskmesh
    context:
      cluster: taskmesh
      user: $1
current-context: taskmesh
EOF
}

# A CA made here (openssl), and from it every identity of the cluster: the
# components' client certificates (Node and RBAC authorization know them by
# CN/O), the API server's and the kubelet's serving certificates (with the
# node's address, so they are made again when it changes), the service
# account signing key pair, and the front proxy's CA and client certificate
# (the API server's aggregation layer, which the controller manager and the
# scheduler also read for their own authentication).
make_pki() {
  local ip=$1 sans client='extendedKeyUsage=clientAuth'
  mkdir -p "${CLUSTER_PKI}"
  chmod 700 "${CLUSTER_PKI}"
  # Each piece only when missing: a CA made again would invalidate every other.
  [ -s "${CLUSTER_PKI}/ca.crt" ] || { step "Making the cluster's CAs and certificates (openssl)"; make_ca ca taskmesh-cluster-ca; }
  [ -s "${CLUSTER_PKI}/front-proxy-ca.crt" ] || make_ca front-proxy-ca taskmesh-front-proxy-ca
  if [ ! -s "${CLUSTER_PKI}/service-accounts.pub" ]; then
    openssl genrsa -out "${CLUSTER_PKI}/service-accounts.key" 2048 2>/dev/null
    openssl rsa -in "${CLUSTER_PKI}/service-accounts.key" -pubout -out "${CLUSTER_PKI}/service-accounts.pub" 2>/dev/null
  fi
  client_cert() { [ -s "${CLUSTER_PKI}/$1.crt" ] || sign "$1" "$2" "${client}" "${3:-ca}"; }
  client_cert admin "/O=system:masters/CN=taskmesh-admin"
  client_cert kube-apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  client_cert kube-controller-manager "/CN=system:kube-controller-manager"
  client_cert kube-scheduler "/CN=system:kube-scheduler"
  client_cert kube-proxy "/CN=system:kube-proxy"
  client_cert kubelet "/O=system:nodes/CN=system:node:${NODE_NAME}"
  client_cert front-proxy-client "/CN=front-proxy-client" front-proxy-ca
  local name
  for name in admin kube-controller-manager kube-scheduler kube-proxy kubelet; do write_kubeconfig "${name}"; done
  if [ "$(cat "${CLUSTER_PKI}/serving-ip" 2>/dev/null)" != "${ip}" ]; then
    sans="subjectAltName=DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
    sans+=",DNS:kubernetes.default.svc.${CLUSTER_DOMAIN},DNS:localhost,IP:127.0.0.1,IP:${API_SERVICE_IP},IP:${ip}"
    sign kube-apiserver "/CN=kube-apiserver" "extendedKeyUsage=serverAuth"$'\n'"${sans}"
    sign kubelet-serving "/O=system:nodes/CN=system:node:${NODE_NAME}" \
      "extendedKeyUsage=serverAuth"$'\n'"subjectAltName=DNS:${NODE_NAME},IP:127.0.0.1,IP:${ip}"
    printf '%s' "${ip}" >"${CLUSTER_PKI}/serving-ip"
  fi
}

# ---------------------------------------------------------------- configuration

# containerd 2.x (config version 3) with everything private: root, state,
# socket, the runc state, the pods' network namespaces and the NRI socket
# (disabled) would otherwise land in /var/lib/containerd, /run/containerd,
# /var/run/netns and /var/run/nri. The sandbox (pause) image is the local one;
# the CRI streaming server listens on a fixed loopback port (random otherwise).
write_containerd_config() {
  mkdir -p "${CONTAINERD_DIR}" "${CNI_DIR}/net.d" "${CNI_DIR}/ipam"
  write_if_changed "${CONTAINERD_DIR}/config.toml" <<EOF
version = 3
root = "${CONTAINERD_DIR}/root"
state = "${CONTAINERD_DIR}/state"

[grpc]
  address = "${CONTAINERD_SOCK}"

[plugins.'io.containerd.internal.v1.opt']
  path = "${CONTAINERD_DIR}/opt"

[plugins.'io.containerd.nri.v1.nri']
  disable = true

[plugins.'io.containerd.grpc.v1.cri']
  stream_server_address = "127.0.0.1"
  stream_server_port = "${CONTAINERD_STREAM_PORT}"

[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"

[plugins.'io.containerd.cri.v1.images'.pinned_images]
  sandbox = "${PAUSE_IMAGE}"

[plugins.'io.containerd.cri.v1.runtime']
  netns_mounts_under_state_dir = true
  # This VM gives even root no CAP_SYS_RESOURCE, so no process may lower its
  # oom_score_adj: the sandboxes' -998 made runc fail ("can't get final child's
  # PID from pipe: EOF"). Scores below containerd's own (0) are raised to it.
  restrict_oom_score_adj = true

[plugins.'io.containerd.cri.v1.runtime'.cni]
  bin_dirs = ["/usr/lib/cni"]
  conf_dir = "${CNI_DIR}/net.d"

[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
  BinaryName = "$(command -v runc)"
  Root = "${CONTAINERD_DIR}/runc"
  SystemdCgroup = false
EOF
  # The pods' network: one bridge, addresses from the node's pod CIDR (the
  # controller manager allocates the same /24 to the only node), their
  # reservations in the state directory, masquerading for traffic leaving the
  # node, hairpin so a pod reaches itself through its Service. containerd adds
  # the loopback plugin for each pod's lo itself.
  write_if_changed "${CNI_DIR}/net.d/10-${CNI_NETWORK}.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "${CNI_NETWORK}",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "${CNI_BRIDGE}",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "${POD_CIDR}" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "${CNI_DIR}/ipam"
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF
}

write_kubelet_config() {
  write_if_changed "${CLUSTER_DIR}/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# cgroup v1 is all this VM has: Kubernetes 1.35+ refuses it unless told.
failCgroupV1: false
# No systemd here.
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://${CONTAINERD_SOCK}
imageServiceEndpoint: unix://${CONTAINERD_SOCK}
address: 0.0.0.0
port: ${KUBELET_PORT}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: ${KUBELET_HEALTHZ_PORT}
tlsCertFile: ${CLUSTER_PKI}/kubelet-serving.crt
tlsPrivateKeyFile: ${CLUSTER_PKI}/kubelet-serving.key
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: ${CLUSTER_PKI}/ca.crt
authorization:
  mode: Webhook
clusterDNS: [${DNS_SERVICE_IP}]
clusterDomain: ${CLUSTER_DOMAIN}
resolvConf: /etc/resolv.conf
podLogsDir: ${CLUSTER_DIR}/pod-logs
volumePluginDir: ${KUBELET_DIR}/volume-plugins
# Images come from podman (import_images), never from a registry: garbage
# collection must not delete them, and a machine shared with other work should
# not see its pods evicted for disk space it still has.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: 100Mi
  nodefs.available: 2%
  imagefs.available: 2%
  nodefs.inodesFree: 2%
serializeImagePulls: false
# No CAP_SYS_RESOURCE here (see restrict_oom_score_adj): the default -999 only fails.
oomScoreAdj: 0
rotateCertificates: false
EOF
}

write_kube_proxy_config() {
  local ip=$1
  write_if_changed "${CLUSTER_DIR}/kube-proxy-config.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: ${CLUSTER_DIR}/kube-proxy.kubeconfig
mode: iptables
# No CAP_SYS_RESOURCE here (see restrict_oom_score_adj): the default -999 only fails.
oomScoreAdj: 0
hostnameOverride: ${NODE_NAME}
clusterCIDR: ${CLUSTER_CIDR}
healthzBindAddress: 127.0.0.1:${PROXY_HEALTHZ_PORT}
metricsBindAddress: 127.0.0.1:${PROXY_METRICS_PORT}
# NodePorts answer on the node's address and on 127.0.0.1 (kube-proxy sets
# route_localnet for that), not on other interfaces (podman's bridge).
nodePortAddresses: [127.0.0.1/32, ${ip}/32]
iptables:
  localhostNodePorts: true
# Leave the host's conntrack table size and timeouts as they are.
conntrack:
  maxPerCore: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
EOF
}

# ---------------------------------------------------------------- up

record_host_paths() {
  local path
  for path in "${HOST_PATHS[@]}"; do
    [ -e "${path}" ] || grep -qxF "${path}" "${CLUSTER_DIR}/host-paths.created" 2>/dev/null \
      || echo "${path}" >>"${CLUSTER_DIR}/host-paths.created"
  done
}

save_sysctls() {
  local name
  [ -s "${CLUSTER_DIR}/sysctls.saved" ] && return 0
  for name in "${SYSCTLS[@]}"; do printf '%s=%s\n' "${name}" "$(sysctl -n "${name}")"; done >"${CLUSTER_DIR}/sysctls.saved"
}

check_prerequisites() {
  [ "$(id -u)" -eq 0 ] || die "run as root: the node runs containers, writes iptables rules and mounts"
  local bin missing=()
  for bin in etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl containerd containerd-shim-runc-v2 ctr coredns pause; do
    [ -x "${BIN_DIR}/${bin}" ] || missing+=("${bin}")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing ${missing[*]} in ${BIN_DIR}: run \`infra/setup.sh --cluster\`"
  for bin in runc conntrack iptables curl openssl; do command -v "${bin}" >/dev/null || die "${bin} is missing: run \`infra/setup.sh --cluster\`"; done
  [ -x /usr/lib/cni/bridge ] || die "the CNI plugins are missing (/usr/lib/cni): run \`infra/setup.sh --cluster\`"
  podman image exists localhost/taskmesh/base:bookworm || die "localhost/taskmesh/base:bookworm is missing: run \`npm run images:build\`"
}

api_ready() { curl -sf --max-time 5 --cacert "${CLUSTER_PKI}/ca.crt" "https://127.0.0.1:${API_PORT}/readyz" >/dev/null; }
# node_ready: the kubelet answers and the node says Ready (after a `down`, the
# Node object keeps its last Ready condition for a while).
node_ready() {
  curl -sf --max-time 2 "http://127.0.0.1:${KUBELET_HEALTHZ_PORT}/healthz" >/dev/null &&
    [ "$(kube get node "${NODE_NAME}" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]
}
# dns_answers: CoreDNS resolves the API server's Service name, asked through
# the kube-dns Service's ClusterIP from the host (kube-proxy's rules).
dns_answers() {
  node -e '
    const { Resolver } = require("node:dns").promises;
    const r = new Resolver({ timeout: 2000, tries: 1 });
    r.setServers([process.argv[1]]);
    r.resolve4(process.argv[2]).then((a) => process.exit(a.includes(process.argv[3]) ? 0 : 1), () => process.exit(1));
  ' "${DNS_SERVICE_IP}" "kubernetes.default.svc.${CLUSTER_DOMAIN}" "${API_SERVICE_IP}"
}

up() {
  local started=${SECONDS} ip
  check_prerequisites
  ip=$(node_ip)
  [ -n "${ip}" ] || die "no IPv4 default route: the API server needs an address pods can reach"
  mkdir -p "${CLUSTER_LOGS}" "${CLUSTER_RUN}" "${KUBELET_DIR}" "${CLUSTER_DIR}/pod-logs"
  # Daemons must not hold a caller's descriptors (a pipe, a lock).
  close_inherited_fds
  make_pki "${ip}"
  write_containerd_config
  write_kubelet_config
  write_kube_proxy_config "${ip}"
  save_sysctls
  record_host_paths
  # Pods' traffic is routed through the host.
  sysctl -qw net.ipv4.ip_forward=1

  step "Starting the control plane (etcd, kube-apiserver on ${ip}:${API_PORT})"
  start_daemon etcd --name "${NODE_NAME}" --data-dir "${CLUSTER_DIR}/etcd" \
    --listen-client-urls "http://127.0.0.1:${ETCD_PORT}" --advertise-client-urls "http://127.0.0.1:${ETCD_PORT}" \
    --listen-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" --initial-advertise-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" \
    --initial-cluster "${NODE_NAME}=http://127.0.0.1:${ETCD_PEER_PORT}" --log-level warn
  # containerd does not need the API server: it starts meanwhile.
  start_daemon containerd --config "${CONTAINERD_DIR}/config.toml"
  wait_or_die etcd 60 etcd curl -sf --max-time 2 "http://127.0.0.1:${ETCD_PORT}/health"
  # The default admission plugins (MutatingAdmissionWebhook among them: Dapr's
  # sidecar injector) plus NodeRestriction; webhooks are reached at their
  # Service's ClusterIP, which the host routes through kube-proxy's rules.
  start_daemon kube-apiserver --advertise-address "${ip}" --bind-address 0.0.0.0 --secure-port "${API_PORT}" \
    --etcd-servers "http://127.0.0.1:${ETCD_PORT}" \
    --client-ca-file "${CLUSTER_PKI}/ca.crt" \
    --tls-cert-file "${CLUSTER_PKI}/kube-apiserver.crt" --tls-private-key-file "${CLUSTER_PKI}/kube-apiserver.key" \
    --kubelet-client-certificate "${CLUSTER_PKI}/kube-apiserver-kubelet-client.crt" \
    --kubelet-client-key "${CLUSTER_PKI}/kube-apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "${CLUSTER_PKI}/ca.crt" --kubelet-preferred-address-types InternalIP \
    --requestheader-client-ca-file "${CLUSTER_PKI}/front-proxy-ca.crt" --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "${CLUSTER_PKI}/front-proxy-client.crt" --proxy-client-key-file "${CLUSTER_PKI}/front-proxy-client.key" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction --allow-privileged \
    --service-account-issuer "https://kubernetes.default.svc.${CLUSTER_DOMAIN}" \
    --service-account-key-file "${CLUSTER_PKI}/service-accounts.pub" \
    --service-account-signing-key-file "${CLUSTER_PKI}/service-accounts.key" \
    --service-cluster-ip-range "${SERVICE_CIDR}" --service-node-port-range "${NODE_PORT_RANGE}" \
    --profiling=false
  wait_or_die kube-apiserver 180 kube-apiserver api_ready

  step "Starting the controller manager, the scheduler, kube-proxy"
  start_daemon kube-controller-manager --kubeconfig "${CLUSTER_DIR}/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig "${CLUSTER_DIR}/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig "${CLUSTER_DIR}/kube-controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "${CONTROLLER_MANAGER_PORT}" --leader-elect=false \
    --cluster-signing-cert-file "${CLUSTER_PKI}/ca.crt" --cluster-signing-key-file "${CLUSTER_PKI}/ca.key" \
    --root-ca-file "${CLUSTER_PKI}/ca.crt" --service-account-private-key-file "${CLUSTER_PKI}/service-accounts.key" \
    --use-service-account-credentials --allocate-node-cidrs --cluster-cidr "${CLUSTER_CIDR}" --node-cidr-mask-size 24 \
    --service-cluster-ip-range "${SERVICE_CIDR}" --profiling=false \
    --flex-volume-plugin-dir "${CLUSTER_DIR}/controller-manager/volume-plugins"
  start_daemon kube-scheduler --kubeconfig "${CLUSTER_DIR}/kube-scheduler.kubeconfig" \
    --authentication-kubeconfig "${CLUSTER_DIR}/kube-scheduler.kubeconfig" \
    --authorization-kubeconfig "${CLUSTER_DIR}/kube-scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "${SCHEDULER_PORT}" --leader-elect=false --profiling=false
  start_daemon kube-proxy --config "${CLUSTER_DIR}/kube-proxy-config.yaml"

  step "Starting the node (containerd ${CONTAINERD_VERSION}, kubelet)"
  wait_or_die containerd 60 containerd ctr_k8s version
  bash "${INFRA_DIR}/containers/infra-images.sh" pause coredns
  import_images "${PAUSE_IMAGE}" "${COREDNS_IMAGE}"
  start_daemon kubelet --config "${CLUSTER_DIR}/kubelet-config.yaml" \
    --kubeconfig "${CLUSTER_DIR}/kubelet.kubeconfig" --root-dir "${KUBELET_DIR}" \
    --hostname-override "${NODE_NAME}" --node-ip "${ip}"
  wait_or_die "the node" 180 kubelet node_ready

  step "Starting CoreDNS (kube-dns at ${DNS_SERVICE_IP})"
  sed -e "s|@CLUSTER_DOMAIN@|${CLUSTER_DOMAIN}|g" -e "s|@COREDNS_IMAGE@|${COREDNS_IMAGE}|g" \
    -e "s|@DNS_SERVICE_IP@|${DNS_SERVICE_IP}|g" "${INFRA_DIR}/cluster/coredns.yaml" | kube apply -f - >/dev/null
  kube -n kube-system rollout status deployment/coredns --timeout 180s >/dev/null \
    || { kube -n kube-system get pods -o wide >&2; die "CoreDNS did not become ready; see ${CLUSTER_LOGS}/kubelet.log"; }
  wait_or_die "CoreDNS answering at ${DNS_SERVICE_IP}" 60 kube-proxy dns_answers
  step "Kubernetes ${KUBERNETES_VERSION} node ${NODE_NAME} ready in $(elapsed_since "${started}"): eval \"\$(infra/cluster/node.sh env)\""
}

# ---------------------------------------------------------------- down

# Pods first, while the kubelet can still tear them down properly (each
# sandbox's CNI DEL releases its address and iptables rules): with the
# controllers stopped nothing recreates them.
remove_pods() {
  daemon_alive kube-apiserver && daemon_alive kubelet && daemon_alive containerd || return 0
  api_ready || return 0
  detail "deleting every pod"
  kube delete pods --all --all-namespaces --force --grace-period=0 --wait=false >/dev/null 2>&1 || true
  wait_for "the pods to stop" 60 bash -c "[ -z \"\$(\"${BIN_DIR}/ctr\" --address '${CONTAINERD_SOCK}' -n k8s.io tasks ls -q)\" ]" \
    || detail "pods still running after 60s: stopping them through containerd"
}

# What is left of containers after the kubelet (a crash, a kill): their tasks
# and containers through containerd, then any shim of this containerd.
remove_containers() {
  local id
  if daemon_alive containerd; then
    for id in $(ctr_k8s tasks ls -q 2>/dev/null); do ctr_k8s tasks kill -s SIGKILL "${id}" >/dev/null 2>&1 || true; done
    for id in $(ctr_k8s tasks ls -q 2>/dev/null); do ctr_k8s tasks delete -f "${id}" >/dev/null 2>&1 || true; done
  fi
  stop_daemons 30 containerd
  # A shim outlives containerd by design; ours are those started with our socket.
  local pid
  for pid in $(pgrep -f "^${BIN_DIR}/containerd-shim-runc-v2 .*-address ${CONTAINERD_SOCK}" || true); do
    detail "stopping containerd-shim-runc-v2 (pid ${pid})"
    kill -9 "${pid}" 2>/dev/null || true
  done
  # Containers whose shim is gone (after containerd was killed) live on: they
  # are the processes in the kubelet's pod cgroups (cgroup v1 pids controller,
  # or v2). Once they are gone, so are the pods' network namespaces and veths.
  local root procs tries=0
  for root in /sys/fs/cgroup/pids/kubepods /sys/fs/cgroup/kubepods; do
    [ -d "${root}" ] || continue
    while procs=$(find "${root}" -name cgroup.procs -exec cat {} + 2>/dev/null) && [ -n "${procs}" ]; do
      [ ${tries} -gt 0 ] || detail "stopping the pods' processes left behind: $(echo ${procs})"
      [ ${tries} -lt 20 ] || die "cannot stop the processes in ${root}: ${procs//$'\n'/ }"
      # shellcheck disable=SC2086 # one pid a word
      kill -9 ${procs} 2>/dev/null || true
      tries=$((tries + 1))
      sleep 0.5
    done
  done
}

unmount_all() {
  local target
  # Deepest first; only under the cluster's state directory.
  findmnt -rn -o TARGET | grep -F "${CLUSTER_DIR}/" | sort -r | while read -r target; do
    umount "${target}" 2>/dev/null || umount -l "${target}"
  done || true
}

# remove_iptables: kube-proxy's rules (its own --cleanup), then whatever
# KUBE-* chains are left (the kubelet's, IPv4 and IPv6), and the CNI plugins'
# chains for our network (left only when a pod was not torn down).
remove_iptables() {
  "${BIN_DIR}/kube-proxy" --cleanup >>"${CLUSTER_LOGS}/kube-proxy.log" 2>&1 || true
  local cmd table rule chain
  for cmd in iptables ip6tables; do
    for table in filter nat mangle raw; do
      "${cmd}" -t "${table}" -S | grep -E -- "-j (KUBE-|CNI-)" | grep -vE '^-A (KUBE-|CNI-)' \
        | grep -E "KUBE-|${CNI_NETWORK}" | sed 's/^-A /-D /' | while read -r rule; do
          eval "${cmd} -t ${table} ${rule}" || true
        done || true
      for chain in $("${cmd}" -t "${table}" -S | sed -n 's/^-N \(KUBE-[^ ]*\|CNI-[^ ]*\)$/\1/p'); do
        # A CNI chain that is still referenced is someone else's.
        if [[ ${chain} == CNI-* ]] && "${cmd}" -t "${table}" -S | grep -qE -- "^-A [^ ]+ .*-j ${chain}( |$)"; then continue; fi
        "${cmd}" -t "${table}" -F "${chain}" 2>/dev/null || true
      done
      for chain in $("${cmd}" -t "${table}" -S | sed -n 's/^-N \(KUBE-[^ ]*\|CNI-[^ ]*\)$/\1/p'); do
        "${cmd}" -t "${table}" -X "${chain}" 2>/dev/null || true
      done
    done
  done
}

# The pods' cgroups (the kubelet's kubepods tree), deepest first.
remove_cgroups() {
  local dir
  for dir in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/*/kubepods.slice; do
    [ -d "${dir}" ] && find "${dir}" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

restore_sysctls() {
  local line
  [ -s "${CLUSTER_DIR}/sysctls.saved" ] || return 0
  while read -r line; do sysctl -qw "${line}" || true; done <"${CLUSTER_DIR}/sysctls.saved"
  rm -f "${CLUSTER_DIR}/sysctls.saved"
}

down() {
  local started=${SECONDS} purge=0
  [ "${1:-}" = --purge ] && purge=1
  [ "$(id -u)" -eq 0 ] || die "run as root"
  mkdir -p "${CLUSTER_RUN}" "${CLUSTER_LOGS}"
  step "Stopping the one-node cluster"
  stop_daemons 20 kube-controller-manager kube-scheduler
  remove_pods
  stop_daemons 20 kubelet kube-proxy
  remove_containers
  stop_daemons 20 kube-apiserver etcd
  unmount_all
  remove_iptables
  ip link delete "${CNI_BRIDGE}" 2>/dev/null || true
  # No pod is left, so no address is reserved.
  rm -rf "${CNI_DIR}/ipam"
  remove_cgroups
  restore_sysctls
  if [ -s "${CLUSTER_DIR}/host-paths.created" ]; then
    xargs rm -rf <"${CLUSTER_DIR}/host-paths.created"
    rm -f "${CLUSTER_DIR}/host-paths.created"
  fi
  if [ "${purge}" = 1 ]; then
    rm -rf "${CLUSTER_DIR}"
    step "Cluster stopped and its state deleted in $(elapsed_since "${started}")"
  else
    step "Cluster stopped in $(elapsed_since "${started}") (state kept in ${CLUSTER_DIR}; \`down --purge\` deletes it)"
  fi
}

# ---------------------------------------------------------------- status, env

status() {
  local name
  for name in "${COMPONENTS[@]}"; do
    if daemon_alive "${name}"; then printf '%-24s running (pid %s)\n' "${name}" "$(cat "$(pidfile "${name}")")"
    else printf '%-24s stopped\n' "${name}"; fi
  done
  if daemon_alive kube-apiserver && api_ready; then kube get nodes -o wide; fi
}

env_lines() {
  printf 'export KUBECONFIG=%q\n' "${CLUSTER_KUBECONFIG}"
  printf 'export PATH=%q:"${PATH}"\n' "${BIN_DIR}"
}

case "${1:-}" in
  up) up ;;
  down) down "${2:-}" ;;
  status) status ;;
  env) env_lines ;;
  *) die "usage: infra/cluster/node.sh up | down [--purge] | status | env" ;;
esac
