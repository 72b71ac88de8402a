#!/usr/bin/env bash
# Proves the one-node cluster works end to end (issue 18), on a running node
# (infra/cluster/node.sh up): the node is Ready; a pod resolves the API
# server's and another Service's names through CoreDNS and reaches that
# Service's ClusterIP, backed by a second pod; a NodePort answers on the host's
# 127.0.0.1; the host reaches a ClusterIP; and the API server calls a mutating
# admission webhook behind a ClusterIP Service over TLS, as it will call Dapr's
# sidecar injector; `kubectl exec` and `kubectl port-forward` go through the
# kubelet and containerd's streaming server. Everything runs in a namespace taskmesh-smoke-<time> (and one
# MutatingWebhookConfiguration), deleted at the end. Prints one line per check
# and ends with "N passed, N failed".
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# A new namespace each run: CoreDNS caches answers for 30 s, so a Service
# made again under the same name would resolve to its predecessor's address.
NS="taskmesh-smoke-$(date +%s)"
BASE_IMAGE=localhost/taskmesh/base:bookworm
NODE_IMAGE="localhost/taskmesh/node:${NODE_VERSION}"
NODE_PORT=30080
FORWARD_PORT=12390
WEBHOOK=taskmesh-smoke-webhook
WORK="${CLUSTER_DIR}/smoke"
passed=0
failed=0

# check NAME COMMAND...: runs COMMAND until it succeeds, for up to 30 s (a
# new Service reaches kube-proxy's rules and CoreDNS a moment after the API
# server has it); prints ok or FAIL with its time, and the last output on failure.
check() {
  local name=$1 out started=${SECONDS}; shift
  until out=$("$@" 2>&1); do
    if [ $((SECONDS - started)) -ge 30 ]; then
      failed=$((failed + 1))
      printf '%sFAIL  %s%s\n%s\n' "${RED}" "${name}" "${RESET}" "$(printf '%s' "${out}" | tail -n 15 | sed 's/^/      /')"
      return 0
    fi
    sleep 1
  done
  passed=$((passed + 1))
  printf 'ok    %s (%s)\n' "${name}" "$(elapsed_since "${started}")"
}

# cleanup: what this run and any earlier one left.
cleanup() {
  kube delete mutatingwebhookconfiguration "${WEBHOOK}" --ignore-not-found >/dev/null 2>&1 || true
  kube delete namespace -l taskmesh-smoke=run --wait=true --timeout=120s >/dev/null 2>&1 || true
  rm -rf "${WORK}"
}

in_client() { kube -n "${NS}" exec client -- "$@"; }
# http_get HOST PORT: the body of GET / over bash's /dev/tcp, in the client pod.
http_get() {
  in_client bash -c "exec 3<>/dev/tcp/$1/$2 && printf 'GET / HTTP/1.0\r\nHost: $1\r\n\r\n' >&3 && cat <&3" | tail -n 1
}
expect_backend() { local body; body=$("$@"); printf '%s\n' "${body}"; [[ ${body} == "hello from backend"* ]]; }
resolves_to() { local got; got=$(in_client getent hosts "$1" | awk '{print $1}'); printf '%s -> %s\n' "$1" "${got}"; [ "${got}" = "$2" ]; }
node_is_ready() { [ "$(kube get node "${NODE_NAME}" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" = True ]; }
# port_forward_answers: `kubectl port-forward` to the backend pod, then GET through it.
port_forward_answers() {
  # kubectl itself in the background (not the kube function's subshell), so $! is what to stop.
  "${BIN_DIR}/kubectl" --kubeconfig "${CLUSTER_KUBECONFIG}" -n "${NS}" port-forward pod/backend "${FORWARD_PORT}:8080" \
    >"${WORK}/port-forward.log" 2>&1 &
  local pid=$! body
  wait_for "the port-forward" 20 port_open "${FORWARD_PORT}"
  body=$(curl -sf --max-time 5 "http://127.0.0.1:${FORWARD_PORT}/")
  kill "${pid}" 2>/dev/null
  wait "${pid}" 2>/dev/null
  cat "${WORK}/port-forward.log"
  printf '%s\n' "${body}"
  [[ ${body} == "hello from backend"* ]]
}
webhook_mutates() {
  # Made anew each try: the webhook only sees CREATE (and the API server picks
  # up a new webhook configuration a moment after it is stored).
  kube -n "${NS}" delete configmap probe --ignore-not-found >/dev/null
  kube -n "${NS}" create configmap probe --from-literal=a=b --dry-run=client -o yaml \
    | sed 's/^metadata:$/metadata:\n  labels:\n    taskmesh-smoke: webhook/' | kube -n "${NS}" apply -f - >/dev/null
  local label
  label=$(kube -n "${NS}" get configmap probe -o 'jsonpath={.metadata.labels.mutated-by}')
  printf 'label mutated-by=%s\n' "${label}"
  [ "${label}" = smoke-webhook ]
}

# The webhook's serving certificate, from a CA made for this run only.
make_webhook_tls() {
  local cn="webhook.${NS}.svc"
  mkdir -p "${WORK}"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "${WORK}/ca.key" -out "${WORK}/ca.crt" -days 1 \
    -subj "/CN=taskmesh-smoke-ca" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout "${WORK}/tls.key" -out "${WORK}/tls.csr" -subj "/CN=${cn}" 2>/dev/null
  openssl x509 -req -in "${WORK}/tls.csr" -CA "${WORK}/ca.crt" -CAkey "${WORK}/ca.key" -set_serial 1 -days 1 \
    -extfile <(printf 'subjectAltName=DNS:%s,DNS:%s.cluster.local\nextendedKeyUsage=serverAuth\n' "${cn}" "${cn}") \
    -out "${WORK}/tls.crt" 2>/dev/null
}

workloads() {
  cat <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: ${NS}
  labels: { taskmesh-smoke: run }
---
apiVersion: v1
kind: Pod
metadata:
  name: backend
  namespace: ${NS}
  labels: { app: backend }
spec:
  terminationGracePeriodSeconds: 0
  containers:
    - name: http
      image: ${BASE_IMAGE}
      imagePullPolicy: Never
      # A one-line HTTP server with the base image's perl-base.
      command:
        - perl
        - -MIO::Socket::INET
        - -e
        - |
          \$| = 1;
          my \$s = IO::Socket::INET->new(LocalPort => 8080, Listen => 16, ReuseAddr => 1) or die "listen: \$!";
          while (my \$c = \$s->accept) { my \$r = <\$c>; print \$c "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from backend\n"; close \$c }
      ports: [{ containerPort: 8080 }]
      readinessProbe:
        tcpSocket: { port: 8080 }
        periodSeconds: 1
---
apiVersion: v1
kind: Service
metadata:
  name: backend
  namespace: ${NS}
spec:
  selector: { app: backend }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata:
  name: backend-nodeport
  namespace: ${NS}
spec:
  type: NodePort
  selector: { app: backend }
  ports: [{ port: 80, targetPort: 8080, nodePort: ${NODE_PORT} }]
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  namespace: ${NS}
spec:
  terminationGracePeriodSeconds: 0
  containers:
    - name: client
      image: ${BASE_IMAGE}
      imagePullPolicy: Never
      command: [sleep, infinity]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: webhook-server
  namespace: ${NS}
data:
  # Answers every AdmissionReview by adding the label mutated-by=smoke-webhook.
  server.js: |
    const fs = require('node:fs');
    const https = require('node:https');
    const tls = { key: fs.readFileSync('/tls/tls.key'), cert: fs.readFileSync('/tls/tls.crt') };
    https.createServer(tls, (req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        const review = JSON.parse(body);
        const patch = [{ op: 'add', path: '/metadata/labels/mutated-by', value: 'smoke-webhook' }];
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: {
          uid: review.request.uid, allowed: true, patchType: 'JSONPatch',
          patch: Buffer.from(JSON.stringify(patch)).toString('base64') } }));
      });
    }).listen(8443);
---
apiVersion: v1
kind: Pod
metadata:
  name: webhook
  namespace: ${NS}
  labels: { app: webhook }
spec:
  terminationGracePeriodSeconds: 0
  securityContext: { runAsNonRoot: true, runAsUser: 1000 }
  containers:
    - name: webhook
      image: ${NODE_IMAGE}
      imagePullPolicy: Never
      command: [node, /app/server.js]
      ports: [{ containerPort: 8443 }]
      readinessProbe:
        tcpSocket: { port: 8443 }
        periodSeconds: 1
      volumeMounts:
        - { name: app, mountPath: /app }
        - { name: tls, mountPath: /tls }
  volumes:
    - name: app
      configMap: { name: webhook-server }
    - name: tls
      secret: { secretName: webhook-tls }
---
apiVersion: v1
kind: Service
metadata:
  name: webhook
  namespace: ${NS}
spec:
  selector: { app: webhook }
  ports: [{ port: 443, targetPort: 8443 }]
EOF
}

webhook_configuration() {
  cat <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: ${WEBHOOK}
webhooks:
  - name: mutate.taskmesh-smoke.local
    admissionReviewVersions: [v1]
    sideEffects: None
    failurePolicy: Fail
    timeoutSeconds: 10
    clientConfig:
      service: { namespace: ${NS}, name: webhook, port: 443 }
      caBundle: $(base64 -w0 "${WORK}/ca.crt")
    namespaceSelector:
      matchLabels: { kubernetes.io/metadata.name: ${NS} }
    objectSelector:
      matchLabels: { taskmesh-smoke: webhook }
    rules:
      - { apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps] }
EOF
}

main() {
  local started=${SECONDS} cluster_ip
  [ -s "${CLUSTER_KUBECONFIG}" ] || die "no cluster: run infra/cluster/node.sh up"
  check "node ${NODE_NAME} is Ready" node_is_ready
  cleanup
  step "Importing ${BASE_IMAGE} and ${NODE_IMAGE} into the node"
  import_images "${BASE_IMAGE}" "${NODE_IMAGE}"
  make_webhook_tls
  # TASKMESH_SMOKE_KEEP=1 leaves the namespace for a look after a failure.
  [ "${TASKMESH_SMOKE_KEEP:-0}" = 1 ] || trap cleanup EXIT
  workloads | kube apply -f - >/dev/null
  kube -n "${NS}" create secret tls webhook-tls --cert "${WORK}/tls.crt" --key "${WORK}/tls.key" >/dev/null
  check "pods backend, client and webhook are Ready" \
    kube -n "${NS}" wait --for=condition=Ready pod/backend pod/client pod/webhook --timeout=120s
  check "a pod resolves kubernetes.default.svc.${CLUSTER_DOMAIN}" \
    resolves_to "kubernetes.default.svc.${CLUSTER_DOMAIN}" "${API_SERVICE_IP}"
  cluster_ip=$(kube -n "${NS}" get service backend -o 'jsonpath={.spec.clusterIP}')
  check "a pod resolves another Service's name (backend, by its short name)" resolves_to backend "${cluster_ip}"
  check "a pod reaches the backend pod through its ClusterIP Service" expect_backend http_get backend 80
  check "the host reaches the ClusterIP ${cluster_ip}" expect_backend curl -sf --max-time 5 "http://${cluster_ip}/"
  check "a NodePort answers on the host's 127.0.0.1:${NODE_PORT}" \
    expect_backend curl -sf --max-time 5 "http://127.0.0.1:${NODE_PORT}/"
  check "kubectl port-forward reaches the backend pod" port_forward_answers
  webhook_configuration | kube apply -f - >/dev/null
  check "the API server calls a mutating webhook behind a ClusterIP Service (TLS)" webhook_mutates
  step "Smoke checks done in $(elapsed_since "${started}")"
  printf '%s passed, %s failed\n' "${passed}" "${failed}"
  [ "${failed}" -eq 0 ]
}

main
