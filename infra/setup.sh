#!/usr/bin/env bash
# Installs everything Taskmesh needs that a fresh machine lacks, into the
# per-user cache (see lib.sh). Idempotent: each step checks a stamp and says
# nothing when its work is already done.
source "$(dirname "$0")/lib.sh"

# stamp_ok NAME CONTENT: true when the stamp NAME already records CONTENT.
stamp_ok() { [ -f "${TASKMESH_HOME}/stamps/$1" ] && [ "$(cat "${TASKMESH_HOME}/stamps/$1")" = "$2" ]; }
stamp_write() { mkdir -p "${TASKMESH_HOME}/stamps"; printf '%s' "$2" > "${TASKMESH_HOME}/stamps/$1"; }
hash_files() { (cd "${REPO_DIR}" && cat "$@") | sha256sum | cut -c1-16; }

check_toolchains() {
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || die "Node.js ${NODE_MAJOR} is required"
  [ "${node_major}" = "${NODE_MAJOR}" ] || die "Node.js ${NODE_MAJOR} is required, found $(node --version)"
  command -v go >/dev/null || die "Go is required to build daprd (see infra/daprd/go.mod for the version)"
  command -v java >/dev/null || die "Java 17+ is required to run Kafka"
  command -v mvn >/dev/null || die "Maven is required to fetch Kafka from Maven Central"
}

install_debian_packages() {
  local missing=()
  [ -x "/usr/lib/postgresql/${POSTGRES_MAJOR}/bin/postgres" ] || missing+=("postgresql-${POSTGRES_MAJOR}")
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  step "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The packages start system-wide servers on the default ports; Taskmesh runs
  # its own instances, so leave the system ones alone but do not depend on them.
}

build_daprd() {
  local dir="${INFRA_DIR}/daprd" want
  grep -q "github.com/dapr/dapr v${DAPR_RUNTIME_VERSION}\$" "${dir}/go.mod" \
    || die "infra/daprd/go.mod does not require dapr v${DAPR_RUNTIME_VERSION} (infra/versions.env)"
  want="${DAPR_RUNTIME_VERSION}-$(go env GOVERSION)-$(hash_files infra/daprd/go.mod infra/daprd/go.sum infra/daprd/components.go infra/daprd/generate-main.sh)"
  if [ -x "${BIN_DIR}/daprd" ] && stamp_ok daprd "${want}"; then return 0; fi
  step "Building daprd ${DAPR_RUNTIME_VERSION} from Go modules (first build on a fresh machine takes several minutes)"
  local started=${SECONDS}
  (
    cd "${dir}"
    export CGO_ENABLED=0
    ./generate-main.sh
    go build -trimpath -ldflags "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${DAPR_RUNTIME_VERSION}" \
      -o "${BIN_DIR}/daprd.new" .
  ) 2>&1 | sed 's/^/    /'
  mv "${BIN_DIR}/daprd.new" "${BIN_DIR}/daprd"
  stamp_write daprd "${want}"
  detail "daprd built in $((SECONDS - started))s: $("${BIN_DIR}/daprd" --version)"
}

install_kafka() {
  local want="${KAFKA_VERSION}-$(hash_files infra/kafka/pom.xml)"
  if [ -d "${KAFKA_HOME}/libs" ] && stamp_ok kafka "${want}"; then return 0; fi
  step "Fetching Kafka ${KAFKA_VERSION} from Maven Central"
  rm -rf "${KAFKA_HOME}/libs"
  mvn -q -B -Dstyle.color=never -f "${INFRA_DIR}/kafka/pom.xml" -Dmaven.repo.local="${MAVEN_REPO}" -Dkafka.version="${KAFKA_VERSION}" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="${KAFKA_HOME}/libs" 2>&1 | sed 's/^/    /'
  stamp_write kafka "${want}"
  detail "$(ls "${KAFKA_HOME}/libs" | wc -l) jars in ${KAFKA_HOME}/libs"
}

install_node_modules() {
  local want
  want="$(hash_files package-lock.json)-$(node --version)"
  if [ -d "${REPO_DIR}/node_modules" ] && stamp_ok "node_modules-$(printf '%s' "${REPO_DIR}" | sha256sum | cut -c1-12)" "${want}"; then return 0; fi
  step "Installing npm packages (npm ci)"
  (cd "${REPO_DIR}" && npm ci --no-audit --no-fund --loglevel=error) 2>&1 | sed 's/^/    /'
  stamp_write "node_modules-$(printf '%s' "${REPO_DIR}" | sha256sum | cut -c1-12)" "${want}"
}

generate_prisma_client() {
  local want stamp
  stamp="prisma-$(printf '%s' "${REPO_DIR}" | sha256sum | cut -c1-12)"
  want="$(hash_files prisma/schema.prisma package-lock.json)"
  if [ -d "${REPO_DIR}/packages/db/src/generated" ] && stamp_ok "${stamp}" "${want}"; then return 0; fi
  step "Generating the Prisma client"
  (cd "${REPO_DIR}" && npm run --silent db:generate) 2>&1 | sed 's/^/    /'
  stamp_write "${stamp}" "${want}"
}

check_toolchains
install_debian_packages
build_daprd
install_kafka
install_node_modules
generate_prisma_client
