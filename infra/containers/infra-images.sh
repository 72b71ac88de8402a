#!/usr/bin/env bash
# Builds the images of what runs around Taskmesh's apps (issue 17), from Debian's
# packages and what infra/setup.sh already built or fetched, on the images
# build-images.sh makes (which runs this at its end; alone it needs those two):
#   localhost/taskmesh/dapr:${DAPR_RUNTIME_VERSION}   daprd and sentry (dapr.Containerfile)
#   localhost/taskmesh/kafka:${KAFKA_VERSION}         one KRaft node + the topics (kafka.Containerfile)
#   localhost/taskmesh/postgres:${POSTGRES_MAJOR}     Debian's postgresql-N (postgres.Containerfile)
#   localhost/taskmesh/redis:${REDIS_MAJOR}           Debian's redis-server (redis.Containerfile)
#   localhost/taskmesh/mail-catcher:local             infra/mail-catcher.mjs (mail-catcher.Containerfile)
#   localhost/taskmesh/dapr/<component>:${DAPR_RUNTIME_VERSION}  Dapr on Kubernetes, one image per
#     component of Dapr's Helm chart: daprd sentry operator injector placement
#     scheduler (dapr-component.Containerfile; want name: dapr-cluster)
# and, only when named (they need `infra/setup.sh --cluster`; infra/cluster/node.sh asks for them):
#   localhost/taskmesh/pause:${PAUSE_VERSION}           the one-node cluster's sandbox image (pause.Containerfile)
#   localhost/taskmesh/coredns:${COREDNS_VERSION}       its DNS (coredns.Containerfile)
# Each is built from a context staged under ${TASKMESH_HOME}/containers/infra
# with podman's layer cache; an image whose inputs (Containerfile, context
# files, base image, build arguments) are unchanged is not even re-hashed by
# podman. --format docker keeps HEALTHCHECK and STOPSIGNAL (OCI has no field
# for a healthcheck). Usage: bash infra/containers/infra-images.sh [IMAGE_NAME...]
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

BASE_IMAGE="localhost/taskmesh/base:bookworm"
NODE_IMAGE="localhost/taskmesh/node:${NODE_VERSION}"
WORK_DIR="${TASKMESH_HOME}/containers/infra"
HERE="${INFRA_DIR}/containers"
HOST_CA=/etc/ssl/certs/ca-certificates.crt

# inputs_digest FROM_IMAGE CONTAINERFILE BUILD_ARGS SRC:DEST...: what the image is
# made of, names, modes and contents, as one short digest.
inputs_digest() {
  local from=$1 file=$2 args=$3 pair src; shift 3
  {
    if [ "${from}" = scratch ]; then echo scratch; else podman image inspect --format '{{.Id}}' "${from}"; fi
    echo "${args}"
    sha256sum <"${file}"
    for pair in "$@"; do
      src=${pair%%:*}
      echo "${pair#*:}"
      (cd "$(dirname "${src}")" && find "$(basename "${src}")" -type f -printf '%p %m\n' | sort &&
        find "$(basename "${src}")" -type f -print0 | sort -z | xargs -0 sha256sum)
    done
  } | sha256sum | cut -c1-16
}

# build IMAGE FROM_IMAGE CONTAINERFILE "BUILD_ARGS" SRC:DEST...: stages the
# files (DEST relative to the context) and builds, unless an image with these
# inputs exists. PODMAN_EXTRA (an array) adds podman build options.
build() {
  local image=$1 from=$2 file=$3 args=$4; shift 4
  local started=${SECONDS} inputs dir pair arg build_args=()
  [ "${from}" = scratch ] || podman image exists "${from}" || die "${from} is missing: run \`npm run images:build\` (build-images.sh makes it)"
  for pair in "$@"; do [ -e "${pair%%:*}" ] || die "${pair%%:*} is missing for ${image}: run \`npm run infra:setup\` (for the cluster's images: \`infra/setup.sh --cluster\`)"; done
  inputs=$(inputs_digest "${from}" "${file}" "${args}" "$@")
  if [ "$(podman image inspect --format '{{index .Labels "taskmesh.inputs"}}' "${image}" 2>/dev/null)" = "${inputs}" ]; then
    detail "${image} is up to date"
    return 0
  fi
  step "Building ${image}"
  dir="${WORK_DIR}/$(basename "${file}" .Containerfile)"
  rm -rf "${dir}" && mkdir -p "${dir}/context"
  for pair in "$@"; do cp -a "${pair%%:*}" "${dir}/context/${pair#*:}"; done
  for arg in ${args}; do build_args+=(--build-arg "${arg}"); done
  local old_id
  old_id=$(podman image inspect --format '{{.Id}}' "${image}" 2>/dev/null || true)
  nice -n 19 podman build --format docker --layers "${build_args[@]}" "${PODMAN_EXTRA[@]}" \
    --label "taskmesh.inputs=${inputs}" -f "${file}" -t "${image}" "${dir}/context" >"${dir}/build.log" 2>&1 ||
    { tail -n 20 "${dir}/build.log" >&2; die "building ${image} failed; the whole log is ${dir}/build.log"; }
  # The image this replaced, now nameless, if nothing else uses it.
  if [ -n "${old_id}" ] && [ "$(podman image inspect --format '{{len .RepoTags}}' "${old_id}" 2>/dev/null)" = 0 ]; then
    podman image rm "${old_id}" >/dev/null 2>&1 && detail "removed the replaced image ${old_id:0:12}"
  fi
  image_done "${image}" "${started}"
}

want() { [ "${#only[@]}" -eq 0 ] || named "$1"; }
named() { [[ " ${only[*]} " == *" $1 "* ]]; }

[ "$(id -u)" -eq 0 ] || die "run as root: images are built with rootful podman (rootless is not supported yet)"
only=("$@")
total=${SECONDS}
mkdir -p "${WORK_DIR}"
PODMAN_EXTRA=()

want dapr && build "localhost/taskmesh/dapr:${DAPR_RUNTIME_VERSION}" "${BASE_IMAGE}" "${HERE}/dapr.Containerfile" \
  "BASE_IMAGE=${BASE_IMAGE} DAPR_RUNTIME_VERSION=${DAPR_RUNTIME_VERSION}" \
  "${BIN_DIR}/daprd:daprd" "${BIN_DIR}/sentry:sentry" "${HERE}/dapr/healthz:healthz" \
  "${INFRA_DIR}/sentry/config.yaml:sentry-config.yaml"

want kafka && build "localhost/taskmesh/kafka:${KAFKA_VERSION}" "${BASE_IMAGE}" "${HERE}/kafka.Containerfile" \
  "BASE_IMAGE=${BASE_IMAGE} KAFKA_VERSION=${KAFKA_VERSION}" \
  "${KAFKA_HOME}/libs:libs" "${INFRA_DIR}/kafka/CreateTopics.java:CreateTopics.java" \
  "${INFRA_DIR}/kafka/topics.tsv:topics.tsv" "${INFRA_DIR}/kafka/log4j.properties:log4j.properties" \
  "${INFRA_DIR}/kafka/log4j-tools.properties:log4j-tools.properties" "${HERE}/kafka/kafka-server:kafka-server" \
  "${HERE}/kafka/kafka-create-topics:kafka-create-topics" "${HERE}/kafka/kafka-healthcheck:kafka-healthcheck"

want postgres && build "localhost/taskmesh/postgres:${POSTGRES_MAJOR}" "${BASE_IMAGE}" "${HERE}/postgres.Containerfile" \
  "BASE_IMAGE=${BASE_IMAGE} POSTGRES_MAJOR=${POSTGRES_MAJOR}" \
  "${HERE}/postgres/postgres-server:postgres-server"

want redis && build "localhost/taskmesh/redis:${REDIS_MAJOR}" "${BASE_IMAGE}" "${HERE}/redis.Containerfile" \
  "BASE_IMAGE=${BASE_IMAGE} REDIS_MAJOR=${REDIS_MAJOR}" \
  "${HERE}/redis/redis-start:redis-start" "${HERE}/redis/redis-healthcheck:redis-healthcheck"

if want mail-catcher; then
  # The package files are derived from the repository's lock, so they are inputs like any file.
  node "${HERE}/lock-subset.mjs" "${INFRA_DIR}/mail-catcher.mjs" "${WORK_DIR}/mail-catcher-packages" >/dev/null
  # npm ci reaches the registry, which is trusted here only through the host's CA bundle.
  [ -s "${HOST_CA}" ] && PODMAN_EXTRA=(-v "${HOST_CA}:/etc/ssl/certs/host-ca.crt:ro")
  build "localhost/taskmesh/mail-catcher:local" "${NODE_IMAGE}" "${HERE}/mail-catcher.Containerfile" \
    "NODE_IMAGE=${NODE_IMAGE}" \
    "${WORK_DIR}/mail-catcher-packages/package.json:package.json" \
    "${WORK_DIR}/mail-catcher-packages/package-lock.json:package-lock.json" \
    "${INFRA_DIR}/mail-catcher.mjs:mail-catcher.mjs" "${HERE}/mail-catcher/smtp-healthcheck.mjs:smtp-healthcheck.mjs"
  PODMAN_EXTRA=()
fi

# Dapr on the one-node cluster (issue 18): the image names Dapr's Helm chart
# derives from global.registry and global.tag (infra/cluster/dapr-values.yaml),
# each with its binary where the chart's templates (and, for daprd, the sidecar
# injector) run it. One Containerfile, so all six share every layer but the binary's.
if want dapr-cluster; then
  for component in daprd sentry operator injector placement scheduler; do
    build "localhost/taskmesh/dapr/${component}:${DAPR_RUNTIME_VERSION}" "${BASE_IMAGE}" \
      "${HERE}/dapr-component.Containerfile" \
      "BASE_IMAGE=${BASE_IMAGE} DAPR_RUNTIME_VERSION=${DAPR_RUNTIME_VERSION} COMPONENT=${component}" \
      "${BIN_DIR}/${component}:${component}"
  done
fi

named pause && build "localhost/taskmesh/pause:${PAUSE_VERSION}" scratch "${HERE}/pause.Containerfile" \
  "PAUSE_VERSION=${PAUSE_VERSION}" "${BIN_DIR}/pause:pause"

named coredns && build "localhost/taskmesh/coredns:${COREDNS_VERSION}" "${BASE_IMAGE}" "${HERE}/coredns.Containerfile" \
  "BASE_IMAGE=${BASE_IMAGE} COREDNS_VERSION=${COREDNS_VERSION}" "${BIN_DIR}/coredns:coredns"

step "Infrastructure images ready in $(elapsed_since "${total}")"
