@two-machines
Feature: live migration — NVDIMM labels and data arrive intact, and a bad migration fails safe
  A running guest moves from a source hypervisor to a destination started with -incoming. Both are driven
  the way a management tool drives QEMU: QMP for the machines and the migration, and each guest through
  its serial console. Losing or silently mismatching labels on the way is the worst failure this device
  can have, so the destination must check the source's configuration before it touches its own memory or
  backing files, and a migration that fails for any reason must leave the source running with its data.
  (QEMU 7.2 accepts a destination with a different label-size; its guest then reads an invalid label index.)
  The machines have 262136K of RAM, not 256M, so that QEMU under TCG takes its per-page dirty-bitmap sync: with a
  RAM block a multiple of 256 KiB it can lose pages a running guest writes during the migration (see
  migration-label-writes.feature), which is TCG's defect and not what these scenarios are about.

  Background:
    Given the source machine is running:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/source.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    And the source guest has run:
      | ndctl disable-region region0                              |
      | ndctl init-labels nmem0                                   |
      | ndctl enable-region region0                               |
      | ndctl create-namespace -r region0 -m raw -s 16M -n alpha  |
      | ndctl create-namespace -r region0 -m raw -s 16M -n beta   |
      | dd if=/dev/urandom of=/dev/pmem0 bs=1M count=4            |
      | dd if=/dev/urandom of=/dev/pmem0.1 bs=64K count=16 seek=7 |
    And what the source guest shows is remembered

  Scenario: labels, namespaces and pmem data arrive on the destination
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -incoming tcp:127.0.0.1:{port}
      """
    When the source migrates to "tcp:127.0.0.1:{port}"
    Then the migration completes
    And the source is "postmigrate"
    And the destination is "running"
    And the destination guest shows what the source guest showed
    And the last 128 KiB of file "destination.img" equal the last 128 KiB of file "source.img"

  Scenario: a destination started with -incoming defer takes the migration once migrate-incoming says where to listen
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -incoming defer
      """
    And the destination is "inmigrate"
    When the destination listens for the migration on "unix:{dir}/migration.sock"
    And the source migrates to "unix:{dir}/migration.sock"
    Then the migration completes
    And the source is "postmigrate"
    And the destination is "running"
    And the destination guest shows what the source guest showed

  # QEMU wants the destination's multifd capability set before it listens: -incoming defer, then migrate-incoming
  Scenario: with multifd on both sides, labels, namespaces and pmem data arrive
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -incoming defer
      """
    And the migration capability "multifd" is on for the source and the destination
    When the destination listens for the migration on "tcp:127.0.0.1:{port}"
    And the source migrates to "tcp:127.0.0.1:{port}"
    Then the migration completes
    And the source is "postmigrate"
    And the destination is "running"
    And the destination guest shows what the source guest showed
    And the last 128 KiB of file "destination.img" equal the last 128 KiB of file "source.img"

  @known-defect:qemu-multifd-failure-crashes-source
  Scenario: multifd on the source only: the migration fails and the source keeps running
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -incoming defer
      """
    And the migration capability "multifd" is on for the source
    When the destination listens for the migration on "tcp:127.0.0.1:{port}"
    And the source migrates to "tcp:127.0.0.1:{port}"
    Then the migration fails
    And the source is "running"
    And the source guest still shows what it showed

  # The expected behaviour: the destination refuses, and the guest runs on where it ran. The first step waits for the
  # migration to end, and for the guest to run on the destination if it completed.
  @known-defect:qemu-multifd-destination-only-stalls
  Scenario: multifd on the destination only: the migration fails and the source keeps running
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -incoming defer
      """
    And the migration capability "multifd" is on for the destination
    When the destination listens for the migration on "tcp:127.0.0.1:{port}"
    And the source migrates to "tcp:127.0.0.1:{port}"
    Then the guest runs on the destination if the migration completed and on the source if not
    And the migration fails
    And the source is "running"
    And the source guest still shows what it showed

  Scenario: with x-ignore-shared and the same file, the NVDIMM block is not sent and everything is intact
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/source.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -incoming tcp:127.0.0.1:{port}
      """
    And the migration capability "x-ignore-shared" is on for the source and the destination
    When the source migrates to "tcp:127.0.0.1:{port}"
    Then the migration completes
    And the migration counted the guest's 262136 KiB of RAM to send, but not the NVDIMM's 256 MiB block on top
    And the destination guest shows what the source guest showed

  @known-defect:qemu-x-ignore-shared-takes-another-file
  Scenario: x-ignore-shared to a destination with another file is refused
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -incoming tcp:127.0.0.1:{port}
      """
    And the migration capability "x-ignore-shared" is on for the source and the destination
    When the source migrates to "tcp:127.0.0.1:{port}"
    Then the guest shows what the source guest showed, on the destination if the migration completed and on the source if not
    And the migration fails
    And the destination refuses the migration
    And the source is "running"

  @needs-kit-words
  Scenario: the reference names the x-ignore-shared mismatch in its own words
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -incoming tcp:127.0.0.1:{port}
      """
    And the migration capability "x-ignore-shared" is on for the source and the destination
    When the source migrates to "tcp:127.0.0.1:{port}"
    Then the migration fails
    And the destination fails to load the migration with a reason starting "x-ignore-shared: ramblock \"mem1\" is not backed by the same shared file here"

  Scenario Outline: migrate to a file through <outgoing>, load it into a new instance, resume
    When the source migrates to "<outgoing>"
    Then the migration completes
    And the source is "postmigrate"
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -incoming '<incoming>'
      """
    Then the destination is "running"
    And the destination guest shows what the source guest showed

    Examples: exec, which every QEMU has
      | outgoing                      | incoming                    |
      | exec:cat > {dir}/saved.vmstate | exec:cat {dir}/saved.vmstate |

    @needs-migration-file-uri
    Examples: the file: URI (QEMU 8.2 and later)
      | outgoing                  | incoming                  |
      | file:{dir}/saved.vmstate  | file:{dir}/saved.vmstate  |

  # The expected behaviour in any hypervisor's words: the destination refuses (it exits with a failure and leaves
  # its file alone), the source keeps running, and the guest keeps its labels and data. Where a hypervisor takes
  # the migration instead, the first step shows what its guest then sees on the destination.
  Scenario Outline: a destination with <difference> is refused before it touches its file, and the source keeps running
    Given a file "destination.img" of <file> that starts with "destination's own data"
    And the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=<size>
      <device>
      -incoming tcp:127.0.0.1:{port}
      """
    And the file "destination.img" is remembered
    When the source migrates to "tcp:127.0.0.1:{port}"
    Then the guest shows what the source guest showed, on the destination if the migration completed and on the source if not
    And the migration fails
    And the destination refuses the migration
    And the file "destination.img" is unchanged
    And the source is "running"

    Examples: what QEMU checks too
      | difference         | file    | size | device                                            |
      | another size       | 512 MiB | 512M | -device nvdimm,id=nv1,memdev=mem1,label-size=128K |
      | no NVDIMM device   | 256 MiB | 256M |                                                   |

    @known-defect:qemu-migration-accepts-other-label-size
    Examples: another label-size, which QEMU 7.2 accepts, and its guest then reads another label area
      | difference         | file    | size | device                                            |
      | another label-size | 256 MiB | 256M | -device nvdimm,id=nv1,memdev=mem1,label-size=256K |

    @known-defect:qemu-migration-accepts-pc-dimm-for-nvdimm
    Examples: a pc-dimm where the source has an NVDIMM, which QEMU accepts
      | difference         | file    | size | device                                            |
      | a pc-dimm instead  | 256 MiB | 256M | -device pc-dimm,id=nv1,memdev=mem1                |

  Scenario Outline: the destination names <difference> in QEMU's words
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=<size>
      <device>
      -incoming tcp:127.0.0.1:{port}
      """
    When the source migrates to "tcp:127.0.0.1:{port}"
    Then the migration fails
    And the destination fails to load the migration with "<message>"

    Examples:
      | difference       | size | device                                            | message                                            |
      | another size     | 512M | -device nvdimm,id=nv1,memdev=mem1,label-size=128K | Size mismatch: mem1: 0x10000000 != 0x20000000      |
      | no NVDIMM device | 256M |                                                   | Unknown ramblock \"mem1\", cannot accept migration |

  # QEMU has no words for these: it does not check them (see the known defects above)
  @needs-kit-words
  Scenario Outline: the reference names <difference> in its own words, on the destination and in the source's query-migrate
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=256M
      <device>
      -incoming tcp:127.0.0.1:{port}
      """
    When the source migrates to "tcp:127.0.0.1:{port}"
    Then the migration fails with "the destination refused the migration: <message>"
    And the destination fails to load the migration with "<message>"

    Examples:
      | difference         | device                                            | message                                                      |
      | another label-size | -device nvdimm,id=nv1,memdev=mem1,label-size=256K | nvdimm 'nv1': label-size 0x20000 on the source, 0x40000 here |
      | a pc-dimm instead  | -device pc-dimm,id=nv1,memdev=mem1                | nvdimm 'nv1': type nvdimm on the source, pc-dimm here        |

  Scenario: the destination dies mid-stream; the source keeps running and a second migration succeeds
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -incoming tcp:127.0.0.1:{port}
      """
    And the source's migration bandwidth is limited to 8 MiB/s
    When the source starts migrating to "tcp:127.0.0.1:{port}"
    And the destination is killed once the migration has sent 1 MiB
    Then the migration fails
    And the source is "running"
    And the source guest still shows what it showed
    Given a second destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/second.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -incoming tcp:127.0.0.1:{port2}
      """
    And the source's migration bandwidth is unlimited
    When the source migrates to "tcp:127.0.0.1:{port2}"
    Then the migration completes
    And the destination guest shows what the source guest showed

  Scenario: migrate_cancel stops the migration and the source keeps running
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -incoming tcp:127.0.0.1:{port}
      """
    And the source's migration bandwidth is limited to 8 MiB/s
    When the source starts migrating to "tcp:127.0.0.1:{port}"
    And the migration is cancelled once it has sent 1 MiB
    Then the migration ends "cancelled"
    And the source is "running"
    And the source guest still shows what it showed
