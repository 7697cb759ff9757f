Feature: label-size — the label area the guest finds through Get Namespace Label Size
  With label-size the last label-size bytes of the backend become the namespace label area, and _DSM
  function 4 reports its size and the largest transfer one call can carry (4076 bytes: the DSM page
  minus the request header and the offset and length words). Without label-size the device has no
  label functions at all.

  Scenario Outline: a label-size of <label> is what the guest finds
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=<label>
      """
    Then nmem0 has a label area of <area> with a maximum transfer of 4076 bytes
    And nmem0 offers the _DSM functions 0x71
    And the guest's label writes at both ends of nmem0's label area land in the last <area> of file "nv1.img"

    Examples:
      | label | area    |
      | 128K  | 128 KiB |
      | 256K  | 256 KiB |
      | 1M    | 1 MiB   |
      | 2M    | 2 MiB   |
      | 200K  | 200 KiB |

  Scenario: no label-size, no label area: one label-less region, and no label operations
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1
      """
    Then nmem0 offers the _DSM functions 0x0
    And the guest sees the regions:
      | dimm  | size      |
      | nmem0 | 268435456 |
    When the guest runs "ndctl read-labels nmem0 -j"
    Then the command fails with status 1
    And the command reports:
      """
      read 0 nmem
      """
    When the guest runs "ndctl disable-region region0" successfully
    And the guest runs "ndctl init-labels nmem0"
    Then the command fails with status 1
    And the command reports:
      """
      initialized 0 nmem
      """

  # Linux's kernel does not send a function the DIMM did not offer
  @needs-raw-guest-dsm
  Scenario: without label-size, Get Namespace Label Size is not supported
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1
      """
    When the guest calls _DSM function 4 on nmem0
    Then the _DSM status is 1

  Scenario: a label area on a RAM backend works, but does not outlive the machine
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-ram,id=mem1,size=64M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    Then nmem0 has a label area of 128 KiB with a maximum transfer of 4076 bytes
    When the guest writes 64 pattern bytes at label offset 0 of nmem0
    Then the guest reads the 64 pattern bytes back from label offset 0 of nmem0
    When the machine is restarted
    Then the guest reads 64 zero bytes from label offset 0 of nmem0

  Scenario: the label area of each NVDIMM is its own
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=64M
      -object memory-backend-file,id=mem2,share=on,mem-path={dir}/nv2.img,size=64M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -device nvdimm,id=nv2,memdev=mem2,label-size=256K
      """
    Then nmem0 has a label area of 128 KiB with a maximum transfer of 4076 bytes
    And nmem1 has a label area of 256 KiB with a maximum transfer of 4076 bytes
    When the last 128 KiB of file "nv1.img" are remembered
    And the guest writes 100 pattern bytes at label offset 0 of nmem1
    Then the last 256 KiB of file "nv2.img" hold the 100 pattern bytes at offset 0
    And the last 128 KiB of file "nv1.img" are unchanged
