/*
 * ToUUID byte order (ACPI 6.4 §19.6 ToUUID): the UUIDs QEMU's NCAL checks (the Intel NVDIMM device _DSM,
 * the NVDIMM root device _DSM, QEMU's Read FIT _DSM) and the NFIT persistent-memory range type GUID.
 * Compiled with: iasl -p aml-touuid aml-touuid.asl
 */
DefinitionBlock ("", "SSDT", 2, "VNVDMM", "TOUUID", 1)
{
    Name (UU00, ToUUID ("4309ac30-0d11-11e4-9191-0800200c9a66"))
    Name (UU01, ToUUID ("2f10e7a4-9e91-11e4-89d3-123b93f75cba"))
    Name (UU02, ToUUID ("648b9cf2-cda1-4312-8ad9-49c4af32bd62"))
    Name (UU03, ToUUID ("66f0d379-b4f3-4074-ac43-0d3318b78cdb"))
}
