#!/usr/bin/env bash
# Installs everything Taskmesh needs that a fresh machine lacks, into the
# per-user cache (see lib.sh). Idempotent: each step checks a stamp and says
# nothing when its work is already done.
#
# Usage: infra/setup.sh [--integration | --all | --cluster]
#   (none)         what running needs (npm start): Node.js, npm packages, the
#                  Prisma client, the web build, daprd + sentry (and the rest
#                  of Dapr's control plane, for the cluster), Kafka,
#                  PostgreSQL and Redis
#   --integration  also what the integration and fuzz tests need (Chromium,
#                  schemathesis)
#   --all          also what the deployment checks need (helm, etcd,
#                  kube-apiserver, the API schemas) and the compose tools
#                  (docker compose v2, podman-compose): npm test
#   --cluster      what running needs, and the one-node Kubernetes cluster
#                  (infra/cluster/node.sh, issue 18): etcd, every Kubernetes
#                  command, containerd, CoreDNS, the pause binary, and Debian's
#                  runc, CNI plugins, conntrack, socat and iptables. Not part
#                  of --all: only the cluster suite needs it.
# Independent long steps run at the same time (issue 16): the Go builds and the
# Maven and PyPI fetches in the background while npm installs and builds the UI.
source "$(dirname "$0")/lib.sh"

profile=run
case "${1:-}" in
  "") ;;
  --integration) profile=integration ;;
  --all) profile=all ;;
  --cluster) profile=cluster ;;
  *) die "unknown option: $1 (expected --integration, --all or --cluster)" ;;
esac

# stamp_ok NAME CONTENT: true when the stamp NAME already records CONTENT.
stamp_ok() { [ -f "${TASKMESH_HOME}/stamps/$1" ] && [ "$(cat "${TASKMESH_HOME}/stamps/$1")" = "$2" ]; }
stamp_write() { mkdir -p "${TASKMESH_HOME}/stamps"; printf '%s' "$2" > "${TASKMESH_HOME}/stamps/$1"; }
hash_files() { (cd "${REPO_DIR}" && cat "$@") | sha256sum | cut -c1-16; }
# finished WHAT STARTED: the progress line a long step ends with, e.g. "==> daprd built in 3m12s".

# Node.js ${NODE_VERSION} from the npm registry's official binary package
# (node-linux-<arch>, issue 16) when the machine's node is older: npm, run by
# whatever node the machine has, fetches it and checks the registry's hash.
install_node() {
  [ -x "${NODE_HOME}/bin/node" ] && return 0
  local machine_major arch tmp started=${SECONDS}
  machine_major=$(PATH="${PATH//"${NODE_HOME}/bin:"/}" node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  [ "${machine_major}" -ge "${NODE_MAJOR}" ] && return 0
  command -v npm >/dev/null || die "npm (with any Node.js) is needed to install Node.js ${NODE_VERSION}"
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) die "no node-linux-* package for $(uname -m): install Node.js ${NODE_MAJOR} yourself" ;;
  esac
  step "Installing Node.js ${NODE_VERSION} (npm package node-linux-${arch}) into ${NODE_HOME}"
  mkdir -p "${TASKMESH_HOME}/node"
  tmp=$(mktemp -d "${TASKMESH_HOME}/node/.install.XXXXXX")
  (cd "${tmp}" && npm pack --silent --no-fund "node-linux-${arch}@${NODE_VERSION}" >/dev/null)
  tar -xzf "${tmp}/node-linux-${arch}-${NODE_VERSION}.tgz" -C "${tmp}" package/bin/node package/LICENSE
  # Renamed into place only when whole, so an interrupted install is redone.
  mv "${tmp}/package" "${NODE_HOME}"
  rm -rf "${tmp}"
  hash -r
  finished "Node.js $("${NODE_HOME}/bin/node" --version) installed" "${started}"
}

check_toolchains() {
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || die "Node.js ${NODE_MAJOR}+ is required"
  [ "${node_major}" -ge "${NODE_MAJOR}" ] || die "Node.js ${NODE_MAJOR}+ is required, found $(node --version)"
  command -v go >/dev/null || die "Go is required to build daprd (see infra/daprd/go.mod for the version)"
  command -v java >/dev/null || die "Java 17+ is required to run Kafka"
  command -v mvn >/dev/null || die "Maven is required to fetch Kafka from Maven Central"
  [ "${profile}" = run ] || [ "${profile}" = cluster ] || /usr/bin/python3 -c 'import sys; assert sys.version_info >= (3, 10)' 2>/dev/null \
    || die "Python 3.10+ (Debian's python3) is required for the fuzz tests"
}

install_debian_packages() {
  local missing=()
  [ -x "/usr/lib/postgresql/${POSTGRES_MAJOR}/bin/postgres" ] || missing+=("postgresql-${POSTGRES_MAJOR}")
  command -v redis-server >/dev/null || missing+=(redis-server)
  if [ "${profile}" = cluster ]; then
    # What the kubelet, containerd and kube-proxy run or call (infra/cluster/node.sh):
    # the OCI runtime, the CNI plugins in /usr/lib/cni (bridge, host-local,
    # portmap, loopback), and gcc with a static libc for the pause binary.
    command -v runc >/dev/null || missing+=(runc)
    [ -x /usr/lib/cni/bridge ] || missing+=(containernetworking-plugins)
    command -v conntrack >/dev/null || missing+=(conntrack)
    command -v socat >/dev/null || missing+=(socat)
    command -v iptables >/dev/null || missing+=(iptables)
    # node.sh makes the cluster's certificates and probes its endpoints with these.
    command -v openssl >/dev/null || missing+=(openssl)
    command -v curl >/dev/null || missing+=(curl)
    command -v gcc >/dev/null || missing+=(gcc)
    [ -f "/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)/libc.a" ] || missing+=(libc6-dev)
  elif [ "${profile}" != run ]; then
    # Debian's Chromium, driven by playwright-core in the browser tests.
    command -v chromium >/dev/null || missing+=(chromium)
    # The fuzz stage's schemathesis lives in a virtualenv (install_schemathesis).
    /usr/bin/python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  local started=${SECONDS}
  step "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  finished "Debian packages installed" "${started}"
  # The packages start system-wide servers on the default ports; Taskmesh runs
  # its own instances, so leave the system ones alone but do not depend on them.
}

# Besides daprd (the lean wrapper), the commands of dapr's module at the same
# version: sentry, the CA behind the sidecars' mTLS identities (local stack and
# cluster), and for the cluster (issue 18) the rest of the control plane that
# Dapr's Helm chart runs (infra/cluster/dapr-values.yaml). All in one build:
# their shared packages compile once and the links run side by side. The four
# cluster commands add a fifth to a cold build (492 s of CPU for all six, 408 s
# for daprd and sentry alone; under a minute of a 2-core machine), so every
# machine builds them rather than a separate --cluster step, and
# `npm run images:build` can always make the cluster's Dapr images.
DAPR_COMMANDS=(sentry operator injector placement scheduler)

build_daprd() {
  local dir="${INFRA_DIR}/daprd" want cmd
  grep -q "github.com/dapr/dapr v${DAPR_RUNTIME_VERSION}\$" "${dir}/go.mod" \
    || die "infra/daprd/go.mod does not require dapr v${DAPR_RUNTIME_VERSION} (infra/versions.env)"
  grep -q "^replace github.com/diagridio/go-etcd-cron => github.com/diagridio/go-etcd-cron v${GO_ETCD_CRON_VERSION}\$" "${dir}/go.mod" \
    || die "infra/daprd/go.mod does not replace go-etcd-cron with v${GO_ETCD_CRON_VERSION} (infra/versions.env)"
  want="${DAPR_RUNTIME_VERSION}-$(go env GOVERSION)-$(hash_files infra/daprd/go.mod infra/daprd/go.sum infra/daprd/components.go infra/daprd/generate-main.sh)-${DAPR_COMMANDS[*]}"
  local missing=0
  for cmd in daprd "${DAPR_COMMANDS[@]}"; do [ -x "${BIN_DIR}/${cmd}" ] || missing=1; done
  if [ "${missing}" = 0 ] && stamp_ok daprd "${want}"; then return 0; fi
  step "Building daprd and ${DAPR_COMMANDS[*]} ${DAPR_RUNTIME_VERSION} from Go modules (first build on a fresh machine takes several minutes)"
  local started=${SECONDS} ldflags="-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${DAPR_RUNTIME_VERSION}"
  local out="${BIN_DIR}/.daprd-build" packages=(.)
  for cmd in "${DAPR_COMMANDS[@]}"; do packages+=("github.com/dapr/dapr/cmd/${cmd}"); done
  # Loading the packages downloads exactly the modules the build needs: timed
  # apart from compiling, the two halves of what a first start waits for (issue 16).
  (cd "${dir}" && ./generate-main.sh && CGO_ENABLED=0 go list -deps "${packages[@]}" >/dev/null) 2>&1 \
    | sed -u '/^go: downloading /d; s/^/    /'
  finished "Go modules for daprd and the Dapr control plane downloaded" "${started}"
  rm -rf "${out}"
  (cd "${dir}" && CGO_ENABLED=0 go build -trimpath -ldflags "${ldflags}" -o "${out}/" "${packages[@]}") 2>&1 | sed -u 's/^/    /'
  for cmd in daprd "${DAPR_COMMANDS[@]}"; do mv "${out}/${cmd}" "${BIN_DIR}/${cmd}"; done
  rmdir "${out}"
  stamp_write daprd "${want}"
  finished "daprd and ${DAPR_COMMANDS[*]} $("${BIN_DIR}/daprd" --version) built" "${started}"
}

# The runtime path as the dapr CLI expects it (issue 16): <runtime path>/.dapr/bin/daprd,
# with DAPR_RUNTIME_PATH=${TASKMESH_HOME} (load_sidecar_env). dapr-run.mjs looks there too.
link_runtime_path() {
  mkdir -p "${DAPR_RUNTIME_DIR}/bin"
  ln -sfn "${BIN_DIR}/daprd" "${DAPR_RUNTIME_DIR}/bin/daprd"
}

install_kafka() {
  local want="${KAFKA_VERSION}-$(hash_files infra/kafka/pom.xml)"
  if [ -d "${KAFKA_HOME}/libs" ] && stamp_ok kafka "${want}"; then return 0; fi
  local started=${SECONDS}
  step "Fetching Kafka ${KAFKA_VERSION} from Maven Central"
  rm -rf "${KAFKA_HOME}/libs"
  mvn -q -B -Dstyle.color=never -f "${INFRA_DIR}/kafka/pom.xml" -Dmaven.repo.local="${MAVEN_REPO}" -Dkafka.version="${KAFKA_VERSION}" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="${KAFKA_HOME}/libs" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g; /^$/d; s/^/    /'
  stamp_write kafka "${want}"
  finished "Kafka fetched ($(ls "${KAFKA_HOME}/libs" | wc -l) jars in ${KAFKA_HOME}/libs)" "${started}"
}

# schemathesis (the fuzz stage) in its own virtualenv, from PyPI: only the
# pinned version, nothing in the repository or the system's site-packages.
install_schemathesis() {
  local venv="${SCHEMATHESIS_HOME}" want
  want="${SCHEMATHESIS_VERSION}-$(/usr/bin/python3 --version 2>&1)"
  if [ -x "${venv}/bin/schemathesis" ] && stamp_ok schemathesis "${want}"; then return 0; fi
  local started=${SECONDS}
  step "Installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI (into ${venv})"
  rm -rf "${venv}"
  /usr/bin/python3 -m venv "${venv}"
  "${venv}/bin/pip" install --quiet --disable-pip-version-check "schemathesis==${SCHEMATHESIS_VERSION}" 2>&1 | sed -u 's/^/    /'
  stamp_write schemathesis "${want}"
  finished "$("${venv}/bin/schemathesis" --version) installed" "${started}"
}

# The compose tools (issue 17): docker compose v2 from its Go module source,
# built as the main module (`go install` refuses a module whose go.mod has
# exclude directives); podman-compose in its own virtualenv from PyPI. The
# container suite of npm test brings docker-compose.yml up with both.
build_docker_compose() {
  local want="${DOCKER_COMPOSE_VERSION}-$(go env GOVERSION)"
  if [ -x "${BIN_DIR}/docker-compose" ] && stamp_ok docker-compose "${want}"; then return 0; fi
  local started=${SECONDS} module="github.com/docker/compose/v2@v${DOCKER_COMPOSE_VERSION}" src
  step "Building docker compose ${DOCKER_COMPOSE_VERSION} from Go modules (first build: about 12 minutes on 2 cores)"
  src=$(go mod download -json "${module}" | node -pe 'JSON.parse(require("fs").readFileSync(0)).Dir')
  [ -d "${src}/cmd" ] || die "no cmd/ in ${src}"
  rm -rf "${TASKMESH_HOME}/docker-compose-src" && cp -r "${src}" "${TASKMESH_HOME}/docker-compose-src"
  chmod -R u+w "${TASKMESH_HOME}/docker-compose-src"
  (cd "${TASKMESH_HOME}/docker-compose-src" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=v${DOCKER_COMPOSE_VERSION}" \
    -o "${BIN_DIR}/docker-compose.new" ./cmd) 2>&1 | sed -u '/^go: downloading /d; s/^/    /'
  mv "${BIN_DIR}/docker-compose.new" "${BIN_DIR}/docker-compose"
  rm -rf "${TASKMESH_HOME}/docker-compose-src"
  stamp_write docker-compose "${want}"
  finished "$("${BIN_DIR}/docker-compose" version) built" "${started}"
}

install_podman_compose() {
  local venv="${PODMAN_COMPOSE_HOME}" want
  want="${PODMAN_COMPOSE_VERSION}-$(/usr/bin/python3 --version 2>&1)"
  if [ -x "${venv}/bin/podman-compose" ] && stamp_ok podman-compose "${want}"; then return 0; fi
  local started=${SECONDS}
  step "Installing podman-compose ${PODMAN_COMPOSE_VERSION} from PyPI (into ${venv})"
  rm -rf "${venv}"
  /usr/bin/python3 -m venv "${venv}"
  "${venv}/bin/pip" install --quiet --disable-pip-version-check "podman-compose==${PODMAN_COMPOSE_VERSION}" 2>&1 | sed -u 's/^/    /'
  stamp_write podman-compose "${want}"
  finished "podman-compose ${PODMAN_COMPOSE_VERSION} installed" "${started}"
}

install_node_modules() {
  local want
  want="$(hash_files package-lock.json)-$(node --version)"
  if [ -d "${REPO_DIR}/node_modules" ] && stamp_ok "node_modules-$(printf '%s' "${REPO_DIR}" | sha256sum | cut -c1-12)" "${want}"; then return 0; fi
  local started=${SECONDS}
  step "Installing npm packages (npm ci)"
  (cd "${REPO_DIR}" && npm ci --no-audit --no-fund --loglevel=error) 2>&1 | sed -u 's/^/    /'
  finished "npm packages installed" "${started}"
  stamp_write "node_modules-$(printf '%s' "${REPO_DIR}" | sha256sum | cut -c1-12)" "${want}"
}

generate_prisma_client() {
  local want stamp
  stamp="prisma-$(printf '%s' "${REPO_DIR}" | sha256sum | cut -c1-12)"
  want="$(hash_files prisma/schema.prisma packages/db/prisma.config.ts package-lock.json)"
  if [ -d "${REPO_DIR}/packages/db/src/generated" ] && stamp_ok "${stamp}" "${want}"; then return 0; fi
  step "Generating the Prisma client"
  (cd "${REPO_DIR}" && npm run --silent db:generate) 2>&1 | sed -u 's/^/    /'
  stamp_write "${stamp}" "${want}"
}

build_web() {
  # The Remix build web serves (web/build): rebuilt when the UI's sources change,
  # including the workspace packages its bundles hold (quick add's parser runs in the browser).
  local want stamp
  stamp="web-build-$(printf '%s' "${REPO_DIR}" | sha256sum | cut -c1-12)"
  want="$(cd "${REPO_DIR}" && find web/app web/public web/vite.config.mts web/tailwind.config.ts web/postcss.config.mjs \
    package-lock.json packages/contracts/src packages/platform/src packages/quick-add/src packages/recurrence/src -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
  if [ -f "${REPO_DIR}/web/build/server/index.mjs" ] && stamp_ok "${stamp}" "${want}"; then return 0; fi
  local started=${SECONDS}
  step "Building the web UI (Remix + Vite)"
  (cd "${REPO_DIR}/web" && npx remix vite:build) 2>&1 | grep -v '^build/' | sed -u 's/^/    /'
  finished "web UI built" "${started}"
  stamp_write "${stamp}" "${want}"
}

# install_go_commands NAME VERSION LDFLAGS PACKAGE@VERSION...: `go install`s the
# commands into ${BIN_DIR} (for modules without replace directives, which
# `go install` refuses), unless each is there and the stamp NAME records
# VERSION and Go's version.
install_go_commands() {
  local name=$1 version=$2 ldflags=$3 want package commands=(); shift 3
  want="${version}-$(go env GOVERSION)"
  for package in "$@"; do package=${package%@*}; commands+=("${package##*/}"); done
  local have=1 command
  for command in "${commands[@]}"; do [ -x "${BIN_DIR}/${command}" ] || have=0; done
  if [ "${have}" = 1 ] && stamp_ok "${name}" "${want}"; then return 0; fi
  local started=${SECONDS}
  step "Building ${commands[*]} ${version} from Go modules (first build: a few minutes)"
  GOBIN="${BIN_DIR}" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w ${ldflags}" "$@" 2>&1 \
    | sed -u '/^go: downloading /d; s/^/    /'
  stamp_write "${name}" "${want}"
  finished "${commands[*]} ${version} built" "${started}"
}

build_helm() {
  install_go_commands helm "${HELM_VERSION}" "-X helm.sh/helm/v3/internal/version.version=v${HELM_VERSION}" \
    "helm.sh/helm/v3/cmd/helm@v${HELM_VERSION}"
}

# build_from_wrapper NAME VERSION MODULE PACKAGE FILE...: ${BIN_DIR}/NAME,
# PACKAGE built in the wrapper module infra/NAME, which must require MODULE at
# vVERSION; rebuilt when VERSION, Go or the FILEs (the wrapper's) change.
build_from_wrapper() {
  local name=$1 version=$2 module=$3 package=$4 want; shift 4
  local dir="${INFRA_DIR}/${name}"
  grep -q "${module} v${version}\$" "${dir}/go.mod" \
    || die "infra/${name}/go.mod does not require ${module} v${version} (infra/versions.env)"
  want="${version}-$(go env GOVERSION)-$(hash_files "$@")"
  if [ -x "${BIN_DIR}/${name}" ] && stamp_ok "${name}" "${want}"; then return 0; fi
  local started=${SECONDS}
  step "Building ${name} ${version} from Go modules"
  (cd "${dir}" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "${BIN_DIR}/${name}.new" "${package}") 2>&1 \
    | sed -u '/^go: downloading /d; s/^/    /'
  mv "${BIN_DIR}/${name}.new" "${BIN_DIR}/${name}"
  stamp_write "${name}" "${want}"
  finished "${name} ${version} built" "${started}"
}

# etcd, the API server's storage (the chart's dry run and the cluster), from
# the wrapper module infra/etcd: `go install` refuses etcd's server module
# (replace directives).
build_etcd() {
  build_from_wrapper etcd "${ETCD_VERSION}" go.etcd.io/etcd/server/v3 go.etcd.io/etcd/server/v3 infra/etcd/go.mod
}

# build_kubernetes CMD...: the Kubernetes commands k8s.io/kubernetes/cmd/CMD
# from the wrapper module infra/kubernetes (`go install` refuses
# k8s.io/kubernetes: its go.mod replaces the staging modules with local paths).
# Only the missing or outdated ones are built, all in one `go build`, so the
# packages they share (client-go, apimachinery, most of pkg/) compile once and
# the links run side by side. kube-apiserver alone (--all, the chart's dry
# run) takes about 18 minutes of a 2-core machine the first time; the cluster's
# other five then reuse its compiled packages.
build_kubernetes() {
  local dir="${INFRA_DIR}/kubernetes" want cmd todo=() packages=()
  grep -q "k8s.io/kubernetes v${KUBERNETES_VERSION}\$" "${dir}/go.mod" \
    || die "infra/kubernetes/go.mod does not require k8s.io/kubernetes v${KUBERNETES_VERSION} (infra/versions.env)"
  want="${KUBERNETES_VERSION}-$(go env GOVERSION)-$(hash_files infra/kubernetes/go.mod)"
  for cmd in "$@"; do
    [ -x "${BIN_DIR}/${cmd}" ] && stamp_ok "kubernetes-${cmd}" "${want}" && continue
    todo+=("${cmd}")
    packages+=("k8s.io/kubernetes/cmd/${cmd}")
  done
  [ ${#todo[@]} -eq 0 ] && return 0
  local started=${SECONDS} minor="${KUBERNETES_VERSION#*.}" out="${BIN_DIR}/.kubernetes-build"
  step "Building ${todo[*]} ${KUBERNETES_VERSION} from Go modules (first build: about 18 minutes on 2 cores for kube-apiserver, as long again for the rest)"
  rm -rf "${out}"
  (
    cd "${dir}"
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w \
      -X k8s.io/component-base/version.gitVersion=v${KUBERNETES_VERSION} \
      -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor%%.*}" \
      -o "${out}/" "${packages[@]}"
  ) 2>&1 | sed -u '/^go: downloading /d; s/^/    /'
  for cmd in "${todo[@]}"; do
    mv "${out}/${cmd}" "${BIN_DIR}/${cmd}"
    stamp_write "kubernetes-${cmd}" "${want}"
  done
  rmdir "${out}"
  finished "${todo[*]} v${KUBERNETES_VERSION} built" "${started}"
}

# kube-apiserver and etcd, for applying the rendered chart to a real API server
# with a server-side dry run (no nodes, no cluster: just the API).
build_api_server() {
  build_etcd
  build_kubernetes kube-apiserver
}

# containerd ${CONTAINERD_VERSION}, its runc shim and ctr for the cluster's node,
# from the Go module proxy (Debian bookworm's containerd is 1.6; Kubernetes
# 1.36+ needs 2.x). Its module has no replace directives, so `go install`
# builds it at the pinned version. CGO off: static binaries, without the btrfs
# snapshotter (the only part that needs cgo; the node uses overlayfs).
build_containerd() {
  local module=github.com/containerd/containerd/v2
  install_go_commands containerd "${CONTAINERD_VERSION}" \
    "-X ${module}/version.Version=v${CONTAINERD_VERSION} -X ${module}/version.Package=${module}" \
    "${module}/cmd/containerd@v${CONTAINERD_VERSION}" "${module}/cmd/containerd-shim-runc-v2@v${CONTAINERD_VERSION}" \
    "${module}/cmd/ctr@v${CONTAINERD_VERSION}"
}

# CoreDNS with only the plugins the cluster's Corefile uses (infra/coredns/main.go).
build_coredns() {
  build_from_wrapper coredns "${COREDNS_VERSION}" github.com/coredns/coredns . \
    infra/coredns/go.mod infra/coredns/go.sum infra/coredns/main.go
}

# The pause binary, every pod's sandbox process: Kubernetes' own
# build/pause/linux/pause.c from the k8s.io/kubernetes module, compiled static
# with its Makefile's flags (infra/containers/infra-images.sh puts it in an image).
build_pause() {
  local want="${PAUSE_VERSION}-${KUBERNETES_VERSION}-$(gcc -dumpfullversion)"
  if [ -x "${BIN_DIR}/pause" ] && stamp_ok pause "${want}"; then return 0; fi
  local src
  src=$(go mod download -json "k8s.io/kubernetes@v${KUBERNETES_VERSION}" | node -pe 'JSON.parse(require("fs").readFileSync(0)).Dir')/build/pause
  [ -f "${src}/linux/pause.c" ] || die "no build/pause/linux/pause.c in k8s.io/kubernetes@v${KUBERNETES_VERSION}"
  grep -qx "TAG ?= ${PAUSE_VERSION}" "${src}/Makefile" \
    || die "k8s.io/kubernetes@v${KUBERNETES_VERSION} builds pause $(sed -n 's/^TAG ?= //p' "${src}/Makefile"), not PAUSE_VERSION=${PAUSE_VERSION} (infra/versions.env)"
  step "Compiling pause ${PAUSE_VERSION} (static, gcc)"
  gcc -Os -Wall -Werror -static -DVERSION="v${PAUSE_VERSION}-taskmesh" -o "${BIN_DIR}/pause.new" "${src}/linux/pause.c"
  mv "${BIN_DIR}/pause.new" "${BIN_DIR}/pause"
  stamp_write pause "${want}"
}

# Everything infra/cluster/node.sh runs besides Debian's packages.
build_cluster() {
  # helm installs the releases (Dapr's chart, local-infra, taskmesh).
  build_helm
  build_etcd
  build_kubernetes kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl
  build_containerd
  build_coredns
  build_pause
}

# Schemas for validating the rendered chart and docker-compose.yml offline,
# all from Go modules: k8s.io/kubernetes (api/openapi-spec/v3), dapr (its CRDs),
# the Prometheus Operator (its CRDs) and compose-go (compose-spec.json).
fetch_api_schemas() {
  local want="${KUBERNETES_VERSION}-${DAPR_RUNTIME_VERSION}-${PROMETHEUS_OPERATOR_VERSION}-${COMPOSE_GO_VERSION}"
  if stamp_ok api-schemas "${want}" && [ -s "${TASKMESH_HOME}/api-schemas.json" ]; then return 0; fi
  step "Fetching Kubernetes ${KUBERNETES_VERSION} OpenAPI schemas, Dapr and Prometheus Operator CRDs, the Compose schema (Go modules)"
  local k8s dapr prom compose
  module_dir() { go mod download -json "$1" | node -pe 'JSON.parse(require("fs").readFileSync(0)).Dir'; }
  k8s=$(module_dir "k8s.io/kubernetes@v${KUBERNETES_VERSION}")
  dapr=$(module_dir "github.com/dapr/dapr@v${DAPR_RUNTIME_VERSION}")
  prom=$(module_dir "github.com/prometheus-operator/prometheus-operator@v${PROMETHEUS_OPERATOR_VERSION}")
  compose=$(module_dir "github.com/compose-spec/compose-go/v2@v${COMPOSE_GO_VERSION}")
  [ -d "${k8s}/api/openapi-spec/v3" ] || die "no api/openapi-spec/v3 in ${k8s}"
  [ -d "${dapr}/charts/dapr/crds" ] || die "no charts/dapr/crds in ${dapr}"
  [ -d "${prom}/example/prometheus-operator-crd" ] || die "no example/prometheus-operator-crd in ${prom}"
  [ -f "${compose}/schema/compose-spec.json" ] || die "no schema/compose-spec.json in ${compose}"
  printf '{"kubernetesOpenApi":"%s","crdDirs":["%s","%s"],"composeSpec":"%s"}\n' "${k8s}/api/openapi-spec/v3" \
    "${dapr}/charts/dapr/crds" "${prom}/example/prometheus-operator-crd" "${compose}/schema/compose-spec.json" \
    > "${TASKMESH_HOME}/api-schemas.json"
  stamp_write api-schemas "${want}"
}

# Background steps: each runs in its own subshell; wait_background fails the
# whole setup, naming the step, when one of them failed.
background_pids=()
background_names=()
in_background() {
  "${@:2}" &
  background_pids+=($!)
  background_names+=("$1")
}
wait_background() {
  local i failed=()
  for i in "${!background_pids[@]}"; do
    wait "${background_pids[$i]}" || failed+=("${background_names[$i]}")
  done
  background_pids=()
  background_names=()
  [ ${#failed[@]} -eq 0 ] || die "setup failed in: ${failed[*]} (the error is above)"
}
stop_background() {
  local pid
  for pid in "${background_pids[@]}"; do pkill -TERM -P "${pid}" 2>/dev/null || true; kill "${pid}" 2>/dev/null || true; done
}
trap stop_background EXIT

# The Go builds share two cores with npm and Vite, so they run one after
# another in one background chain; helm and kube-apiserver only for --all,
# the cluster's binaries only for --cluster.
go_builds() {
  build_daprd
  link_runtime_path
  [ "${profile}" = cluster ] && { build_cluster; return 0; }
  [ "${profile}" != all ] && return 0
  build_helm
  build_api_server
  fetch_api_schemas
  build_docker_compose
}
# Network-bound fetches: cheap on CPU, so alongside everything else.
fetches() {
  install_kafka
  [ "${profile}" = run ] || [ "${profile}" = cluster ] || install_schemathesis
  [ "${profile}" != all ] || install_podman_compose
}

# npm ci, Prisma and Vite take about a minute and a half of a first start, the
# Go build four to six: on two cores the Go build gets the CPU first.
npm_steps() {
  renice -n 10 -p "${BASHPID}" >/dev/null
  install_node_modules
  generate_prisma_client
  build_web
}

setup_started=${SECONDS}
install_node
check_toolchains
install_debian_packages
in_background "Go builds" go_builds
in_background "Kafka/PyPI fetches" fetches
in_background "npm packages, Prisma client, web UI" npm_steps
wait_background
[ $((SECONDS - setup_started)) -lt 5 ] || finished "Setup (${profile}) done" "${setup_started}"
