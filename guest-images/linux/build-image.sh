#!/usr/bin/env bash
# Builds the kit's Linux guest image from one Debian release's packages: the kernel from a linux-image .deb
# (downloaded and unpacked, no host initramfs rebuild), that release's ndctl and daxctl with every shared
# library they need and the release's own dynamic loader, the NVDIMM modules in dependency order, busybox-static
# (this machine's: static, so any release's will do), the kit's /init and the raw _DSM helper, and ext4 with what it
# needs, loaded only when a file system is mounted (busybox's mke2fs makes one). Cached by content:
# the output folder is named by a hash of this recipe and the package versions, and an existing one is reused.
#
#   guest-images/linux/build-image.sh [--suite SUITE] [KERNEL_PACKAGE]
#
# By default the packages are this machine's release's, through its own apt lists; --suite takes them from
# another Debian release (trixie: Linux 6.12, ndctl 81) through a private apt list in build/, leaving the
# system's apt alone. Either way the kernel and ndctl come from the same release, by the same path: ndctl's
# libraries are never the host's (no ldd of another release's glibc). Links build/current (default build only)
# and build/SUITE to the image.
#
# Prints the image folder (vmlinuz, vmlinux when the kernel has a PVH entry, initramfs.cpio.gz, kernel-version,
# ndctl-version) on its last line. The kernel is also kept uncompressed for speed: under TCG a bzImage spends
# about 3 s of every boot in its own decompressor.
# Needs: apt-get, dpkg-deb, readelf (binutils), depmod (kmod), cpio, gzip, xz, zstd, busybox-static, gcc.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$here/build"
# shellcheck source=/dev/null  # the build machine's own release file
host_suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-default}")"
suite="$host_suite"
apt_options=()
if [ "${1:-}" = "--suite" ]; then
  suite="${2:?build-image: --suite needs a Debian release name (e.g. trixie)}"
  shift 2
fi
if [ "$suite" != "$host_suite" ]; then
  # a private apt state: sources, lists and cache of SUITE only, under build/
  apt_dir="$build/apt-$suite"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${DEBIAN_MIRROR:-http://deb.debian.org/debian} $suite main" \
    > "$apt_dir/sources.list"
  apt_options=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
               -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Dir::State::status=/dev/null)
  if [ -z "$(find "$apt_dir/lists" -name '*Packages*' -mmin -1440 -print -quit)" ]; then
    echo "build-image: fetching the $suite package list" >&2
    apt-get "${apt_options[@]}" update >/dev/null 2>&1 || { echo "build-image: apt-get update for $suite failed" >&2; exit 1; }
  fi
fi
pkg="${1:-$(apt-cache "${apt_options[@]}" depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')}"
[ -n "$pkg" ] || { echo "build-image: cannot tell which kernel package linux-image-amd64 means in $suite (apt-get update?)" >&2; exit 1; }
for tool in dpkg-deb readelf depmod cpio gzip gcc; do
  command -v "$tool" >/dev/null || { echo "build-image: '$tool' is missing" >&2; exit 1; }
done
[ -x /bin/busybox ] || { echo "build-image: /bin/busybox is missing (apt-get install busybox-static)" >&2; exit 1; }

# SUITE's ndctl and daxctl and the library packages they need: the closure of their Depends and Pre-Depends in
# SUITE's apt list, virtual packages (<name>) dropped, followed through library packages only: named lib* or in
# Debian's section "libs" (zlib1g; bullseye files libndctl6 under libdevel). Tools such as dpkg or tar lead to
# perl, and ship nothing ndctl loads.
userland_packages() {
  local todo="" seen=" " next p
  local -a words
  for p in ndctl daxctl; do
    if [ -n "$(apt-cache "${apt_options[@]}" policy "$p" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)"')" ]; then
      todo="$todo $p"
    fi
  done
  while [ -n "${todo// /}" ]; do
    for p in $todo; do seen="$seen$p "; done
    next=""
    read -ra words <<< "$todo"
    for p in $(apt-cache "${apt_options[@]}" depends --no-recommends --no-suggests --no-conflicts --no-breaks \
                 --no-replaces --no-enhances "${words[@]}" 2>/dev/null | awk '$1 ~ /^\|?(Pre)?Depends:$/ && $2 !~ /^</ {print $2}' | sort -u); do
      case "$seen$next " in *" $p "*) continue ;; esac
      next="$next $p"
    done
    todo=""
    if [ -n "${next// /}" ]; then
      read -ra words <<< "$next"
      todo="$(apt-cache "${apt_options[@]}" show --no-all-versions "${words[@]}" 2>/dev/null \
        | awk '/^Package:/ {p = $2} /^Section:/ && (p ~ /^lib/ || $2 == "libs" || $2 ~ /\/libs$/) {print p}' | sort -u | tr '\n' ' ')"
    fi
  done
  read -ra words <<< "$seen"
  echo "${words[*]}"
}
userland="$(userland_packages)"
read -ra userland_list <<< "$userland"
case " $userland " in *" ndctl "*) ;; *) echo "build-image: $suite has no ndctl package (apt-get update?)" >&2; exit 1 ;; esac
# the .deb file names carry each package's version: the cache key changes with any of them
userland_debs="$(apt-get "${apt_options[@]}" download --print-uris "${userland_list[@]}" 2>/dev/null | awk '{print $2}' | sort)"
[ "$(echo "$userland_debs" | grep -c .)" -eq "${#userland_list[@]}" ] \
  || { echo "build-image: cannot locate every package of $userland in $suite" >&2; exit 1; }
ndctl_pkg_version="$(echo "$userland_debs" | sed -n 's/^ndctl_\([^_]*\)_.*/\1/p' | sed 's/%3a/:/')"

kver_pkg="$(apt-cache "${apt_options[@]}" policy "$pkg" | awk '/Candidate:/ {print $2}')"
key="$( (cat "$here/build-image.sh" "$here/init" "$here/nvdimm-dsm-raw.c" "$here/credit-entropy.c"; echo "$pkg $kver_pkg";
         echo "$userland_debs"; dpkg-query -W -f='${Package} ${Version}\n' busybox-static 2>/dev/null) | sha256sum | cut -c1-16)"
out="$build/$pkg-$key"
link() {
  ln -sfn "$(basename "$out")" "$build/$suite"
  if [ "$suite" = "$host_suite" ]; then ln -sfn "$(basename "$out")" "$build/current"; fi
}
if [ -s "$out/initramfs.cpio.gz" ] && [ -s "$out/vmlinuz" ]; then
  link
  echo "$out"
  exit 0
fi
mkdir -p "$build"
work="$(mktemp -d "$build/.work-XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "build-image: [1/4] kernel $pkg $kver_pkg" >&2
(cd "$work" && apt-get "${apt_options[@]}" download "$pkg" >/dev/null 2>&1) || { echo "build-image: apt-get download $pkg failed" >&2; exit 1; }
dpkg-deb -x "$work"/"$pkg"_*.deb "$work/kernel"
# from Linux 7.x (sid) the image package only depends on linux-binary-* (vmlinuz) and linux-modules-* (modules)
for part in $(dpkg-deb -f "$work"/"$pkg"_*.deb Depends | tr ',' '\n' | grep -oE 'linux-(binary|modules)-[^ ]+' || true); do
  (cd "$work" && apt-get "${apt_options[@]}" download "$part" >/dev/null 2>&1) \
    || { echo "build-image: apt-get download $part failed" >&2; exit 1; }
  dpkg-deb -x "$work"/"$part"_*.deb "$work/kernel"
done
# trixie's packages keep modules under usr/lib
[ -d "$work/kernel/lib/modules" ] || ln -s usr/lib "$work/kernel/lib"
kver="$(find "$work/kernel/lib/modules/" -mindepth 1 -maxdepth 1 ! -name '.*' -printf '%f\n' | sort -V | tail -1)"
depmod -b "$work/kernel" "$kver"

echo "build-image: [2/4] busybox, ndctl $ndctl_pkg_version and libraries of $suite" >&2
root="$work/root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,root,lib,lib64}
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"; done
# static and stripped: the initramfs must stay small enough for QEMU's own 128 MiB NUMA test machine
gcc -static -O2 -s -Wall -o "$root/usr/bin/nvdimm-dsm" "$here/nvdimm-dsm-raw.c"
gcc -static -O2 -s -Wall -o "$root/usr/bin/credit-entropy" "$here/credit-entropy.c"
head -c 64 /dev/urandom > "$root/etc/random-seed" # see credit-entropy.c
(cd "$work" && apt-get "${apt_options[@]}" download "${userland_list[@]}" >/dev/null 2>&1) \
  || { echo "build-image: apt-get download $userland failed" >&2; exit 1; }
staged="$work/userland"
for deb in $userland_debs; do dpkg-deb -x "$work/$deb" "$staged"; done
# every shared object of those packages in one pool (a release may keep some in /lib and some in /usr/lib);
# only those the binaries load go into the image, in one multiarch folder that /lib/x86_64-linux-gnu points to
# too, so both default search folders of the loader hold them
pool="$work/libraries"
multiarch=usr/lib/x86_64-linux-gnu
mkdir -p "$pool" "$root/$multiarch"
ln -s "../$multiarch" "$root/lib/x86_64-linux-gnu"
for d in "$staged/lib/x86_64-linux-gnu" "$staged/$multiarch"; do
  if [ -d "$d" ]; then find "$d" -maxdepth 1 -name '*.so*' \( -type f -o -type l \) -exec cp -a {} "$pool/" \; ; fi
done
binaries=""
for b in ndctl daxctl; do
  if [ -f "$staged/usr/bin/$b" ]; then cp "$staged/usr/bin/$b" "$root/usr/bin/"; binaries="$binaries $root/usr/bin/$b"; fi
done
# the release's dynamic loader at the path the binaries name (PT_INTERP), a plain file: inside the staged tree
# its name may be a link, absolute or relative, which is followed within that tree, never on this machine
interp="$(readelf -l "$root/usr/bin/ndctl" | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')"
[ -n "$interp" ] || { echo "build-image: $suite's ndctl names no program interpreter" >&2; exit 1; }
in_staged="$interp"
for _ in 1 2 3 4 5 6 7 8; do
  # a merged-/usr release ships /lib64's and /lib's files under /usr
  [ -e "$staged$in_staged" ] || [ -L "$staged$in_staged" ] || in_staged="/usr$in_staged"
  [ -L "$staged$in_staged" ] || break
  target="$(readlink "$staged$in_staged")"
  case "$target" in /*) in_staged="$target" ;; *) in_staged="$(dirname "$in_staged")/$target" ;; esac
done
[ -f "$staged$in_staged" ] || { echo "build-image: $suite's loader $interp is not in its packages" >&2; exit 1; }
mkdir -p "$root$(dirname "$interp")"
[ -e "$root$interp" ] || cp "$staged$in_staged" "$root$interp"
# every library the binaries load, and the libraries those load, copied into the image under its soname (read
# with readelf, never run); nothing else of the pool, to keep the initramfs small
needed_todo="$binaries"
needed_seen=" "
while [ -n "${needed_todo// /}" ]; do
  needed_next=""
  for f in $needed_todo; do
    for lib in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
      case "$needed_seen" in *" $lib "*) continue ;; esac
      [ "$lib" = "$(basename "$interp")" ] && continue # the loader itself, already in place
      needed_seen="$needed_seen$lib "
      [ -e "$pool/$lib" ] || { echo "build-image: $lib, which $(basename "$f") needs, is not in $suite's $userland" >&2; exit 1; }
      cp -L "$pool/$lib" "$root/$multiarch/$lib"
      needed_next="$needed_next $root/$multiarch/$lib"
    done
  done
  needed_todo="$needed_next"
done
echo "${ndctl_pkg_version%%-*}" > "$work/ndctl-version"

echo "build-image: [3/4] NVDIMM and file-system modules" >&2
moddir="$work/kernel/lib/modules/$kver"
mkdir -p "$root/lib/modules/$kver"
module_files() { # the .ko files of the modules named, each after the modules it needs, once
  local m line dep
  for m in "$@"; do
    line="$(grep -E "/$m\.ko(\.[a-z]+)?:" "$moddir/modules.dep" || true)"
    [ -n "$line" ] || { echo "build-image: module $m not in $kver (built in?)" >&2; continue; }
    # modules.dep names every transitive dependency; load those first, deepest first
    for dep in $(echo "${line#*:}" | tr ' ' '\n' | grep . | tac) "${line%%:*}"; do echo "$dep"; done
  done | awk '!seen[$0]++'
}
install_module() { # $1 a .ko file of moddir; copies it uncompressed and prints its path in the image
  local name
  name="$(basename "$1" | sed 's/\.\(xz\|zst\|gz\)$//')"
  case "$1" in
    *.xz) xz -dc "$moddir/$1" > "$root/lib/modules/$kver/$name" ;;
    *.zst) zstd -qdc "$moddir/$1" > "$root/lib/modules/$kver/$name" ;;
    *.gz) gzip -dc "$moddir/$1" > "$root/lib/modules/$kver/$name" ;;
    *) cp "$moddir/$1" "$root/lib/modules/$kver/$name" ;;
  esac
  echo "/lib/modules/$kver/$name"
}
# /init loads these at boot, in this order
module_files libnvdimm nfit nd_pmem nd_btt dax_pmem device_dax nd_e820 qemu_fw_cfg | while read -r ko; do
  install_module "$ko"
done > "$root/etc/modules.order"
# ext4 (which also mounts ext2, the file system busybox's mke2fs makes) and crc32c_generic (the crypto API's crc32c,
# which Linux 5.10 and 6.1 load at every ext4 mount, ext2 too; Linux 7.2 has no such module) load only when a
# mount asks for them: the kernel runs /sbin/modprobe, busybox's, which finds them through depmod's modules.alias
# (fs-ext2, crypto-crc32c). Not at boot: 2.4 MB more to load into a 128 MiB machine that mounts nothing.
# They stay xz-compressed, as busybox's modprobe reads them: the kernel unpacks the initramfs into RAM while the
# gzipped archive is still there, and on Linux 6.1 QEMU's 128 MiB NUMA test machine ran out of memory ("System is
# deadlocked on memory") with them uncompressed.
module_files ext4 crc32c_generic | while read -r ko; do
  name="$(basename "$ko" | sed 's/\.\(xz\|zst\|gz\)$//')"
  [ -e "$root/lib/modules/$kver/$name" ] && continue # loaded at boot already
  case "$ko" in
    *.xz) cp "$moddir/$ko" "$root/lib/modules/$kver/$name.xz" ;;
    *.zst) zstd -qdc "$moddir/$ko" | xz -9 --check=crc32 > "$root/lib/modules/$kver/$name.xz" ;;
    *.gz) gzip -dc "$moddir/$ko" | xz -9 --check=crc32 > "$root/lib/modules/$kver/$name.xz" ;;
    *) xz -9 --check=crc32 -c "$moddir/$ko" > "$root/lib/modules/$kver/$name.xz" ;;
  esac
done
ln -s ../bin/busybox "$root/sbin/modprobe"
cp "$moddir"/modules.builtin* "$root/lib/modules/$kver/" 2>/dev/null || true
depmod -b "$root" "$kver" 2>/dev/null || true
install -m 0755 "$here/init" "$root/init"
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"

echo "build-image: [4/4] initramfs and kernel" >&2
mkdir -p "$out.tmp"
# gzip -9: a 128 MiB machine split into 32 MiB NUMA nodes (QEMU's NVDIMM test) runs out of memory at boot
# with the 13 MB uncompressed or lz4 archive; gunzip costs about 0.3 s of a boot under TCG
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) > "$out.tmp/initramfs.cpio.gz"
# vmlinuz is in /boot, or (from Linux 7.x) beside the modules
vmlinuz="$work/kernel/boot/vmlinuz-$kver"
[ -f "$vmlinuz" ] || vmlinuz="$work/kernel/lib/modules/$kver/vmlinuz"
cp "$vmlinuz" "$out.tmp/vmlinuz"
# The ELF kernel inside the bzImage boots directly when it carries a PVH entry point (the Xen ELF note
# PHYS32_ENTRY, type 18), which QEMU's -kernel follows on the pc and q35 machines from QEMU 4.0. The compressed
# payload starts at its format's magic bytes somewhere in the bzImage; try each place until an ELF comes out.
pvh_vmlinux() { # $1 bzImage, $2 output
  local magic tool offset offsets
  for pair in '\xfd7zXZ\x00:xz -dc --single-stream' '\x28\xb5\x2f\xfd:zstd -qdc' '\x1f\x8b\x08\x00:gzip -dc'; do
    magic="${pair%%:*}" tool="${pair#*:}"
    mapfile -t offsets < <(LC_ALL=C grep -obUaP "$magic" "$1" | cut -d: -f1)
    for offset in "${offsets[@]}"; do
      tail -c +$((offset + 1)) "$1" | $tool > "$2" 2>/dev/null || true
      if [ "$(head -c 4 "$2" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] \
         && readelf -n "$2" 2>/dev/null | grep -qE '^ *Xen .*\(0x0*12\)'; then
        return 0
      fi
    done
  done
  rm -f "$2"
  return 1
}
pvh_vmlinux "$vmlinuz" "$out.tmp/vmlinux" \
  || echo "build-image: no PVH entry point in $kver's kernel: the guest boots the bzImage (about 3 s slower under TCG)" >&2
echo "$kver" > "$out.tmp/kernel-version"
cp "$work/ndctl-version" "$out.tmp/ndctl-version"
rm -rf "$out" && mv "$out.tmp" "$out"
link
echo "build-image: $(du -h "$out/initramfs.cpio.gz" | cut -f1) initramfs, kernel $kver$([ -f "$out/vmlinux" ] && echo ' (PVH ELF)'), ndctl $(cat "$out/ndctl-version")" >&2
echo "$out"
