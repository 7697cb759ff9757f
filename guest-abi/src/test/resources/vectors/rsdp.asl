/*
 * An ACPI 2.0+ RSDP with QEMU's OEM ID, RSDT at 0xBFFE3000 and XSDT at 0xBFFE3100 (the layout in README.md). Written from `iasl -T RSDP`
 * (acpica-tools 20200925); iasl computes both checksums itself.
 */
[0008]                          Signature : "RSD PTR "
[0001]                           Checksum : 00
[0006]                             Oem ID : "BOCHS "
[0001]                           Revision : 02
[0004]                       RSDT Address : BFFE3000
[0004]                             Length : 00000024
[0008]                       XSDT Address : 00000000BFFE3100
[0001]                  Extended Checksum : 00
[0003]                           Reserved : 000000
