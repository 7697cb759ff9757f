Feature: DSM protocol — the hypervisor's side of the NVDIMM _DSM ABI
  The guest's AML writes a request into the 4 KiB DSM page (handle, revision, function, arguments),
  writes the page's address to I/O port 0x0A18, and reads the reply from the same page: its length,
  then a status or a function's data. These scenarios drive that exchange directly, as QEMU's own
  developers do from the monitor, so they hold any hypervisor to the replies QEMU 7.2 gives
  (spec notes §1.13) and to a refusal — with no label byte changed — for every bad request (§1.8).
  The machine: slot 0 empty, one NVDIMM with a 128 KiB label area in slot 1 (handle 2).

  Background:
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,slot=1,label-size=128K
      """

  Scenario Outline: QEMU's transcript — <request>
    When the DSM request handle <handle>, revision <revision>, function <function> is sent
    Then the DSM reply starts with "<reply>"

    Examples:
      | request                                     | handle  | revision | function | reply                     |
      | device query: functions 0, 4, 5, 6          | 2       | 1        | 0        | 8, 0x71                   |
      | Get Namespace Label Size                    | 2       | 1        | 4        | 0x10, 0, 0x20000, 0xfec   |
      | an unknown device function                  | 2       | 1        | 7        | 8, 1                      |
      | function 1 is not a device function         | 2       | 1        | 1        | 8, 1                      |
      | query of an empty slot                      | 1       | 1        | 0        | 8, 0                      |
      | label size of an empty slot                 | 1       | 1        | 4        | 8, 2                      |
      | root device query                           | 0       | 1        | 0        | 8, 0                      |
      | root device function 1                      | 0       | 1        | 1        | 8, 1                      |
      | revision 2, even for a query                | 2       | 2        | 0        | 8, 1                      |
      | QEMU's reserved root query                  | 0x10000 | 1        | 0        | 8, 3                      |
      | QEMU's reserved root, unknown function      | 0x10000 | 1        | 2        | 8, 1                      |
      | a handle no slot has                        | 5       | 1        | 4        | 8, 2                      |

  Scenario: Read FIT after cold plug must start at offset 0
    When the DSM request handle 0x10000, revision 1, function 1 with arguments "0x38" is sent
    Then the DSM reply starts with "8, 0x100"
    When the DSM request handle 0x10000, revision 1, function 1 with arguments "0" is sent
    Then the DSM reply starts with "0xc0, 0"
    And the DSM reply carries 184 bytes of the FIT after its status
    When the DSM request handle 0x10000, revision 1, function 1 with arguments "0x38" is sent
    Then the DSM reply starts with "0x88, 0"
    When the DSM request handle 0x10000, revision 1, function 1 with arguments "0xb8" is sent
    Then the DSM reply starts with "8, 0"
    When the DSM request handle 0x10000, revision 1, function 1 with arguments "0xb9" is sent
    Then the DSM reply starts with "8, 3"

  Scenario: Set then Get Namespace Label Data reach the end of the backing file
    When the DSM request handle 2, revision 1, function 6 with arguments "0x10, 4, 0xddccbbaa" is sent
    Then the DSM reply starts with "8, 0"
    And the label area of file "nv1.img" holds the word 0xddccbbaa at offset 0x10
    When the DSM request handle 2, revision 1, function 5 with arguments "0x10, 4" is sent
    Then the DSM reply starts with "12, 0, 0xddccbbaa"

  Scenario Outline: Get Namespace Label Data — <case>
    When the label area of file "nv1.img" is remembered
    And the DSM request handle 2, revision 1, function 5 with arguments "<offset>, <length>" is sent
    Then the DSM reply starts with "<reply>"
    And the label area of file "nv1.img" is unchanged

    Examples:
      | case                              | offset     | length | reply    |
      | the largest transfer              | 0          | 4076   | 0xff4, 0 |
      | the last 16 bytes                 | 0x1fff0    | 16     | 0x18, 0  |
      | one byte past the end             | 0x1fff0    | 17     | 8, 3     |
      | one byte more than max_xfer       | 0          | 4077   | 8, 3     |
      | offset plus length overflows      | 0xffffffff | 2      | 8, 3     |
      | an offset beyond the area         | 0x20000    | 1      | 8, 3     |

    @known-defect:qemu-zero-length-label-dsm-aborts
    Examples: length zero, where QEMU aborts on an assertion instead of answering
      | case                              | offset     | length | reply    |
      | length zero                       | 0          | 0      | 8, 3     |

  Scenario Outline: Set Namespace Label Data refusals change no label byte — <case>
    When the label area of file "nv1.img" is remembered
    And the DSM request handle 2, revision 1, function 6 with arguments "<offset>, <length>, 0x5a5a5a5a" is sent
    Then the DSM reply starts with "<reply>"
    And the label area of file "nv1.img" is unchanged

    Examples:
      | case                              | offset     | length | reply |
      | one byte past the end             | 0x1ffff    | 2      | 8, 3  |
      | longer than max_xfer              | 0          | 4077   | 8, 3  |
      | offset plus length overflows      | 0xfffffffe | 4      | 8, 3  |

    @known-defect:qemu-zero-length-label-dsm-aborts
    Examples: length zero, where QEMU aborts on an assertion instead of answering
      | case                              | offset     | length | reply |
      | length zero                       | 0          | 0      | 8, 3  |

  Scenario: a write with the wrong revision is refused before it is looked at
    When the label area of file "nv1.img" is remembered
    And the DSM request handle 2, revision 3, function 6 with arguments "0, 4, 0x5a5a5a5a" is sent
    Then the DSM reply starts with "8, 1"
    And the label area of file "nv1.img" is unchanged

  Scenario: a device without label-size supports nothing: no functions, and label size, reads and writes not supported
    Given a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem2,share=on,mem-path={dir}/nv2.img,size=64M
      -device nvdimm,id=nv2,memdev=mem2
      """
    When the DSM request handle 1, revision 1, function 0 is sent
    Then the DSM reply starts with "8, 0"
    When the DSM request handle 1, revision 1, function 4 is sent
    Then the DSM reply starts with "8, 1"
    When the DSM request handle 1, revision 1, function 5 with arguments "0, 4" is sent
    Then the DSM reply starts with "8, 1"
    When the file "nv2.img" is remembered
    And the DSM request handle 1, revision 1, function 6 with arguments "0, 4, 0x5a5a5a5a" is sent
    Then the DSM reply starts with "8, 1"
    And the file "nv2.img" is unchanged

  @needs-backend-readonly @known-defect:qemu-read-only-label-write-crashes
  Scenario: a label write to a read-only NVDIMM is not supported, and its file is unchanged
    A read-only backend (readonly=on, so the NVDIMM must be unarmed) still has a readable label area,
    but the hypervisor must refuse to write it (§1.8 step 4) rather than write into a read-only mapping.
    Given a file "ro.img" of 64 MiB that starts with "read-only data"
    And a machine started with:
      """
      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
      -object memory-backend-file,id=mem2,readonly=on,mem-path={dir}/ro.img,size=64M
      -device nvdimm,id=nv2,memdev=mem2,label-size=128K,unarmed=on
      """
    When the label area of file "ro.img" is remembered
    And the DSM request handle 1, revision 1, function 6 with arguments "0, 4, 0x5a5a5a5a" is sent
    Then the DSM reply starts with "8, 1"
    And the label area of file "ro.img" is unchanged
    When the DSM request handle 1, revision 1, function 5 with arguments "0, 4" is sent
    Then the DSM reply starts with "12, 0"
