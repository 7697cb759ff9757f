Feature: reserve-label-data — the 2015 switch for a label area at the end of the file
  The first vNVDIMM design had a boolean: reserve-label-data=on kept the last 128 KiB of the backing
  file for namespace labels, off kept none. QEMU replaced it with label-size; the reference keeps the
  switch so hypervisors that still speak it can be held to the same behaviour. Without a label area the
  device answers function 0 with no functions, every label function with "not supported", and the
  guest sees one whole-device namespace that it cannot subdivide.

  @seed-reserve-label-data
  Scenario: reserve-label-data=on is a 128 KiB label area at the end of the file
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,reserve-label-data=on
      """
    Then nmem0 has a label area of 128 KiB with a maximum transfer of 4076 bytes
    And the guest sees the regions:
      | dev     | size      |
      | region0 | 268304384 |
    When the guest writes 64 pattern bytes at label offset 131008 of nmem0
    Then the last 128 KiB of file "nv1.img" hold the 64 pattern bytes at offset 131008

  @seed-reserve-label-data
  Scenario: reserve-label-data=off leaves no label area and the whole file as PMEM
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,reserve-label-data=off
      """
    Then nmem0 offers the _DSM functions 0x0
    And the guest sees the regions:
      | dev     | size      |
      | region0 | 268435456 |

  # Linux's kernel does not send a function the DIMM did not offer ("offers the _DSM functions 0x0" is what it sees)
  @needs-raw-guest-dsm
  Scenario Outline: without a label area every label function is not supported (function <function>)
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1
      """
    When the guest calls _DSM function <function> on nmem0 with offset 0 and length 4
    Then the _DSM status is 1

    Examples:
      | function |
      | 4        |
      | 5        |
      | 6        |

  Scenario: a label-less NVDIMM is one raw namespace covering the device
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then the guest sees the namespaces:
      | dev          | mode | size      | blockdev |
      | namespace0.0 | raw  | 268435456 | pmem0    |

  Scenario: the guest cannot subdivide a label-less region
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1
      """
    When the guest runs "ndctl create-namespace -r region0 -m raw -s 64M"
    Then the command fails with status 237
    And the command reports:
      """
      Error: Legacy / label-less namespaces do not support sub-dividing a region

        Error: Retry without -s/--size=

      failed to create namespace: Invalid argument
      """

  Scenario: an uninitialised label area looks label-less too
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    Then the guest sees the namespaces:
      | dev          | mode | size      |
      | namespace0.0 | raw  | 268304384 |
    When the guest runs "ndctl check-labels nmem0"
    Then the command fails with status 1
    And the command reports:
      """
      successfully verified 0 nmem label
      """
