/*
 * An RSDT listing the FADT, SSDT and NFIT at 0xBFFE2000, 0xBFFE2100 and 0xBFFE2900 (README.md). Written from
 * `iasl -T RSDT` (acpica-tools 20200925) with QEMU's header; iasl writes its own Asl Compiler ID and Revision.
 */
[0004]                          Signature : "RSDT"
[0004]                       Table Length : 00000030
[0001]                           Revision : 01
[0001]                           Checksum : 00
[0006]                             Oem ID : "BOCHS "
[0008]                       Oem Table ID : "BXPC    "
[0004]                       Oem Revision : 00000001
[0004]                    Asl Compiler ID : "BXPC"
[0004]              Asl Compiler Revision : 00000001

[0004]             ACPI Table Address   0 : BFFE2000
[0004]             ACPI Table Address   1 : BFFE2100
[0004]             ACPI Table Address   2 : BFFE2900
