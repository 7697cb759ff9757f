Feature: DSM errors — bad requests from a guest, answered without touching the labels
  The same bad inputs as dsm-protocol.feature, now issued by the guest's own _DSM calls as a user
  would (nvdimm-dsm), through the firmware's AML. Each gets its status, and the label area at the end
  of the backing file is byte-identical before and after. Some refusals come from the AML itself
  (a wrong UUID never reaches the hypervisor): they answer with a one-byte buffer.

  Background:
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    And the last 128 KiB of file "nv1.img" are remembered

  Scenario Outline: <case>
    When the guest calls _DSM function <function> on nmem0 with offset <offset> and length <length>
    Then the _DSM status is <status>
    And the last 128 KiB of file "nv1.img" are unchanged

    Examples:
      | case                                | function | offset     | length | status |
      | read past the end                   | 5        | 0x1fff0    | 17     | 3      |
      | read longer than max_xfer           | 5        | 0          | 4077   | 3      |
      | read whose end overflows 32 bits    | 5        | 0xffffffff | 2      | 3      |
      | write past the end                  | 6        | 0x1ffff    | 2      | 3      |
      | write whose end overflows 32 bits   | 6        | 0xfffffffe | 4      | 3      |

    @known-defect:qemu-zero-length-label-dsm-aborts
    Examples: length zero, where QEMU aborts on an assertion instead of answering
      | case                                | function | offset     | length | status |
      | read of length zero                 | 5        | 0          | 0      | 3      |
      | write of length zero                | 6        | 0          | 0      | 3      |

    # Linux's kernel refuses functions outside the DIMM's dsm_mask before they reach the hypervisor
    @needs-raw-guest-dsm
    Examples: functions a guest can only send through its own AML
      | case                                | function | offset     | length | status |
      | an unknown function                 | 7        | 0          | 4      | 1      |
      | function 1 on a device              | 1        | 0          | 4      | 1      |

  Scenario: a write longer than max_xfer is refused whole
    When the guest calls _DSM function 6 on nmem0 with offset 0, length 4077 and data 00
    Then the _DSM status is 3
    And the last 128 KiB of file "nv1.img" are unchanged

  @needs-raw-guest-dsm
  Scenario: revision 2 is not supported, even for the query
    When the guest calls _DSM function 0 on nmem0 with revision 2
    Then the _DSM status is 1

  @needs-raw-guest-dsm
  Scenario: a wrong UUID is refused by the AML before the hypervisor sees it
    When the guest calls _DSM function 4 on nmem0 with the UUID 2f10e7a4-9e91-11e4-89d3-123b93f75cba
    Then the _DSM reply is the one-byte buffer 01
    When the guest calls _DSM function 0 on nmem0 with the UUID 9002c334-acf3-4c0e-9642-a235f0d53bc6
    Then the _DSM reply is the one-byte buffer 00

  @needs-raw-guest-dsm
  Scenario: the root device offers nothing
    When the guest calls _DSM function 0 on root
    Then the _DSM status is 0
    When the guest calls _DSM function 1 on root
    Then the _DSM status is 1

  Scenario: a good write still works after refused reads and writes
    When the guest calls _DSM function 5 on nmem0 with offset 0x1fff0 and length 17
    Then the _DSM status is 3
    When the guest calls _DSM function 6 on nmem0 with offset 0x1ffff and length 2
    Then the _DSM status is 3
    When the guest calls _DSM function 6 on nmem0 with offset 0, length 4077 and data 00
    Then the _DSM status is 3
    When the guest calls _DSM function 6 on nmem0 with offset 0x10, length 4 and data aabbccdd
    Then the _DSM status is 0
    When the guest calls _DSM function 5 on nmem0 with offset 0x10 and length 4
    Then the _DSM returns the data aabbccdd
