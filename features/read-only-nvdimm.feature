@needs-backend-readonly
Feature: a read-only NVDIMM, seen from inside the guest
  A memory-backend-file with readonly=on maps its file read-only, and QEMU then insists on an unarmed NVDIMM
  (nvdimm-configuration.feature). The NFIT marks the DIMM not armed, and Linux makes its region read-only: the
  pmem disks refuse writes, ndctl will not reconfigure, destroy or create namespaces there, and nothing the guest
  does reaches the file. (Measured with Linux 6.1 and ndctl 76.1 on QEMU 7.2 and 10.0.)

  Scenario: ndctl lists the unarmed DIMM as failed to arm, and Linux marks its region and disk read-only
    Given a file "ro.img" of 64 MiB that starts with "read-only data"
    And the file "ro.img" is remembered
    And a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,readonly=on,mem-path={dir}/ro.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,unarmed=on
      """
    When the guest runs "ndctl list -D -R -N"
    Then its JSON output has:
      | /dimms/0/dev                          | nmem0    |
      | /dimms/0/flag_failed_arm              | true     |
      | /regions/0/dev                        | region0  |
      | /regions/0/size                       | 67108864 |
      | /regions/0/available_size             | 0        |
      | /regions/0/namespaces/0/dev           | namespace0.0 |
      | /regions/0/namespaces/0/mode          | raw      |
      | /regions/0/namespaces/0/blockdev      | pmem0    |
    # ndctl 76.1 has no read-only member for a region: only sysfs says so
    And its JSON output has no "/regions/0/readonly"
    When the guest runs "cat /sys/bus/nd/devices/nmem0/nfit/flags"
    Then the command prints:
      """
      not_armed
      """
    When the guest runs "cat /sys/bus/nd/devices/region0/read_only"
    Then the command prints:
      """
      1
      """
    And the guest's kernel log says "nfit ACPI0012:00: Error found in NVDIMM nmem0 flags: not_armed"
    And the guest's kernel log says "nd_pmem namespace0.0: region0 read-only, marking pmem0 read-only"
    And the file "ro.img" is unchanged

  Scenario: a write to the read-only pmem disk fails with "Operation not permitted", and the file is unchanged
    Given a file "ro.img" of 64 MiB that starts with "read-only data"
    And the file "ro.img" is remembered
    And a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,readonly=on,mem-path={dir}/ro.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,unarmed=on
      """
    When the guest runs "dd if=/dev/zero of=/dev/pmem0 bs=4k count=1"
    Then the command fails with status 1
    And the command reports:
      """
      dd: error writing '/dev/pmem0': Operation not permitted
      1+0 records in
      0+0 records out
      """
    When the guest runs "dd if=/dev/zero of=/dev/pmem0 bs=1M count=2 seek=1"
    Then the command fails with status 1
    And the command reports:
      """
      dd: error writing '/dev/pmem0': Operation not permitted
      1+0 records in
      0+0 records out
      """
    And the guest reads "read-only data" at offset 0 bytes of memory device "nv1"
    And the file "ro.img" is unchanged

  Scenario: ndctl refuses to reconfigure or destroy the namespace of a read-only region
    Given a file "ro.img" of 64 MiB that starts with "read-only data"
    And the file "ro.img" is remembered
    And a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,readonly=on,mem-path={dir}/ro.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,unarmed=on
      """
    When the guest runs "ndctl create-namespace -e namespace0.0 -m raw -f"
    Then the command fails with status 250
    And the command reports:
      """
      Error: namespace0.0: read-only, re-configuration disabled

      failed to reconfigure namespace: No such device or address
      """
    When the guest runs "ndctl destroy-namespace namespace0.0 -f"
    Then the command fails with status 250
    And the command reports:
      """
      Error: namespace0.0: read-only, re-configuration disabled

      error destroying namespaces: No such device or address
      destroyed 0 namespaces
      """
    When the guest runs "ndctl create-namespace -r region0"
    Then the command fails with status 237
    And the command reports:
      """
      failed to create namespace: No space left on device
      """
    And the guest sees the namespaces:
      | dev          | mode | size     | blockdev |
      | namespace0.0 | raw  | 67108864 | pmem0    |
    And the file "ro.img" is unchanged

  Scenario: a labelled DIMM made read-only keeps its namespace, and ndctl creates no other in its free space
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    And the guest runs "ndctl disable-region region0" successfully
    And the guest runs "ndctl init-labels nmem0" successfully
    And the guest runs "ndctl enable-region region0" successfully
    And the guest runs "ndctl create-namespace -r region0 -m raw -s 16M -n data" successfully
    And the machine is powered off
    And the file "nv1.img" is remembered
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,readonly=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K,unarmed=on
      """
    Then the guest sees the namespaces:
      | dev          | mode | size     | name |
      | namespace0.0 | raw  | 16777216 | data |
    And the guest sees the regions:
      | dev     | available_size |
      | region0 | 33554432       |
    When the guest runs "ndctl check-labels nmem0"
    Then the command succeeds
    When the guest runs "ndctl create-namespace -r region0 -m raw -s 16M"
    Then the command fails with status 237
    And the command reports:
      """
      failed to create namespace: No space left on device
      """
    When the guest runs "ndctl destroy-namespace namespace0.0 -f"
    Then the command fails with status 250
    When the guest runs "dd if=/dev/zero of=/dev/pmem0 bs=4k count=1"
    Then the command fails with status 1
    And the guest sees the namespaces:
      | dev          | mode | size     | name |
      | namespace0.0 | raw  | 16777216 | data |
    And the file "nv1.img" is unchanged

  # QEMU answers a Set Namespace Label Data on a read-only backend with status 1 (Not Supported). The kernel
  # hands that status back to ndctl without an error, and ndctl 76.1 does not look at it (seen on QEMU 10.0).
  @known-defect:qemu-read-only-label-write-crashes
  Scenario: ndctl init-labels on a read-only DIMM claims success, but its labels stay blank and its file unchanged
    Given a file "ro.img" of 64 MiB that starts with "read-only data"
    And the file "ro.img" is remembered
    And a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,readonly=on,mem-path={dir}/ro.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K,unarmed=on
      """
    When the guest runs "ndctl disable-region region0" successfully
    And the guest runs "ndctl init-labels nmem0"
    Then the command succeeds
    And the command reports:
      """
      initialized 1 nmem
      """
    When the guest runs "ndctl check-labels nmem0"
    Then the command fails with status 1
    And the command reports:
      """
      successfully verified 0 nmem label
      """
    When the guest runs "ndctl read-labels nmem0 -j"
    Then its JSON output has:
      | /0/index/0/nslot | 0 |
      | /0/index/1/nslot | 0 |
    And the file "ro.img" is unchanged
