Feature: DIMM placement — slots, addresses and NUMA nodes in the device-memory region
  pc-dimm and nvdimm devices share the machine's memory slots (-m ...,slots=N) and the device-memory
  region that starts at the first GiB boundary above RAM. Without slot= a DIMM takes the lowest free
  slot; without addr= it takes the first gap that fits, aligned to its backend. A guest finds its
  NVDIMMs at these addresses, so two hypervisors must agree on them.

  Scenario: the first NVDIMM goes to slot 0 at the start of device memory
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    Then the memory devices are:
      | id  | type   | slot | addr        | node | size      | memdev        | hotplugged |
      | nv1 | nvdimm | 0    | 0x100000000 | 0    | 268304384 | /objects/mem1 | false      |

  Scenario: DIMMs are placed first fit, one after another
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M,align=2M
      -object memory-backend-file,id=mem2,share=on,mem-path={dir}/nv2.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -device nvdimm,id=nv2,memdev=mem2,label-size=256K
      """
    Then the memory devices are:
      | id  | slot | addr        | size      |
      | nv1 | 0    | 0x100000000 | 266338304 |
      | nv2 | 1    | 0x10fe00000 | 66846720  |

  Scenario: pc-dimm and nvdimm share slots and address space (QEMU's dimmpxm test machine)
    When the machine starts with:
      """
      -machine pc,nvdimm=on,nvdimm-persistence=cpu -smp 4,sockets=4 -m 128M,slots=3,maxmem=1G
      -object memory-backend-ram,id=ram0,size=32M -object memory-backend-ram,id=ram1,size=32M
      -object memory-backend-ram,id=ram2,size=32M -object memory-backend-ram,id=ram3,size=32M
      -numa node,memdev=ram0,nodeid=0 -numa node,memdev=ram1,nodeid=1
      -numa node,memdev=ram2,nodeid=2 -numa node,memdev=ram3,nodeid=3
      -numa cpu,node-id=0,socket-id=0 -numa cpu,node-id=1,socket-id=1
      -numa cpu,node-id=2,socket-id=2 -numa cpu,node-id=3,socket-id=3
      -object memory-backend-ram,id=ram4,size=128M -object memory-backend-ram,id=nvm0,size=128M
      -device pc-dimm,id=dimm0,memdev=ram4,node=1 -device nvdimm,id=dimm1,memdev=nvm0,node=2
      """
    Then the memory devices are:
      | id    | type   | slot | addr        | node | size      |
      | dimm0 | dimm   | 0    | 0x100000000 | 1    | 134217728 |
      | dimm1 | nvdimm | 1    | 0x108000000 | 2    | 134217728 |

  Scenario: an explicit slot is kept, and later DIMMs take the lowest free one
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -object memory-backend-file,id=mem2,share=on,mem-path={dir}/nv2.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,slot=2
      -device nvdimm,id=nv2,memdev=mem2
      """
    Then memory device "nv1" is in slot 2 at address 0x100000000
    And memory device "nv2" is in slot 0 at address 0x104000000

  Scenario: an explicit address is kept, and the next DIMM fills the gap before it
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -object memory-backend-file,id=mem2,share=on,mem-path={dir}/nv2.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,addr=0x140000000
      -device nvdimm,id=nv2,memdev=mem2
      """
    Then memory device "nv1" is in slot 0 at address 0x140000000
    And memory device "nv2" is in slot 1 at address 0x100000000

  Scenario: a DIMM that does not fit the gap goes after the DIMMs in its way
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -object memory-backend-file,id=mem2,share=on,mem-path={dir}/nv2.img,size=128M
      -device nvdimm,id=nv1,memdev=mem1,addr=0x104000000
      -device nvdimm,id=nv2,memdev=mem2
      """
    Then memory device "nv2" is in slot 1 at address 0x108000000

  Scenario: device memory starts at the first GiB boundary above RAM above 4 GiB (pc)
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 5G,slots=2,maxmem=8G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then memory device "nv1" is in slot 0 at address 0x180000000

  Scenario: q35 keeps less RAM below 4 GiB, which moves device memory up
    When the machine starts with:
      """
      -machine q35,nvdimm=on -m 3G,slots=2,maxmem=8G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then memory device "nv1" is in slot 0 at address 0x140000000

  Scenario: DIMMs report the NUMA node they were given
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G -smp 2
      -object memory-backend-ram,id=r0,size=256M -object memory-backend-ram,id=r1,size=256M
      -numa node,nodeid=0,memdev=r0 -numa node,nodeid=1,memdev=r1
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,node=1
      """
    Then memory device "nv1" is on NUMA node 1

  Scenario Outline: placement errors carry QEMU's text — <case>
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m <memory>
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -object memory-backend-file,id=mem2,share=on,mem-path={dir}/nv2.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      -device <second>
      """
    Then the machine refuses to start with "<message>"
    And the error names the option "-device <second>"

    Examples:
      | case                     | memory                   | second                                     | message                                                                                                       |
      | slot out of range        | 512M,slots=4,maxmem=4G   | nvdimm,id=nv2,memdev=mem2,slot=4           | invalid slot number 4, valid range is [0-3]                                                                   |
      | slot busy                | 512M,slots=4,maxmem=4G   | nvdimm,id=nv2,memdev=mem2,slot=0           | slot 0 is busy                                                                                                |
      | slots exhausted          | 512M,slots=1,maxmem=4G   | nvdimm,id=nv2,memdev=mem2                  | no free slots available                                                                                       |
      | unaligned address        | 512M,slots=4,maxmem=4G   | nvdimm,id=nv2,memdev=mem2,addr=0x180000800 | address must be aligned to 0x1000 bytes                                                                       |
      | address outside region   | 512M,slots=4,maxmem=4G   | nvdimm,id=nv2,memdev=mem2,addr=0x80000000  | can't add memory device [0x80000000:0x4000000], usable range for memory devices [0x100000000:0x1e0000000]     |
      | address conflict         | 512M,slots=4,maxmem=4G   | nvdimm,id=nv2,memdev=mem2,addr=0x102000000 | address range conflicts with memory device id='nv1'                                                           |
      | not enough space         | 512M,slots=4,maxmem=600M | nvdimm,id=nv2,memdev=mem2                  | not enough space, currently 0x4000000 in use of total space for memory devices 0x5800000                      |
      | busy memdev              | 512M,slots=4,maxmem=4G   | nvdimm,id=nv2,memdev=mem1                  | can't use already busy memdev: mem1                                                                           |
      | unknown memdev           | 512M,slots=4,maxmem=4G   | nvdimm,id=nv2,memdev=nope                  | Device 'nope' not found                                                                                       |
      | node without -numa       | 512M,slots=4,maxmem=4G   | nvdimm,id=nv2,memdev=mem2,node=1           | 'DIMM property node has value 1' which exceeds the number of numa nodes: 1                                    |
      | duplicate id             | 512M,slots=4,maxmem=4G   | nvdimm,id=nv1,memdev=mem2                  | Duplicate ID 'nv1' for device                                                                                 |

  Scenario: an address is held to the backend's alignment, not only to the page
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M,align=2M
      -device nvdimm,id=nv1,memdev=mem1,addr=0x100100000
      """
    Then the machine refuses to start with "address must be aligned to 0x200000 bytes"
    And the error names the option "-device nvdimm,id=nv1,memdev=mem1,addr=0x100100000"

  Scenario: an address on the backend's alignment is kept
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M,align=2M
      -device nvdimm,id=nv1,memdev=mem1,addr=0x100200000
      """
    Then memory device "nv1" is in slot 0 at address 0x100200000

  # q35 with 3 GiB keeps 1 GiB above 4 GiB, so device memory starts at 5 GiB: a 2 GiB alignment it does not meet.
  # QEMU before 5.2 refused this ("is not supported"); 5.2, 7.2, 10.0 and 11.1 warn and go on.
  Scenario: an alignment device memory does not start on is a warning, and the DIMM goes to the next aligned address
    When the machine starts with:
      """
      -machine q35,nvdimm=on -m 3G,slots=2,maxmem=8G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=2G,align=2G
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the machine is running
    And the hypervisor warns "warning: the alignment (0x80000000) exceeds the expected maximum alignment, memory will get fragmented and not all 'maxmem' might be usable for memory devices."
    And memory device "nv1" is in slot 0 at address 0x180000000

  Scenario: without -numa, node=0 is accepted and the DIMM is on node 0
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,node=0
      """
    Then memory device "nv1" is on NUMA node 0

  Scenario Outline: NUMA rules carry QEMU's text — <case>
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G -smp 2
      -object memory-backend-ram,id=r0,size=256M -object memory-backend-ram,id=r1,size=256M
      -numa node,nodeid=0,memdev=r0 -numa node,nodeid=1,memdev=r1
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device <device>
      """
    Then the machine refuses to start with "<message>"
    And the error names the option "-device <device>"

    Examples:
      | case                          | device                          | message                                                                |
      | node beyond the NUMA nodes    | nvdimm,id=nv1,memdev=mem1,node=2 | 'DIMM property node has value 2' which exceeds the number of numa nodes: 2 |
      | a NUMA node's memdev          | nvdimm,id=nv1,memdev=r1          | can't use already busy memdev: r1                                      |

  Scenario: without slots there is nowhere to plug a DIMM
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the machine refuses to start with "no slots where allocated, please specify the 'slots' option"

  Scenario Outline: slots without room above RAM leave no device memory
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=512M
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the machine refuses to start with "<message>"

    @needs-qapi-option-words
    Examples: the words of QEMU's QAPI option parsing
      | message                                                                                                                               |
      | invalid value of maxmem: memory slots were specified but maximum memory size (0x20000000) is equal to the initial memory size (0x20000000) |

    @needs-qemu-opts-option-words
    Examples: the words of QEMU's QemuOpts option parsing
      | message                                                                                                                                         |
      | invalid value of -m option maxmem: memory slots were specified but maximum memory size (0x20000000) is equal to the initial memory size (0x20000000) |

  Scenario: at most 256 slots
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=257,maxmem=4G
      """
    Then the machine refuses to start with "unsupported amount of memory slots: 257"

  Scenario: the last free slot of 256 is found
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=256,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,slot=255
      """
    Then memory device "nv1" is in slot 255 at address 0x100000000
