Feature: label data — Get and Set Namespace Label Data, end to end
  The guest reads and writes the label area through _DSM functions 5 and 6, at most max_xfer bytes a
  call; the bytes land in the last label-size bytes of the backing file and stay there across power
  cycles. On top of that the guest keeps namespace labels as Linux and ndctl do: two index blocks with
  sequence numbers and Fletcher64 checksums, v1.1 (128-byte) or v1.2 (256-byte) labels.

  Background:
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,memdev=mem1,id=nv1,label-size=128K
      """

  Scenario Outline: <length> bytes at label offset <offset> go to the file and come back
    When the guest writes <length> pattern bytes at label offset <offset> of nmem0
    Then the last 128 KiB of file "nv1.img" hold the <length> pattern bytes at offset <offset>
    And the guest reads the <length> pattern bytes back from label offset <offset> of nmem0

    Examples:
      | offset | length |
      | 0      | 1      |
      | 16     | 4      |
      | 4075   | 2      |
      | 0      | 4076   |
      | 1      | 4077   |
      | 4000   | 8200   |
      | 130000 | 1072   |
      | 0      | 131072 |

  Scenario: label data survives power-off and a new machine on the same file
    When the guest writes 5000 pattern bytes at label offset 100 of nmem0
    And the machine is restarted
    Then the guest reads the 5000 pattern bytes back from label offset 100 of nmem0

  Scenario: ndctl init-labels is refused while the region is active
    When the guest runs "ndctl init-labels nmem0"
    Then the command fails with status 1
    And the command reports:
      """
      nmem0: regions active, abort label write
      initialized 0 nmem
      """

  Scenario: ndctl init-labels writes ndctl's v1.1 index blocks
    When the guest runs "ndctl disable-region region0" successfully
    And the guest runs "ndctl init-labels nmem0" successfully
    Then the command reports:
      """
      initialized 1 nmem
      """
    And the last 128 KiB of file "nv1.img" are ndctl 76.1's "v1.1-pc/labels-after-init.bin"
    When the guest runs "ndctl read-labels nmem0 -j"
    Then its JSON output has:
      | /0/index/0/signature | NAMESPACE_INDEX |
      | /0/index/0/seq       | 3               |
      | /0/index/1/seq       | 2               |
      | /0/index/0/nslot     | 1020            |
      | /0/index/0/labelsize | 128             |
      | /0/index/0/minor     | 1               |
    When the guest runs "ndctl check-labels nmem0"
    Then the command succeeds

  Scenario: ndctl init-labels -V 1.2 writes 256-byte label geometry
    When the guest runs "ndctl disable-region all" successfully
    And the guest runs "ndctl init-labels -V 1.2 all" successfully
    Then the last 128 KiB of file "nv1.img" are ndctl 76.1's "v1.2-q35/labels-v1.2-after-init.bin"
    When the guest runs "ndctl read-labels nmem0 -j"
    Then its JSON output has:
      | /0/index/0/nslot     | 510 |
      | /0/index/0/labelsize | 256 |
      | /0/index/1/minor     | 2   |

  Scenario: initialised labels are not overwritten without --force
    When the guest runs "ndctl disable-region region0" successfully
    And the guest runs "ndctl init-labels nmem0" successfully
    And the guest runs "ndctl init-labels nmem0"
    Then the command fails with status 1
    And the command reports:
      """
      nmem0: error: labels already initialized
      initialized 0 nmem
      """
    When the guest runs "ndctl init-labels -f -V 1.2 nmem0" successfully
    And the guest runs "ndctl read-labels nmem0 -j"
    Then its JSON output has:
      | /0/index/0/nslot | 510 |

  Scenario: a raw namespace is created, listed, and survives a reboot
    When the guest runs "ndctl disable-region region0" successfully
    And the guest runs "ndctl init-labels nmem0" successfully
    And the guest runs "ndctl enable-region region0" successfully
    And the guest runs "ndctl create-namespace -r region0 -m raw -s 32M -n raw-ns" successfully
    Then its JSON output has:
      | /dev         | namespace0.0         |
      | /mode        | raw                  |
      | /size        | 33554432             |
      | /sector_size | 512                  |
      | /blockdev    | pmem0                |
      | /name        | raw-ns               |
    When the machine is restarted
    Then the guest sees the namespaces:
      | dev          | mode | size     | name   |
      | namespace0.0 | raw  | 33554432 | raw-ns |
    And the guest sees the regions:
      | dev     | available_size | iset_id           |
      | region0 | 218103808      | 10248187106440278 |

  Scenario: several namespaces, then destroy one, then all
    When the guest runs "ndctl disable-region region0" successfully
    And the guest runs "ndctl init-labels -V 1.2 nmem0" successfully
    And the guest runs "ndctl enable-region region0" successfully
    And the guest runs "ndctl create-namespace -m raw -s 64M -n first" successfully
    And the guest runs "ndctl create-namespace -m raw -s 32M -n second" successfully
    Then the guest sees the namespaces:
      | dev          | size     | name   |
      | namespace0.0 | 67108864 | first  |
      | namespace0.1 | 33554432 | second |
    When the guest runs "ndctl destroy-namespace namespace0.0 -f" successfully
    Then the command reports:
      """
      destroyed 1 namespace
      """
    And the guest sees the namespaces:
      | dev          | name   |
      | namespace0.1 | second |
    When the guest runs "ndctl destroy-namespace all -f" successfully
    Then the guest sees no namespaces
    When the guest runs "ndctl check-labels nmem0"
    Then the command succeeds

  Scenario: a namespace larger than the free space is refused
    When the guest runs "ndctl disable-region region0" successfully
    And the guest runs "ndctl init-labels nmem0" successfully
    And the guest runs "ndctl enable-region region0" successfully
    And the guest runs "ndctl create-namespace -m raw -s 512M"
    Then the command fails with status 237
    And the command reports:
      """
      failed to create namespace: No space left on device
      """

  # ndctl 76.1's defaults: map dev, align 2M, and 4096-byte sectors for sector mode. The info block sits 4 KiB into
  # the namespace, but a BTT 2.0 arena (v1.2 labels record the BTT2 claim) starts at the namespace's first byte.
  # Sizes as Linux 6.1 showed them (features/golden/ndctl-76.1-namespace-modes/).
  Scenario Outline: create-namespace -m <mode> with v<version> labels writes <signature>, destroy-namespace clears it
    When the guest runs "ndctl disable-region region0" successfully
    And the guest runs "ndctl init-labels nmem0 -V <version>" successfully
    And the guest runs "ndctl enable-region region0" successfully
    And the guest runs "ndctl create-namespace -r region0 -m <mode> -s 32M -n <mode>-ns" successfully
    Then its JSON output has:
      | /dev  | namespace0.0 |
      | /mode | <mode>       |
      | /size | <size>       |
    And the guest sees the namespaces:
      | dev          | mode   | size   | sector_size   | align   | blockdev   | name      |
      | namespace0.0 | <mode> | <size> | <sector_size> | <align> | <blockdev> | <mode>-ns |
    And the file "nv1.img" holds a <signature> info block at offset <offset>
    When the guest runs "ndctl destroy-namespace namespace0.0"
    Then the command fails with status 240
    And the command reports:
      """
        Error: namespace0.0 is active, specify --force for re-configuration

      error destroying namespaces: Device or resource busy
      destroyed 0 namespaces
      """
    When the guest runs "ndctl destroy-namespace namespace0.0 -f" successfully
    Then the guest sees no namespaces
    And the file "nv1.img" reads as zeros at offset 0 bytes for 8 KiB

    Examples:
      | mode   | version | size     | sector_size | align    | blockdev | signature       | offset |
      | fsdax  | 1.1     | 31457280 | 512         | 2097152  | pmem0    | NVDIMM_PFN_INFO | 4 KiB  |
      | fsdax  | 1.2     | 31457280 | 512         | 2097152  | pmem0    | NVDIMM_PFN_INFO | 4 KiB  |
      | devdax | 1.1     | 31457280 | (absent)    | 2097152  | (absent) | NVDIMM_DAX_INFO | 4 KiB  |
      | devdax | 1.2     | 31457280 | (absent)    | 2097152  | (absent) | NVDIMM_DAX_INFO | 4 KiB  |
      | sector | 1.1     | 32440320 | 4096        | (absent) | pmem0s   | BTT_ARENA_INFO  | 4 KiB  |
      | sector | 1.2     | 32444416 | 4096        | (absent) | pmem0s   | BTT_ARENA_INFO  | 0 bytes |

  Scenario: ndctl refuses a size off the region's alignment and a sector size the BTT lacks, in its words
    When the guest runs "ndctl disable-region region0" successfully
    And the guest runs "ndctl init-labels nmem0" successfully
    And the guest runs "ndctl enable-region region0" successfully
    And the guest runs "ndctl create-namespace -r region0 -m fsdax -s 4M"
    Then the command fails with status 234
    And the command reports:
      """
        Error: create namespace: region0: align setting is 0x1000000 size 0x400000 is misaligned
      """
    When the guest runs "ndctl create-namespace -r region0 -m sector -s 32M -l 1000"
    Then the command fails with status 234
    And the command reports:
      """
        Error: create namespace: region0: does not support btt sector_size 1000
      """
    And the guest sees no namespaces

  Scenario: read-labels -o and write-labels -i copy the whole area
    When the guest writes 300 pattern bytes at label offset 1000 of nmem0
    And the last 128 KiB of file "nv1.img" are remembered
    And the guest runs "ndctl read-labels nmem0 -o labels.bin" successfully
    And the guest runs "ndctl zero-labels nmem0"
    Then the command fails with status 1
    When the guest runs "ndctl disable-region region0" successfully
    And the guest runs "ndctl zero-labels nmem0" successfully
    Then the last 128 KiB of file "nv1.img" read as zeros
    When the guest runs "ndctl write-labels nmem0 -i labels.bin" successfully
    Then the command reports:
      """
      wrote 1 nmem
      """
    And the last 128 KiB of file "nv1.img" hold the 300 pattern bytes at offset 1000
    And the last 128 KiB of file "nv1.img" are unchanged

  # ndctl reads its input up to the area's size, so a device that never ends will do (seen on Linux 6.1)
  Scenario: write-labels -i /dev/zero zeroes the whole area
    When the guest runs "ndctl disable-region region0" successfully
    And the guest runs "ndctl init-labels nmem0" successfully
    And the guest runs "ndctl write-labels nmem0 -i /dev/zero"
    Then the command succeeds
    And the command reports:
      """
      wrote 1 nmem
      """
    And the last 128 KiB of file "nv1.img" read as zeros
