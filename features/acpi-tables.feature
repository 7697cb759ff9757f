Feature: ACPI tables — the NFIT and the NVDIMM SSDT the guest boots from
  A guest learns about NVDIMMs only from ACPI: the NFIT lists each NVDIMM's address range, handle,
  proximity domain and flags, and the SSDT gives the root device NVDR and one NVxx device per memory
  slot, whose _DSM methods reach the hypervisor. The firmware lays the tables into guest memory; the
  checks below look at them where the guest finds them. QEMU 7.2's own expected tables for its
  NVDIMM test are the reference bytes (features/golden/).

  Scenario: one NVDIMM — the guest finds the NVDIMM tables next to the standard ones
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    Then the guest finds the ACPI tables "FACP, DSDT, FACS, SSDT, NFIT"
    And every ACPI table's checksum is valid
    And the NFIT describes 1 NVDIMM
    And the NFIT describes NVDIMM handle 1 as:
      | spa base              | 0x100000000 |
      | spa length            | 268304384   |
      | region size           | 268304384   |
      | proximity domain      | 0           |
      | spa range index       | 2           |
      | control region index  | 3           |
      | serial number         | 0x123456    |
      | armed                 | yes         |
      | format interface code | 0x301       |
      | vendor id             | 0x8086      |
    And the NFIT has no platform capabilities structure

  Scenario: handles, indices and serial numbers follow the slot
    Given a machine started with:
      """
      -machine q35,nvdimm=on -m 512M,slots=8,maxmem=8G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -object memory-backend-file,id=mem2,share=on,mem-path={dir}/nv2.img,size=32M
      -device nvdimm,id=nv1,memdev=mem1,slot=5
      -device nvdimm,id=nv2,memdev=mem2
      """
    Then the NFIT describes 2 NVDIMMs
    And the NFIT describes NVDIMM handle 6 as:
      | spa base             | 0x100000000 |
      | spa length           | 67108864    |
      | spa range index      | 12          |
      | control region index | 13          |
      | serial number        | 0x12345b    |
    And the NFIT describes NVDIMM handle 1 as:
      | spa base             | 0x104000000 |
      | spa length           | 33554432    |
      | spa range index      | 2           |
      | control region index | 3           |
      | serial number        | 0x123456    |

  Scenario: an unarmed NVDIMM is flagged as not armed
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,unarmed=on
      """
    Then the NFIT describes NVDIMM handle 1 as:
      | armed | no |

  Scenario: the proximity domain is the NVDIMM's NUMA node
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G -smp 2
      -object memory-backend-ram,id=r0,size=256M -object memory-backend-ram,id=r1,size=256M
      -numa node,nodeid=0,memdev=r0 -numa node,nodeid=1,memdev=r1
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,node=1
      """
    Then the NFIT describes NVDIMM handle 1 as:
      | proximity domain | 1 |
    And the guest finds the ACPI tables "FACP, DSDT, FACS, SRAT, SSDT, NFIT"

  Scenario Outline: nvdimm-persistence=<persistence> adds platform capabilities <capabilities>
    Given a machine started with:
      """
      -machine pc,nvdimm=on,nvdimm-persistence=<persistence> -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the NFIT has platform capabilities <capabilities>

    Examples:
      | persistence | capabilities |
      | cpu         | 3            |
      | mem-ctrl    | 2            |

  Scenario: the SSDT has an NVxx device for every slot, plugged or not
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,slot=2
      """
    Then the SSDT declares devices NV00 to NV03 with _ADR 1 to 4

  Scenario: 256 slots give NV00 to NVFF
    Given a machine started with:
      """
      -machine q35,nvdimm=on -m 512M,slots=256,maxmem=4G
      """
    Then the SSDT declares devices NV00 to NVFF with _ADR 1 to 256
    And the guest finds the ACPI tables "FACP, DSDT, FACS, SSDT"

  Scenario: without nvdimm=on there are no NVDIMM tables
    Given a machine started with:
      """
      -machine pc -m 512M,slots=4,maxmem=4G
      """
    Then the guest finds the ACPI tables "FACP, DSDT, FACS"

  Scenario Outline: every table disassembles cleanly with iasl (<machine>)
    Given a machine started with:
      """
      -machine <machine>,nvdimm=on,nvdimm-persistence=cpu -m 1G,slots=4,maxmem=8G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -object memory-backend-file,id=mem2,share=on,mem-path={dir}/nv2.img,size=128M,align=2M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -device nvdimm,id=nv2,memdev=mem2,label-size=256K,unarmed=on
      """
    Then every ACPI table disassembles with iasl without errors

    Examples:
      | machine |
      | pc      |
      | q35     |

  @needs-machine-oem-table-id @needs-nvdimm-label-methods
  Scenario Outline: QEMU's own NVDIMM test machine gets QEMU's tables (<machine>)
    Given a machine started with:
      """
      -machine <machine>,nvdimm=on,nvdimm-persistence=cpu -smp 4,sockets=4 -m 128M,slots=3,maxmem=1G
      -object memory-backend-ram,id=ram0,size=32M -object memory-backend-ram,id=ram1,size=32M
      -object memory-backend-ram,id=ram2,size=32M -object memory-backend-ram,id=ram3,size=32M
      -numa node,memdev=ram0,nodeid=0 -numa node,memdev=ram1,nodeid=1
      -numa node,memdev=ram2,nodeid=2 -numa node,memdev=ram3,nodeid=3
      -numa cpu,node-id=0,socket-id=0 -numa cpu,node-id=1,socket-id=1
      -numa cpu,node-id=2,socket-id=2 -numa cpu,node-id=3,socket-id=3
      -object memory-backend-ram,id=ram4,size=128M -object memory-backend-ram,id=nvm0,size=128M
      -device pc-dimm,id=dimm0,memdev=ram4,node=1 -device nvdimm,id=dimm1,memdev=nvm0,node=2
      """
    Then the NFIT is byte for byte QEMU 7.2's "dimmpxm" NFIT for <machine>
    And the SSDT is QEMU 7.2's "dimmpxm" SSDT for <machine>, but for MEMA and the checksum

    Examples:
      | machine |
      | pc      |
      | q35     |

  # QEMU 5.2 writes "BXPC" and the table's signature as each table's OEM Table ID where 7.2 writes "BXPC    ",
  # and its SSDT is not 7.2's: no label methods (_LSI, _LSR, _LSW) and And/Or where 7.2 has LAnd/LOr
  @needs-signature-oem-table-id
  Scenario Outline: QEMU's own NVDIMM test machine gets QEMU 7.2's NFIT but for its OEM Table ID, and an NVxx device per slot (<machine>)
    Given a machine started with:
      """
      -machine <machine>,nvdimm=on,nvdimm-persistence=cpu -smp 4,sockets=4 -m 128M,slots=3,maxmem=1G
      -object memory-backend-ram,id=ram0,size=32M -object memory-backend-ram,id=ram1,size=32M
      -object memory-backend-ram,id=ram2,size=32M -object memory-backend-ram,id=ram3,size=32M
      -numa node,memdev=ram0,nodeid=0 -numa node,memdev=ram1,nodeid=1
      -numa node,memdev=ram2,nodeid=2 -numa node,memdev=ram3,nodeid=3
      -numa cpu,node-id=0,socket-id=0 -numa cpu,node-id=1,socket-id=1
      -numa cpu,node-id=2,socket-id=2 -numa cpu,node-id=3,socket-id=3
      -object memory-backend-ram,id=ram4,size=128M -object memory-backend-ram,id=nvm0,size=128M
      -device pc-dimm,id=dimm0,memdev=ram4,node=1 -device nvdimm,id=dimm1,memdev=nvm0,node=2
      """
    Then the NFIT is byte for byte QEMU 7.2's "dimmpxm" NFIT for <machine> with OEM Table ID "BXPCNFIT" and its checksum
    And the SSDT declares devices NV00 to NV02 with _ADR 1 to 3

    Examples:
      | machine |
      | pc      |
      | q35     |

  # QEMU has to load the Linux image into guest RAM first, and refuses its initrd ("initrd is too large")
  @needs-guest-outside-ram
  Scenario: tables that do not fit in guest RAM stop the machine
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 1104K,slots=256,maxmem=1G
      """
    Then the machine refuses to start with "ACPI tables do not fit in guest memory: no room for 101850 bytes in zone HIGH"
