Feature: memory-backend-file — guest memory mapped from a host file
  A memory-backend-file object maps a host file into the guest. QEMU decides from mem-path whether
  the memory is persistent (a file) or not (a directory), from share whether guest writes reach the
  file, and from the file's size whether it may be used at all. An NVDIMM is only as persistent as
  the backend under it, so these rules are where persistence starts.

  Background:
    Given a directory "vm"

  Scenario: a mem-path naming a directory gets an anonymous file that is gone at once
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/vm,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the machine is running
    And the directory "vm" is empty
    And memory device "nv1" offers the guest 64 MiB

  Scenario: a mem-path naming a missing file creates it with the backend's size
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    Then the machine is running
    And the file "nv1.img" is 256 MiB long

  @needs-page-unaligned-backend-size
  Scenario: a new file's size is rounded up to whole host pages
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=262145K
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    Then the machine is running
    And the file "nv1.img" has 268439552 bytes

  Scenario: an empty existing file is extended to the backend's size
    Given an empty file "nv1.img"
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=128M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the machine is running
    And the file "nv1.img" is 128 MiB long

  Scenario Outline: a non-empty file smaller than size is refused and left as it was
    Given a file "nv1.img" of 64 MiB that starts with "precious data"
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    Then the machine refuses to start with "<message>"
    And the error names <option>
    And the file "nv1.img" is unchanged

    @needs-backend-file-without-offset @needs-qapi-option-words
    Examples: QEMU 7.2's words
      | message                                                              | option    |
      | backing store size 0x4000000 does not match 'size' option 0x10000000 | no option |

    # QEMU 5.2 creates the backend while it reads its -object option, so the refusal names the option
    @needs-backend-file-without-offset @needs-qemu-opts-option-words
    Examples: QEMU 5.2's words
      | message                                                              | option                                                                                  |
      | backing store size 0x4000000 does not match 'size' option 0x10000000 | the option "-object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M" |

    @needs-backend-file-offset
    Examples: the words of a QEMU whose backend has an offset
      | message                                                                                      | option    |
      | mem1 backing store size 0x4000000 is too small for 'size' option 0x10000000 plus 'offset' option 0x0 | no option |

  Scenario: a file larger than size is used as is, and only its first size bytes are mapped
    Given a file "nv1.img" of 512 MiB
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    Then the machine is running
    And the file "nv1.img" is 512 MiB long
    When the guest writes 64 pattern bytes at label offset 0 of nmem0
    Then the file "nv1.img" holds the 64 pattern bytes from label offset 0 at offset 268304384 bytes

  @seed-whole-file-size
  Scenario: without size, an existing file is used whole (seed design)
    Given a file "nv1.img" of 96 MiB
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    Then the machine is running
    And memory device "nv1" offers the guest 100532224 bytes
    And the label area of nvdimm "nv1" is the last 128 KiB of file "nv1.img"

  Scenario Outline: without size, a new file cannot be sized
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the machine refuses to start with "<message>"
    And the file "nv1.img" does not exist

    @needs-qapi-option-words
    Examples: the words of QEMU's QAPI option parsing
      | message                     |
      | Parameter 'size' is missing |

    @needs-qemu-opts-option-words
    Examples: the words of QEMU's QemuOpts option parsing
      | message                          |
      | can't create backend with size 0 |

  Scenario: size zero is refused
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=0
      """
    Then the machine refuses to start with "property 'size' of memory-backend-file doesn't take value '0'"
    And the file "nv1.img" does not exist

  Scenario: a mem-path in a missing directory cannot be opened
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/missing/nv1.img,size=64M
      """
    Then the machine refuses to start with "can't open backing store {dir}/missing/nv1.img for guest RAM: No such file or directory"

  Scenario Outline: a backend without mem-path is refused
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,size=64M
      """
    Then the machine refuses to start with "<message>"

    @needs-qapi-option-words
    Examples: the words of QEMU's QAPI option parsing
      | message                         |
      | Parameter 'mem-path' is missing |

    @needs-qemu-opts-option-words
    Examples: the words of QEMU's QemuOpts option parsing
      | message                   |
      | mem-path property not set |

  Scenario: share=on — what the guest writes reaches the file
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    And the guest writes "written by the guest" at offset 4096 bytes of memory device "nv1"
    Then the file "nv1.img" holds "written by the guest" at offset 4096 bytes

  Scenario: share=off — what the guest writes stays out of the file
    Given a file "nv1.img" of 64 MiB
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=off,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    And the guest writes "private copy" at offset 4096 bytes of memory device "nv1"
    Then the guest reads "private copy" at offset 4096 bytes of memory device "nv1"
    And the file "nv1.img" does not hold "private copy" at offset 4096 bytes
    And the file "nv1.img" is unchanged

  Scenario: data written through a shared mapping survives power-off and a new machine
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    When the guest writes "survives a reboot" at offset 1 MiB of memory device "nv1"
    And the machine is powered off
    And the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    Then the guest reads "survives a reboot" at offset 1 MiB of memory device "nv1"

  Scenario: discard-data=on drops the file's contents when the backend goes away
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,discard-data=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    When the guest writes "scratch" at offset 0 bytes of memory device "nv1"
    And the machine is powered off
    Then the file "nv1.img" reads as zeros at offset 0 bytes for 4096 bytes

  Scenario: discard-data=on drops what the file held before the machine started
    Given a file "nv1.img" of 64 MiB that starts with "data of another machine"
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,discard-data=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    And the machine is powered off
    Then the file "nv1.img" is 64 MiB long
    And the file "nv1.img" reads as zeros at offset 0 bytes for 64 MiB

  Scenario: discard-data=on with share=off leaves the file as it was
    Given a file "nv1.img" of 64 MiB that starts with "data of another machine"
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=off,discard-data=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    And the machine is powered off
    Then the file "nv1.img" is unchanged

  Scenario: prealloc=on with discard-data=on — every block allocated while running, none left after power-off
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,prealloc=on,discard-data=on,mem-path={dir}/nv1.img,size=32M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the machine is running
    And every byte of the 32 MiB file "nv1.img" is allocated on disk
    When the machine is powered off
    Then the file "nv1.img" is 32 MiB long
    And no block of the file "nv1.img" is allocated on disk

  Scenario: align must be a power of two
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M,align=3M
      """
    Then the machine refuses to start with "alignment 0x300000 must be a power of two"
    And the file "nv1.img" does not exist

  Scenario Outline: align below the host page size is refused, and no file is left — align=<align>
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M,align=<align>
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the machine refuses to start with "<message>"
    And the file "nv1.img" does not exist

    Examples:
      | align | message                                              |
      | 2K    | alignment 0x800 must be multiples of page size 0x1000 |
      | 1K    | alignment 0x400 must be multiples of page size 0x1000 |

  Scenario: align below the host page size leaves an existing file as it was
    Given a file "nv1.img" of 256 MiB that starts with "labels and data of another machine"
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M,align=2K
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the machine refuses to start with "alignment 0x800 must be multiples of page size 0x1000"
    And the file "nv1.img" is unchanged

  Scenario: align rounds the PMEM size down
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M,align=2M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    Then memory device "nv1" offers the guest 254 MiB

  @needs-pmem-non-dax-deprecation
  Scenario: pmem=on on a file that is not on DAX warns and goes on
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,pmem=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the machine is running
    And the hypervisor warns "warning: Using non DAX backing file with 'pmem=on' option is deprecated"

  Scenario: pmem=on on a file that is not on DAX goes on without persistence across crashes, and says so
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,pmem=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the machine is running
    And the hypervisor warns "requesting persistence across crashes for backend file {dir}/nv1.img failed. Proceeding without persistence, data might become corrupted in case of host crash."

  Scenario: prealloc=on allocates every block of the new backing file when the machine starts
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,prealloc=on,mem-path={dir}/nv1.img,size=32M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the machine is running
    And every byte of the 32 MiB file "nv1.img" is allocated on disk
    And memory device "nv1" offers the guest 32 MiB

  @needs-backend-readonly
  Scenario: a read-only file backs an unarmed NVDIMM
    Given a file "nv1.img" of 64 MiB that starts with "firmware image"
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,readonly=on,mem-path={dir}/nv1.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,unarmed=on
      """
    Then the machine is running
    And the guest reads "firmware image" at offset 0 bytes of memory device "nv1"
    And the file "nv1.img" is unchanged

  Scenario Outline: an unknown backend property is named
    When the machine starts with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,mem-path={dir}/nv1.img,size=64M,colour=blue
      """
    Then the machine refuses to start with "<message>"
    And the error names the option "-object memory-backend-file,id=mem1,mem-path={dir}/nv1.img,size=64M,colour=blue"

    @needs-qapi-option-words
    Examples: the words of QEMU's QAPI option parsing
      | message                    |
      | Invalid parameter 'colour' |

    @needs-qemu-opts-option-words
    Examples: the words of QEMU's QemuOpts option parsing
      | message                                         |
      | Property 'memory-backend-file.colour' not found |
