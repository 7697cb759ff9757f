# The reference guest has no file system: every scenario needs the Linux guest's mke2fs, mount and ext4.
@needs-guest-filesystem
Feature: DAX file system — a file system on an fsdax namespace maps the NVDIMM directly, and its files persist
  An fsdax namespace is a block device (pmem0) whose pages the kernel can also map straight into a
  process: a file system mounted with -o dax reads and writes the NVDIMM with loads and stores, no page
  cache between. What the guest writes there must be in the backing file, so it is there after the machine
  restarts on the same files. busybox's mke2fs makes an ext2 file system, which Debian's kernels mount with
  their ext4 module (loaded on demand); DAX needs the block size to be the page size, hence -b 4096.

  Background:
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,memdev=mem1,id=nv1,label-size=128K
      """
    And the guest runs "ndctl disable-region region0" successfully
    And the guest runs "ndctl init-labels nmem0" successfully
    And the guest runs "ndctl enable-region region0" successfully
    And the guest runs "ndctl create-namespace -r region0 -m fsdax -s 64M" successfully

  # the same line from Linux 5.10, 6.1, 6.12 and 7.2
  Scenario: a file system with 4 KiB blocks on pmem0 mounts with -o dax, and the kernel lists the mount as DAX
    When the guest runs "mke2fs -b 4096 /dev/pmem0" successfully
    And the guest runs "mkdir -p /mnt/pmem && mount -t ext2 -o dax /dev/pmem0 /mnt/pmem" successfully
    And the guest runs "grep ' /mnt/pmem ' /proc/mounts"
    Then the command prints:
      """
      /dev/pmem0 /mnt/pmem ext2 rw,relatime,dax 0 0
      """

  # busybox's mke2fs picks 1 KiB blocks for 64 MiB; Linux 5.10 adds "pmem0: error: unsupported blocksize for
  # dax", 6.1, 6.12 and 7.2 "EXT4-fs (pmem0): unsupported blocksize for DAX"
  Scenario: a file system whose blocks are smaller than a page is refused -o dax
    When the guest runs "mke2fs /dev/pmem0" successfully
    And the guest runs "mkdir -p /mnt/pmem && mount -t ext2 -o dax /dev/pmem0 /mnt/pmem"
    Then the command fails with status 255
    And the command reports:
      """
      mount: mounting /dev/pmem0 on /mnt/pmem failed: Invalid argument
      """
    And the guest's kernel log says "EXT4-fs (pmem0): DAX unsupported by block device."

  Scenario: a file written on the DAX file system is read back after a restart
    When the guest runs "mke2fs -b 4096 /dev/pmem0" successfully
    And the guest runs "mkdir -p /mnt/pmem && mount -t ext2 -o dax /dev/pmem0 /mnt/pmem" successfully
    And the guest runs "echo 'written with DAX' > /mnt/pmem/greeting && sync" successfully
    And the machine is restarted
    And the guest runs "mkdir -p /mnt/pmem && mount -t ext2 -o dax /dev/pmem0 /mnt/pmem" successfully
    And the guest runs "cat /mnt/pmem/greeting"
    Then the command prints:
      """
      written with DAX
      """
