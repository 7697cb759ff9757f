@needs-independent-target
Feature: interoperability — a backing file means the same to every guest on every hypervisor
  The namespace labels live at the end of the NVDIMM's backing file, so a file outlives the hypervisor that
  wrote it. A file one guest labelled must show the same namespaces and the same label area to another guest
  on another hypervisor. Here the reference guest on the reference emulator and the target's guest (on QEMU:
  Linux with ndctl) take turns on one file, both ways, with both label versions ndctl writes; and both guests
  must have booted from the same NVDIMM tables. On the reference target this would compare the reference with
  itself, so there it is not applicable.

  Background:
    Given the backing file is used by machines started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """

  Scenario Outline: namespaces the reference guest created with v<version> labels are the ones the target's guest finds
    When on the reference emulator the guest runs successfully:
      | ndctl disable-region region0                             |
      | ndctl init-labels nmem0 -V <version>                     |
      | ndctl enable-region region0                              |
      | ndctl create-namespace -r region0 -m raw -s 64M -n alpha |
      | ndctl create-namespace -r region0 -m raw -s 32M -n beta  |
    And on the target the guest runs successfully:
      | ndctl check-labels nmem0 |
    Then both guests list the same 2 namespaces
    And both guests read the same label area

    Examples:
      | version |
      | 1.1     |
      | 1.2     |

  Scenario Outline: namespaces the target's guest created with v<version> labels are the ones the reference guest finds
    When on the target the guest runs successfully:
      | ndctl disable-region region0                             |
      | ndctl init-labels nmem0 -V <version>                     |
      | ndctl enable-region region0                              |
      | ndctl create-namespace -r region0 -m raw -s 64M -n alpha |
      | ndctl create-namespace -r region0 -m raw -s 32M -n beta  |
    And on the reference emulator the guest runs successfully:
      | ndctl check-labels nmem0 |
    Then both guests list the same 2 namespaces
    And both guests read the same label area

    Examples:
      | version |
      | 1.1     |
      | 1.2     |

  # fsdax, devdax and sector namespaces carry an info block in the namespace besides their labels: the other guest
  # must accept it and show each namespace in the same mode, size, alignment, sector size, device and UUID
  Scenario Outline: fsdax, devdax and sector namespaces the reference guest created with v<version> labels are the ones the target's guest finds
    When on the reference emulator the guest runs successfully:
      | ndctl disable-region region0                                  |
      | ndctl init-labels nmem0 -V <version>                          |
      | ndctl enable-region region0                                   |
      | ndctl create-namespace -r region0 -m fsdax -s 64M -n fsdax-ns   |
      | ndctl create-namespace -r region0 -m devdax -s 32M -n devdax-ns |
      | ndctl create-namespace -r region0 -m sector -s 32M -n sector-ns |
    And on the target the guest runs successfully:
      | ndctl check-labels nmem0 |
    Then both guests list the same 3 namespaces
    And both guests read the same label area

    Examples:
      | version |
      | 1.1     |
      | 1.2     |

  Scenario Outline: fsdax, devdax and sector namespaces the target's guest created with v<version> labels are the ones the reference guest finds
    When on the target the guest runs successfully:
      | ndctl disable-region region0                                  |
      | ndctl init-labels nmem0 -V <version>                          |
      | ndctl enable-region region0                                   |
      | ndctl create-namespace -r region0 -m fsdax -s 64M -n fsdax-ns   |
      | ndctl create-namespace -r region0 -m devdax -s 32M -n devdax-ns |
      | ndctl create-namespace -r region0 -m sector -s 32M -n sector-ns |
    And on the reference emulator the guest runs successfully:
      | ndctl check-labels nmem0 |
    Then both guests list the same 3 namespaces
    And both guests read the same label area

    Examples:
      | version |
      | 1.1     |
      | 1.2     |

  @needs-machine-oem-table-id @needs-nvdimm-label-methods
  Scenario: the target's guest boots from the reference emulator's NVDIMM tables
    When on the reference emulator the guest runs successfully:
      | ndctl list -D |
    And on the target the guest runs successfully:
      | ndctl list -D |
    Then both guests found the same NFIT, and the same SSDT but for MEMA

  # QEMU 5.2 writes "BXPC" and the table's signature as each table's OEM Table ID where the reference, as QEMU
  # 7.2 and later, writes "BXPC    "; and its SSDT has no label methods, so only the NFIT is compared
  @needs-signature-oem-table-id
  Scenario: the target's guest boots from the reference emulator's NFIT, but for its OEM Table ID
    When on the reference emulator the guest runs successfully:
      | ndctl list -D |
    And on the target the guest runs successfully:
      | ndctl list -D |
    Then both guests found the same NFIT but for the target's OEM Table ID "BXPCNFIT" and its checksum
