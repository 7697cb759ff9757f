/*
 * An RSDT listing three tables (FADT, SSDT, NFIT, say) at 0x07FE0040, 0x07FE3000 and 0xFFFFF000. Written from
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

[0004]             ACPI Table Address   0 : 07FE0040
[0004]             ACPI Table Address   1 : 07FE3000
[0004]             ACPI Table Address   2 : FFFFF000
