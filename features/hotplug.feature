@two-machines
Feature: NVDIMM hotplug — a new NVDIMM reaches a running guest through the FIT, and never leaves
  The 2015 vNVDIMM design ended with "TODO: NVDIMM hotplug support"; QEMU 2.8 added it. A management tool
  hot-adds a backend and an nvdimm device with QMP object-add and device_add. The hypervisor places the device in
  a free slot of the device-memory window, rebuilds the FIT that _FIT returns (so a Read FIT in progress answers
  "FIT changed", 0x100, and its reader restarts), and raises GPE0 status bit 4. The guest's OS runs the DSDT's
  \_GPE._E04, which does Notify(\_SB.NVDR, 0x80); the OS re-reads _FIT and registers the new DIMM and its region.
  Unplugging an NVDIMM is refused: a guest may have its data mapped. A refused hot-add leaves nothing behind.
  Error texts are QEMU 7.2's and 10.0's (measured: they agree).

  Scenario Outline: hot-add one NVDIMM on <machine>: the guest sees it as it sees a boot-time one
    Given the vm machine is running:
      """
      -machine <machine>,nvdimm=on -m 256M,slots=4,maxmem=4G
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/n1.img,size=256M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      """
    When the host hot-adds to the vm machine:
      """
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    Then the vm machine's memory devices are:
      | id | type   | slot | addr        | size      | hotplugged |
      | n1 | nvdimm | 0    | 0x100000000 | 268304384 | false      |
      | n2 | nvdimm | 1    | 0x10ffe0000 | 66977792  | true       |
    And within 30 seconds the vm guest lists the DIMMs "nmem0, nmem1"
    And the vm guest's ndctl describes nmem1 as it describes nmem0, but for its name and handle
    And the vm guest has run on the region of nmem1:
      | ndctl disable-region {region}                               |
      | ndctl init-labels nmem1                                     |
      | ndctl enable-region {region}                                |
      | ndctl create-namespace -r {region} -m raw -s 16M -n hotns   |
    And the vm guest lists the namespaces named "hotns"

    Examples:
      | machine |
      | pc      |
      | q35     |

  Scenario: hot-add several NVDIMMs one after another
    Given the vm machine is running:
      """
      -machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/n1.img,size=256M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      """
    When the host hot-adds to the vm machine:
      """
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    And within 30 seconds the vm guest lists the DIMMs "nmem0, nmem1"
    And the host hot-adds to the vm machine:
      """
      -object memory-backend-file,id=m3,share=on,mem-path={dir}/n3.img,size=64M
      -device nvdimm,id=n3,memdev=m3,label-size=128K
      """
    Then within 30 seconds the vm guest lists the DIMMs "nmem0, nmem1, nmem2"
    And the vm machine's memory devices are:
      | id | slot | addr        | hotplugged |
      | n1 | 0    | 0x100000000 | false      |
      | n2 | 1    | 0x10ffe0000 | true       |
      | n3 | 2    | 0x113fc0000 | true       |

  Scenario: a pc-dimm hot-adds as plain memory beside an NVDIMM, and the guest's NVDIMMs stay as they were
    Given the vm machine is running:
      """
      -machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/n1.img,size=256M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      """
    When the host hot-adds to the vm machine:
      """
      -object memory-backend-ram,id=dm1,size=128M
      -device pc-dimm,id=d1,memdev=dm1
      """
    Then the vm machine's memory devices are:
      | id | type   | slot | hotplugged |
      | n1 | nvdimm | 0    | false      |
      | d1 | dimm   | 1    | true       |
    And within 30 seconds the vm guest lists the DIMMs "nmem0"

  Scenario: hot-add until the slots run out: QEMU's text, and the guest keeps what it has
    Given the vm machine is running:
      """
      -machine pc,nvdimm=on -m 256M,slots=2,maxmem=4G
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/n1.img,size=256M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      """
    And the host hot-adds to the vm machine:
      """
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    When the host tries to hot-add to the vm machine:
      """
      -object memory-backend-ram,id=m3,size=64M
      -device nvdimm,id=n3,memdev=m3
      """
    Then QMP refuses it with "no free slots available"
    And the vm machine's memory devices are:
      | id | slot | hotplugged |
      | n1 | 0    | false      |
      | n2 | 1    | true       |
    And within 30 seconds the vm guest lists the DIMMs "nmem0, nmem1"

  Scenario Outline: a refused hot-add in QEMU's words, and nothing plugged — <case>
    Given the vm machine is running:
      """
      -machine pc,nvdimm=on -m 256M,slots=4,maxmem=384M
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/n1.img,size=64M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      """
    When the host tries to hot-add to the vm machine:
      """
      <options>
      """
    Then QMP refuses it with "<error>"
    And the vm machine's memory devices are:
      | id | slot | hotplugged |
      | n1 | 0    | false      |

    Examples:
      | case                       | options                                                                                               | error                                                                                                                  |
      | a memdev already in use    | -device nvdimm,id=n2,memdev=m1                                                                         | can't use already busy memdev: m1                                                                                      |
      | more than maxmem           | -object memory-backend-ram,id=m2,size=128M -device nvdimm,id=n2,memdev=m2                              | not enough space, currently 0x3fe0000 in use of total space for memory devices 0x8000000                                |
      | a label area past the end  | -object memory-backend-ram,id=m2,size=16M -device nvdimm,id=n2,memdev=m2,label-size=32M                | the size of memdev m2 (0x1000000) is too small to contain nvdimm label (0x2000000) and aligned PMEM (0x200000)         |

    # QEMU 5.2 parsed device_add's arguments as QemuOpts, and says it as -device does
    @needs-qapi-option-words
    Examples: QAPI's words
      | case                       | options                                                                                               | error                                                                                                                  |
      | a device id already taken, QAPI's words     | -object memory-backend-ram,id=m2,size=16M -device nvdimm,id=n1,memdev=m2 | Duplicate device ID 'n1'                                                                                               |

    @needs-qemu-opts-option-words
    Examples: QemuOpts' words
      | case                       | options                                                                                               | error                                                                                                                  |
      | a device id already taken, QemuOpts' words  | -object memory-backend-ram,id=m2,size=16M -device nvdimm,id=n1,memdev=m2 | Duplicate ID 'n1' for device                                                                                           |

  Scenario: an NVDIMM cannot be hot-added to a machine without nvdimm=on
    Given the vm machine is running:
      """
      -machine pc -m 256M,slots=4,maxmem=4G
      """
    When the host tries to hot-add to the vm machine:
      """
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    Then QMP refuses it with "nvdimm is not enabled: missing 'nvdimm' in '-M'"
    And the vm machine's memory devices are:
      | id |

  Scenario: a backend that cannot be opened leaves nothing behind
    Given the vm machine is running:
      """
      -machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/n1.img,size=256M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      """
    When the host tries to hot-add to the vm machine:
      """
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/missing/n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    Then QMP refuses it with "can't open backing store {dir}/missing/n2.img for guest RAM: No such file or directory"
    And the file "missing/n2.img" does not exist
    When the host tries to hot-add to the vm machine:
      """
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    Then QMP refuses it with class DeviceNotFound and "Device 'm2' not found"
    And the vm machine's memory devices are:
      | id | slot |
      | n1 | 0    |
    When the host hot-adds to the vm machine:
      """
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    Then the vm machine's memory devices are:
      | id | slot | addr        |
      | n1 | 0    | 0x100000000 |
      | n2 | 1    | 0x10ffe0000 |

  Scenario: hot-unplug of an NVDIMM is refused, and the guest keeps using it
    Given the vm machine is running:
      """
      -machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/n1.img,size=256M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      """
    And the host hot-adds to the vm machine:
      """
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    And within 30 seconds the vm guest lists the DIMMs "nmem0, nmem1"
    When the host asks the vm machine to hot-unplug "n2"
    Then QMP refuses it with "nvdimm device hot unplug is not supported yet."
    When the host asks the vm machine to hot-unplug "n1"
    Then QMP refuses it with "nvdimm device hot unplug is not supported yet."
    And the vm guest has run on the region of nmem1:
      | ndctl disable-region {region}                               |
      | ndctl init-labels nmem1                                     |
      | ndctl enable-region {region}                                |
      | ndctl create-namespace -r {region} -m raw -s 16M -n hotns   |
    And the vm guest lists the namespaces named "hotns"
    And the vm machine's memory devices are:
      | id | hotplugged |
      | n1 | false      |
      | n2 | true       |

  @needs-object-in-use-words
  Scenario: the backend of a hot-added NVDIMM cannot be deleted
    Given the vm machine is running:
      """
      -machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G
      """
    And the host hot-adds to the vm machine:
      """
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    When the host asks the vm machine to delete the object "m2"
    Then QMP refuses it with "object 'm2' is in use, can not be deleted"
    And the vm machine's memory devices are:
      | id | hotplugged |
      | n2 | true       |

  @needs-mapped-backend-delete-words
  Scenario: the backend of a hot-added NVDIMM cannot be deleted — QEMU 11.1's words
    Given the vm machine is running:
      """
      -machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G
      """
    And the host hot-adds to the vm machine:
      """
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    When the host asks the vm machine to delete the object "m2"
    Then QMP refuses it with "Cannot delete host memory backend 'm2' which is mapped"
    And the vm machine's memory devices are:
      | id | hotplugged |
      | n2 | true       |

  Scenario: the human monitor hot-adds too, and prints QEMU's errors
    Given the vm machine is running:
      """
      -machine pc,nvdimm=on -m 256M,slots=2,maxmem=4G
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/n1.img,size=256M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      """
    When the host types "object_add memory-backend-file,id=m2,share=on,mem-path={dir}/n2.img,size=64M" into the vm machine's human monitor
    Then the human monitor answers nothing
    When the host types "device_add nvdimm,id=n2,memdev=m2,label-size=128K" into the vm machine's human monitor
    Then the human monitor answers nothing
    And within 30 seconds the vm guest lists the DIMMs "nmem0, nmem1"
    When the host types "object_add memory-backend-ram,id=m2,size=64M" into the vm machine's human monitor
    Then the human monitor answers "Error: attempt to add duplicate property 'm2' to object (type 'container')"
    When the host types "object_add memory-backend-ram,id=m3,size=64M" into the vm machine's human monitor
    And the host types "device_add nvdimm,id=n3,memdev=m3" into the vm machine's human monitor
    Then the human monitor answers "Error: no free slots available"
    When the host types "device_del n2" into the vm machine's human monitor
    Then the human monitor answers "Error: nvdimm device hot unplug is not supported yet."
    When the host types "object_del m3" into the vm machine's human monitor
    Then the human monitor answers nothing
    When the host types "object_del m3" into the vm machine's human monitor
    Then the human monitor answers "Error: object 'm3' not found"
    And the vm machine's memory devices are:
      | id | slot | hotplugged |
      | n1 | 0    | false      |
      | n2 | 1    | true       |

  Scenario: labels written on a hot-added NVDIMM are there after a restart with the device on the command line
    Given the vm machine is running:
      """
      -machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/n1.img,size=256M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      """
    And the host hot-adds to the vm machine:
      """
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    And within 30 seconds the vm guest lists the DIMMs "nmem0, nmem1"
    And the vm guest has run on the region of nmem1:
      | ndctl disable-region {region}                               |
      | ndctl init-labels nmem1                                     |
      | ndctl enable-region {region}                                |
      | ndctl create-namespace -r {region} -m raw -s 16M -n hotns   |
    When the vm machine quits
    And the restarted machine is running:
      """
      -machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/n1.img,size=256M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    Then the restarted guest lists the namespaces named "hotns"
    And the restarted machine's memory devices are:
      | id | slot | addr        | hotplugged |
      | n1 | 0    | 0x100000000 | false      |
      | n2 | 1    | 0x10ffe0000 | false      |

  Scenario: migration after a hot-add, to a destination started with the device on its command line
    Given the source machine is running:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/source-n1.img,size=64M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      """
    And the host hot-adds to the source machine:
      """
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/source-n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    And within 30 seconds the source guest lists the DIMMs "nmem0, nmem1"
    And the source guest has run on the region of nmem1:
      | ndctl disable-region {region}                               |
      | ndctl init-labels nmem1                                     |
      | ndctl enable-region {region}                                |
      | ndctl create-namespace -r {region} -m raw -s 16M -n hotns   |
    And the source guest has run:
      | dd if=/dev/urandom of=/dev/pmem1 bs=1M count=4              |
    And what the source guest shows is remembered
    And the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/destination-n1.img,size=64M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/destination-n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      -incoming tcp:127.0.0.1:{port}
      """
    When the source migrates to "tcp:127.0.0.1:{port}"
    Then the migration completes
    And the destination is "running"
    And the destination guest shows what the source guest showed
    And the last 128 KiB of file "destination-n2.img" equal the last 128 KiB of file "source-n2.img"
    And the destination machine's memory devices are:
      | id | slot | addr        | hotplugged |
      | n1 | 0    | 0x100000000 | false      |
      | n2 | 1    | 0x103fe0000 | false      |

  Scenario: migration after a hot-add, to a destination without the device: refused, and the source keeps running
    Given the source machine is running:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/source-n1.img,size=64M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      """
    And the host hot-adds to the source machine:
      """
      -object memory-backend-file,id=m2,share=on,mem-path={dir}/source-n2.img,size=64M
      -device nvdimm,id=n2,memdev=m2,label-size=128K
      """
    And within 30 seconds the source guest lists the DIMMs "nmem0, nmem1"
    And what the source guest shows is remembered
    And the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 262136K,slots=4,maxmem=4G
      -object memory-backend-file,id=m1,share=on,mem-path={dir}/destination-n1.img,size=64M
      -device nvdimm,id=n1,memdev=m1,label-size=128K
      -incoming tcp:127.0.0.1:{port}
      """
    When the source migrates to "tcp:127.0.0.1:{port}"
    Then the migration fails
    And the destination fails to load the migration with "Unknown ramblock \"m2\", cannot accept migration"
    And the source is "running"
    And the source guest still shows what it showed

  # 23 NVDIMMs need 23 × 184 = 4232 bytes of FIT: more than one Read FIT chunk (at most 4088 bytes a reply).
  Scenario: a hot-add between two Read FIT chunks: the next chunk answers "FIT changed", and a reader that starts over gets the new FIT
    Given a machine started with, for each i from 1 to 23:
      """
      -machine pc,nvdimm=on -m 256M,slots=24,maxmem=8G
      -object memory-backend-ram,id=m{i},size=16M
      -device nvdimm,id=nv{i},memdev=m{i}
      """
    When the whole FIT is read with Read FIT, starting over when it changes
    Then the FIT read describes 23 NVDIMMs, read without starting over
    When the DSM request handle 0x10000, revision 1, function 1 with arguments "0" is sent
    Then the DSM reply starts with "0x1000, 0"
    When the host hot-adds through the human monitor:
      """
      object_add memory-backend-ram,id=m24,size=16M
      device_add nvdimm,id=nv24,memdev=m24
      """
    And the DSM request handle 0x10000, revision 1, function 1 with arguments "0xff8" is sent
    Then the DSM reply starts with "8, 0x100"
    When the whole FIT is read with Read FIT, starting over when it changes
    Then the FIT read describes 24 NVDIMMs, read without starting over

  # The guest's _FIT is the SSDT's AML; only the reference lets a step act between two of its Read FIT requests.
  @needs-guest-read-fit-tap
  Scenario: the guest's own _FIT starts over when a hot-add lands between its Read FIT chunks
    Given a machine started with, for each i from 1 to 23:
      """
      -machine pc,nvdimm=on -m 256M,slots=26,maxmem=8G
      -object memory-backend-ram,id=m{i},size=16M
      -device nvdimm,id=nv{i},memdev=m{i}
      """
    And the guest has booted
    And once the guest has read the first chunk of a new FIT, the host hot-adds through the human monitor:
      """
      object_add memory-backend-ram,id=m25,size=16M
      device_add nvdimm,id=nv25,memdev=m25
      """
    When the host hot-adds through the human monitor:
      """
      object_add memory-backend-ram,id=m24,size=16M
      device_add nvdimm,id=nv24,memdev=m24
      """
    Then within 10 seconds the guest lists 25 DIMMs
    And the guest's Read FIT was told the FIT changed after its first chunk, and started over
