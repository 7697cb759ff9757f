/*
 * An XSDT listing three tables, the last above 4 GiB: 0x07FE0040, 0x07FE3000 and 0x0000000108000000. Written
 * from `iasl -T XSDT` (acpica-tools 20200925) with QEMU's header; iasl writes its own Asl Compiler ID and Revision.
 */
[0004]                          Signature : "XSDT"
[0004]                       Table Length : 00000048
[0001]                           Revision : 01
[0001]                           Checksum : 00
[0006]                             Oem ID : "BOCHS "
[0008]                       Oem Table ID : "BXPC    "
[0004]                       Oem Revision : 00000001
[0004]                    Asl Compiler ID : "BXPC"
[0004]              Asl Compiler Revision : 00000001

[0008]             ACPI Table Address   0 : 0000000007FE0040
[0008]             ACPI Table Address   1 : 0000000007FE3000
[0008]             ACPI Table Address   2 : 0000000108000000
