Feature: nvdimm configuration — label area, PMEM size and QEMU's checks
  An nvdimm device turns a memory backend into persistent memory. With label-size (historically
  reserve-label-data=on) the last bytes of the backend hold the namespace labels, and the guest gets
  what is left, rounded down to the backend's alignment. Every refusal names the problem with the text
  QEMU prints, and leaves an existing backing file as it was. The reference also removes a backing file the
  refused command line created: the kit's own rule, which QEMU does not follow.

  Scenario Outline: label-size <label> on a <backend> backend leaves <pmem> bytes of PMEM
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=<backend><align>
      -device nvdimm,id=nv1,memdev=mem1,label-size=<label>
      """
    Then the machine is running
    And memory device "nv1" offers the guest <pmem> bytes
    And nvdimm "nv1" has a label area of <area>
    And the guest's label writes at both ends of nmem0's label area land in the last <area> of file "nv1.img"

    Examples:
      | backend | align     | label | pmem      | area    |
      | 256M    |           | 128K  | 268304384 | 128 KiB |
      | 256M    |           | 256K  | 268173312 | 256 KiB |
      | 256M    |           | 1M    | 267386880 | 1 MiB   |
      | 256M    |           | 200K  | 268230656 | 200 KiB |
      | 256M    | ,align=2M | 128K  | 266338304 | 128 KiB |
      | 130M    |           | 128K  | 136183808 | 128 KiB |

  Scenario: without label-size there is no label area and the whole backend is PMEM
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then memory device "nv1" offers the guest 256 MiB
    And nvdimm "nv1" has no label area

  Scenario: a size that is not a multiple of the alignment is rounded down silently
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=3M,align=2M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then memory device "nv1" offers the guest 2 MiB

  Scenario: a RAM backend takes label-size too
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-ram,id=mem1,size=64M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    Then memory device "nv1" offers the guest 62 MiB
    And nvdimm "nv1" has a label area of 128 KiB

  @seed-reserve-label-data
  Scenario: reserve-label-data=on reserves a 128 KiB label area at the end of the file (seed design)
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,reserve-label-data=on
      """
    Then nvdimm "nv1" has a label area of 128 KiB
    And the label area of nvdimm "nv1" is the last 128 KiB of file "nv1.img"
    And memory device "nv1" offers the guest 268304384 bytes

  @seed-reserve-label-data
  Scenario: reserve-label-data=off leaves the device label-less (seed design)
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,reserve-label-data=off
      """
    Then nvdimm "nv1" has no label area
    And memory device "nv1" offers the guest 256 MiB

  Scenario: the device's uuid is accepted in its canonical form
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,uuid=5be5a8d4-1c11-4b6e-a1c2-3f0e7d6b9a21
      """
    Then the machine is running

  Scenario Outline: a bad nvdimm is refused with QEMU's text — <case>
    When the machine starts with:
      """
      -machine <machine> -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=<size>
      -device <device>
      """
    Then the machine refuses to start with "<message>"
    And the error names the option "-device <device>"

    Examples:
      | case                         | machine     | size  | device                                       | message                                                                                               |
      | label area below 128 KiB     | pc,nvdimm=on | 256M | nvdimm,id=nv1,memdev=mem1,label-size=64K     | Property 'nvdimm.label-size' (0x10000) is required at least 0x20000                                   |
      | label-size zero              | pc,nvdimm=on | 256M | nvdimm,id=nv1,memdev=mem1,label-size=0       | Property 'nvdimm.label-size' (0x0) is required at least 0x20000                                       |
      | label area fills the backend | pc,nvdimm=on | 128K | nvdimm,id=nv1,memdev=mem1,label-size=128K    | the size of memdev mem1 (0x20000) is too small to contain nvdimm label (0x20000) and aligned PMEM (0x1000) |
      | label area over the backend  | pc,nvdimm=on | 256M | nvdimm,id=nv1,memdev=mem1,label-size=512M    | the size of memdev mem1 (0x10000000) is too small to contain nvdimm label (0x20000000) and aligned PMEM (0x1000) |
      | nvdimm not enabled           | pc           | 256M | nvdimm,id=nv1,memdev=mem1,label-size=128K    | nvdimm is not enabled: missing 'nvdimm' in '-M'                                                       |
      | no memdev                    | pc,nvdimm=on | 256M | nvdimm,id=nv1,label-size=128K                | 'memdev' property must be set                                                                         |
      | malformed uuid               | pc,nvdimm=on | 256M | nvdimm,id=nv1,memdev=mem1,uuid=not-a-uuid    | Property 'nvdimm.uuid' has invalid value                                                              |
      | unknown property             | pc,nvdimm=on | 256M | nvdimm,id=nv1,memdev=mem1,lable-size=128K    | Property 'nvdimm.lable-size' not found                                                                |
      | not a device model           | pc,nvdimm=on | 256M | nvdimn,id=nv1,memdev=mem1                    | 'nvdimn' is not a valid device model name                                                             |

    @needs-qapi-option-words
    Examples: the words of QEMU's QAPI option parsing
      | case           | machine      | size | device                                   | message                             |
      | bad size value | pc,nvdimm=on | 256M | nvdimm,id=nv1,memdev=mem1,label-size=big | Parameter 'label-size' expects size |

    @needs-qemu-opts-option-words
    Examples: the words of QEMU's QemuOpts option parsing
      | case           | machine      | size | device                                   | message                                                         |
      | bad size value | pc,nvdimm=on | 256M | nvdimm,id=nv1,memdev=mem1,label-size=big | Parameter 'label-size' expects a non-negative number below 2^64 |

  Scenario: a refused -device leaves an existing backing file byte for byte as it was
    Given a file "nv1.img" of 256 MiB that starts with "labels and data of another machine"
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=64K
      """
    Then the machine refuses to start with "Property 'nvdimm.label-size' (0x10000) is required at least 0x20000"
    And the file "nv1.img" is unchanged

  # The kit's own rule: QEMU creates the file when it makes the backend, and leaves it when a -device is refused
  @needs-refusal-removes-created-file
  Scenario: a refused configuration removes the backing file it created
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=64K
      """
    Then the machine refuses to start with "Property 'nvdimm.label-size' (0x10000) is required at least 0x20000"
    And the file "nv1.img" does not exist

  # the same words on QEMU 7.2, 10.0 and 11.1 (5.2 has no readonly), unarmed unset or off
  @needs-backend-readonly
  Scenario Outline: a read-only backend needs an unarmed NVDIMM, and its file is left alone — <unarmed>
    Given a file "ro.img" of 64 MiB that starts with "read-only data"
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,readonly=on,mem-path={dir}/ro.img,size=64M
      -device <device>
      """
    Then the machine refuses to start with "'unarmed' property must be 'on' since memdev mem1 is read-only"
    And the error names the option "-device <device>"
    And the file "ro.img" is unchanged

    Examples:
      | unarmed     | device                                |
      | unarmed unset | nvdimm,id=nv1,memdev=mem1           |
      | unarmed=off | nvdimm,id=nv1,memdev=mem1,unarmed=off |

  Scenario: a small size with a large alignment leaves no PMEM
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=1M,align=2M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the machine refuses to start with "the size of memdev mem1 (0x100000) is too small to contain nvdimm label (0x0) and aligned PMEM (0x200000)"

  Scenario Outline: a bad machine is refused with QEMU's text — <case>
    When the machine starts with:
      """
      <options>
      """
    Then the machine refuses to start with "<message>"

    Examples:
      | case                          | options                                                    | message                                                                                              |
      | unknown persistence           | -machine pc,nvdimm=on,nvdimm-persistence=bogus             | -machine nvdimm-persistence=bogus: unsupported option                                                |
      | unknown option                | -machine pc,nvdimm=on -nvdimm on                           | -nvdimm: invalid option                                                                              |

    @needs-qapi-option-words
    Examples: the words of QEMU's QAPI option parsing
      | case                          | options                                                    | message                                                                                              |
      | maxmem below RAM              | -machine pc,nvdimm=on -m 512M,slots=4,maxmem=256M          | invalid value of maxmem: maximum memory size (0x10000000) must be at least the initial memory size (0x20000000) |
      | slots without maxmem          | -machine pc,nvdimm=on -m 512M,slots=4                      | slots specified but no max-size                                                                      |
      | unknown machine property      | -machine pc-i440fx-7.2,nvdimms=on                          | Property 'pc-i440fx-7.2-machine.nvdimms' not found                                                   |
      | unknown object type           | -object memory-backend-nvme,id=m,size=1G                   | Parameter 'qom-type' does not accept value 'memory-backend-nvme'                                     |

    # QEMU 5.2 has no machine type pc-i440fx-7.2: an unknown property of its own newest i440FX type
    @needs-qemu-opts-option-words
    Examples: the words of QEMU's QemuOpts option parsing
      | case                          | options                                                    | message                                                                                              |
      | maxmem below RAM              | -machine pc,nvdimm=on -m 512M,slots=4,maxmem=256M          | invalid value of -m option maxmem: maximum memory size (0x10000000) must be at least the initial memory size (0x20000000) |
      | slots without maxmem          | -machine pc,nvdimm=on -m 512M,slots=4                      | invalid -m option value: missing 'maxmem' option                                                     |
      | unknown machine property      | -machine pc-i440fx-5.2,nvdimms=on                          | Property 'pc-i440fx-5.2-machine.nvdimms' not found                                                   |
      | unknown object type           | -object memory-backend-nvme,id=m,size=1G                   | invalid object type: memory-backend-nvme                                                             |
