#!/usr/bin/env bash
# Builds a Docker image holding one Debian release's QEMU, with no registry: debootstrap a minimal root
# filesystem with qemu-system-x86, then `docker import` it. The image is tagged by the QEMU version it holds
# (local/vnvdimm-qemu:5.2 for bullseye, :7.2 for bookworm,
# :10.0 for trixie, :11.1 for sid) and by the suite; an existing tag is reused.
#
#   guest-images/qemu-containers/build-container-image.sh SUITE      (bullseye | bookworm | trixie | sid)
#
# Needs root, debootstrap and a running Docker engine. Prints the version tag on its last line.
set -euo pipefail
suite="${1:?usage: build-container-image.sh SUITE (bullseye, bookworm, trixie, sid)}"
repo=local/vnvdimm-qemu
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
command -v debootstrap >/dev/null || { echo "build-container-image: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "build-container-image: no Docker engine answers (start dockerd)" >&2; exit 1; }

if tag="$(docker image inspect -f '{{index .Config.Labels "vnvdimm.qemu-version"}}' "$repo:$suite" 2>/dev/null)" && [ -n "$tag" ]; then
  docker image inspect "$repo:$tag" >/dev/null 2>&1 || docker tag "$repo:$suite" "$repo:$tag"
  echo "build-container-image: $repo:$suite is already built (QEMU $tag)" >&2
  echo "$tag"
  exit 0
fi

work="$(mktemp -d /tmp/vnvdimm-rootfs-XXXXXX)"
trap 'rm -rf "$work"' EXIT
echo "build-container-image: [1/2] debootstrap $suite with QEMU (about 1.5 min)" >&2
debootstrap --variant=minbase --include=qemu-system-x86,qemu-system-data,seabios "$suite" "$work/root" "$mirror" \
  > "$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
# shellcheck disable=SC2016  # ${Version} is dpkg-query's own field, not the shell's
version="$(chroot "$work/root" dpkg-query -W -f='${Version}' qemu-system-x86)"
# 1:7.2+dfsg-7+deb12u18 -> 7.2 ; 1:10.0.13+ds-0+deb13u1 -> 10.0
tag="$(echo "$version" | sed -E 's/^[0-9]+://; s/^([0-9]+\.[0-9]+).*/\1/')"
echo "build-container-image: [2/2] docker import as $repo:$tag (QEMU package $version)" >&2
tar -C "$work/root" --exclude='./var/cache/apt/archives/*.deb' --exclude='./var/lib/apt/lists/*' -c . \
  | docker import --change "LABEL vnvdimm.qemu-version=$tag" --change "LABEL vnvdimm.qemu-package=$version" \
      - "$repo:$suite" >/dev/null
docker tag "$repo:$suite" "$repo:$tag"
echo "build-container-image: $(docker image inspect -f '{{.Size}}' "$repo:$tag" | awk '{printf "%d MB", $1/1e6}') image $repo:$tag" >&2
echo "$tag"
