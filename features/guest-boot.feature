# Every machine here boots for real: booting is what this feature is about (see README, "Boot once, restore many").
@real-boot
Feature: guest boot — the guest finds every NVDIMM of the command line, and nothing else
  A guest knows its NVDIMMs only from ACPI: it scans the BIOS area for the RSDP, walks to the NFIT and
  the SSDT, runs _FIT to get the current view, matches each NFIT handle to the NVxx device with that
  _ADR, asks each device's _DSM which command family and functions it offers, and reads the label area.
  What the guest then shows through ndctl is what a hypervisor promised.

  Scenario: one NVDIMM with labels
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    When the guest has booted
    Then the guest sees the NVDIMMs:
      | dev   | id            | handle | phys_id |
      | nmem0 | 8680-56341200 | 1      | 0       |
    And the guest sees the regions:
      | dev     | size      | align    | type | persistence_domain | numa_node |
      | region0 | 268304384 | 16777216 | pmem | unknown            | 0         |
    And nmem0 offers the _DSM functions 0x71

  Scenario: the first listing matches real ndctl on QEMU byte for byte
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,memdev=mem1,id=nv1,label-size=128K
      """
    When the guest runs "ndctl list -D -N -R -i"
    Then the command succeeds
    And the command prints:
      """
      {
        "dimms":[
          {
            "dev":"nmem0",
            "id":"8680-56341200",
            "handle":1,
            "phys_id":0
          }
        ],
        "regions":[
          {
            "dev":"region0",
            "size":268304384,
            "align":16777216,
            "available_size":0,
            "max_available_extent":0,
            "type":"pmem",
            "mappings":[
              {
                "dimm":"nmem0",
                "offset":0,
                "length":268304384,
                "position":0
              }
            ],
            "persistence_domain":"unknown",
            "namespaces":[
              {
                "dev":"namespace0.0",
                "mode":"raw",
                "size":268304384,
                "sector_size":512,
                "blockdev":"pmem0"
              }
            ]
          }
        ]
      }
      """

  Scenario: handles, serial numbers and NUMA nodes of several NVDIMMs
    Given a machine started with:
      """
      -machine q35,nvdimm=on -m 512M,slots=4,maxmem=8G -smp 2
      -object memory-backend-ram,id=r0,size=256M -object memory-backend-ram,id=r1,size=256M
      -numa node,nodeid=0,memdev=r0 -numa node,nodeid=1,memdev=r1
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=128M
      -object memory-backend-file,id=mem2,share=on,mem-path={dir}/nv2.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K,node=1
      -device nvdimm,id=nv2,memdev=mem2,slot=3,label-size=256K
      """
    Then the guest sees the NVDIMMs:
      | dev   | id            | handle |
      | nmem0 | 8680-56341200 | 1      |
      | nmem1 | 8680-59341200 | 4      |
    And the guest sees the regions:
      | dimm  | size      | numa_node |
      | nmem0 | 134086656 | 1         |
      | nmem1 | 66846720  | 0         |

  Scenario: an unarmed NVDIMM is flagged as failing to arm
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K,unarmed=on
      """
    Then the guest sees the NVDIMMs:
      | dev   | flag_failed_arm |
      | nmem0 | true            |

  Scenario Outline: nvdimm-persistence=<option> is the region's persistence domain <domain>
    Given a machine started with:
      """
      -machine pc,nvdimm=on,nvdimm-persistence=<option> -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the guest sees the regions:
      | dev     | persistence_domain |
      | region0 | <domain>           |

    Examples:
      | option   | domain            |
      | cpu      | cpu_cache         |
      | mem-ctrl | memory_controller |

  Scenario: slots without NVDIMMs give the guest nothing to show
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      """
    When the guest runs "ndctl list -D -R -N"
    Then the command succeeds
    And the command prints nothing
    And the guest's kernel log says "failed to find NFIT at startup"

  Scenario: a pc-dimm is not an NVDIMM
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-ram,id=r1,size=128M -device pc-dimm,id=d1,memdev=r1
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the guest sees the NVDIMMs:
      | dev   | handle |
      | nmem0 | 2      |
    And the guest sees the regions:
      | dev     | size     |
      | region0 | 67108864 |

  Scenario: the guest's kernel learns the label area's size when it probes the NVDIMM
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    When the guest has booted
    Then the guest's kernel log says "nvdimm nmem0: config data size: 131072"

  # An NVDIMM is persistent memory, not RAM: the guest's RAM is -m's, however large the NVDIMM.
  @needs-guest-meminfo
  Scenario Outline: an NVDIMM of <size> adds nothing to the guest's MemTotal
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      """
    When the guest's output of "grep MemTotal /proc/meminfo" is remembered
    And the machine is powered off
    And the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=<size>
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    Then the guest's output of "grep MemTotal /proc/meminfo" is the one remembered

    Examples:
      | size |
      | 64M  |
      | 2G   |
