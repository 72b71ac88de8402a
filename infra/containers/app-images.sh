#!/usr/bin/env bash
# Builds Taskmesh's application images with podman from the repository's
# Dockerfiles (issue 17), on the Node image build-images.sh makes:
#   localhost/taskmesh/<app>:local     tasks-api, audit-agent, recurrence-agent,
#                                      reminder-agent, realtime-sync, webhook-agent, web
#   localhost/taskmesh/migrations:local   prisma/Dockerfile
# These names are what compose, the chart's local values and the container
# tests use. Only the npm registry is reached (the install steps); the host's
# CA bundle is mounted for those steps, never copied into an image. Layers are
# cached: a rerun after a source change reuses every npm install layer (the
# Dockerfiles copy only package.json files and the lock before `npm ci`).
# Usage: bash infra/containers/app-images.sh [APP...]   (all by default; run as
# root, like build-images.sh, which calls it last). Logs: ${TASKMESH_HOME}/containers/build-<app>.log
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

NODE_IMAGE="localhost/taskmesh/node"
WORK_DIR="${TASKMESH_HOME}/containers"
# The bundle this machine's outbound HTTPS is trusted through (its extra CAs
# included); on machines without one, the install steps use Node's own CAs.
CA_BUNDLE="${TASKMESH_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
CA_IN_BUILD=/etc/ssl/certs/host-ca.crt

# app -> its Dockerfile (relative to the repository root, the build context).
declare -A DOCKERFILES=(
  [tasks-api]=services/tasks-api/Dockerfile
  [audit-agent]=services/audit-agent/Dockerfile
  [recurrence-agent]=services/recurrence-agent/Dockerfile
  [reminder-agent]=services/reminder-agent/Dockerfile
  [realtime-sync]=services/realtime-sync/Dockerfile
  [webhook-agent]=services/webhook-agent/Dockerfile
  [web]=web/Dockerfile
  [migrations]=prisma/Dockerfile
)
ORDER=(migrations tasks-api audit-agent reminder-agent recurrence-agent realtime-sync webhook-agent web)

# npm_steps LOG: how the `npm ci` steps of a build went, e.g. "npm ci: 2 of 2
# from the cache" (podman prints "--> Using cache" right after a cached step).
npm_steps() {
  awk '/STEP [0-9]+\/[0-9]+: RUN .*npm ci/ { n++; pending = 1; next }
       pending && /^--> Using cache/ { cached++ }
       { pending = 0 }
       END { printf "npm ci: %d of %d from the cache", cached, n }' "$1"
}

# context_inputs: a hash of everything the Dockerfiles may copy from the build
# context (a superset: every source, manifest and Dockerfile the images are
# made of, not node_modules or build output) and of the Node image. An image
# labelled with it is up to date: podman would only re-hash each app's
# node_modules to find every layer cached (about 1m40s for the seven).
context_inputs() {
  (
    cd "${REPO_DIR}"
    find package.json package-lock.json tsconfig.json prisma.config.ts packages services web prisma infra/containers \
      \( -name node_modules -o -name build -o -name generated -o -name .cache -o -name .dapr \) -prune -o -type f -print |
      LC_ALL=C sort | while IFS= read -r file; do printf '%s\n' "${file}"; sha256sum <"${file}"; done
    podman image inspect --format '{{.Id}}' "${NODE_IMAGE}:${NODE_VERSION}-bookworm-slim"
    [ -f "${CA_BUNDLE}" ] && echo "with the host CA bundle"
  ) | sha256sum | cut -c1-16
}

build_app() {
  local app="$1" started=${SECONDS} image="localhost/taskmesh/$1:local" log="${WORK_DIR}/build-$1.log" old
  if [ "$(podman image inspect --format '{{index .Labels "taskmesh.inputs"}}' "${image}" 2>/dev/null)" = "${INPUTS}" ]; then
    detail "${image} is up to date"
    return 0
  fi
  local args=(--pull=never --build-arg "NODE_IMAGE=${NODE_IMAGE}" -f "${REPO_DIR}/${DOCKERFILES[${app}]}" -t "${image}")
  args+=(--label "taskmesh.inputs=${INPUTS}")
  if [ -f "${CA_BUNDLE}" ]; then
    args+=(-v "${CA_BUNDLE}:${CA_IN_BUILD}:ro" --build-arg "NODE_EXTRA_CA_CERTS=${CA_IN_BUILD}")
  fi
  old=$(podman image inspect --format '{{.Id}}' "${image}" 2>/dev/null || true)
  if ! nice -n 19 podman build "${args[@]}" "${REPO_DIR}" >"${log}" 2>&1; then
    tail -n 25 "${log}" >&2
    die "building ${image} failed; the whole log: ${log}"
  fi
  image_done "${image}" "${started}"
  # FROM steps are never reported as cached, so they are not counted.
  detail "$(grep -c -- '^--> Using cache' "${log}" || true) of $(grep -E 'STEP [0-9]+/[0-9]+: ' "${log}" | grep -cv ': FROM ') steps from the cache; $(npm_steps "${log}")"
  # The image this build replaced keeps no name: removed with the layers only it used
  # (not while a container still uses it).
  if [ -n "${old}" ] && [ "$(podman image inspect --format '{{len .RepoTags}}' "${old}" 2>/dev/null)" = 0 ]; then
    podman image rm "${old}" >/dev/null 2>&1 && detail "removed the replaced image ${old:0:12}"
  fi
  return 0
}

[ "$(id -u)" -eq 0 ] || die "run as root: images are built with rootful podman (rootless is not supported yet)"
podman image exists "${NODE_IMAGE}:${NODE_VERSION}-bookworm-slim" ||
  die "${NODE_IMAGE}:${NODE_VERSION}-bookworm-slim is missing: run \`npm run images:build\`"
apps=("$@")
[ "${#apps[@]}" -gt 0 ] || apps=("${ORDER[@]}")
for app in "${apps[@]}"; do
  [ -n "${DOCKERFILES[${app}]:-}" ] || die "no image named ${app} (one of: ${ORDER[*]})"
done
mkdir -p "${WORK_DIR}"
total=${SECONDS}
INPUTS=$(context_inputs)
for app in "${apps[@]}"; do build_app "${app}"; done
step "Application images built in $(elapsed_since "${total}")"
