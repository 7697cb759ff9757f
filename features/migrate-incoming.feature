Feature: migrate-incoming — where a destination listens, and what a stream it cannot load leaves behind
  A management tool starts a destination with -incoming defer, sets the migration's capabilities, and only then
  says where to listen with QMP migrate-incoming: by URI, or (QEMU 9.0 and later) by a list of channels. From QEMU
  9.1 it may add exit-on-error false: a stream the destination cannot load then leaves it waiting, with
  query-migrate saying why, instead of ending the process. A listen that fails must not spoil the next one. Texts
  are QEMU 10.0's and 11.1's, measured with a guest-less QMP probe; QEMU 5.2 and 7.2 know neither argument.

  Background:
    Given the destination machine is waiting for a migration:
      """
      -machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/destination.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      -incoming defer
      """
    And a file "not-a-stream.bin" of 4 KiB that starts with "this is not a migration stream"

  Scenario: a stream the destination cannot load ends it, as a destination always did
    When the destination listens for the migration on "exec:cat {dir}/not-a-stream.bin"
    Then the destination refuses the migration

  @needs-migrate-incoming-exit-on-error
  Scenario: with exit-on-error false, a stream the destination cannot load leaves it waiting, and query-migrate says why
    When the destination is asked to listen for the migration with:
      """
      {"uri": "exec:cat {dir}/not-a-stream.bin", "exit-on-error": false}
      """
    Then QMP accepts it
    And the destination reports that its incoming migration failed
    And the destination is "inmigrate"
    When the destination is asked to listen for the migration with:
      """
      {"uri": "unix:{dir}/migration.sock"}
      """
    Then QMP refuses it with "The incoming migration has already been started"

  @needs-migrate-incoming-channels
  Scenario: a channel list names where to listen, and the migration arrives there
    Given the source machine is running:
      """
      -machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G
      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/source.img,size=256M
      -device nvdimm,id=nv1,memdev=mem1,label-size=128K
      """
    When the destination is asked to listen for the migration with:
      """
      {"channels": [{"channel-type": "main",
                     "addr": {"transport": "socket", "type": "unix", "path": "{dir}/migration.sock"}}]}
      """
    Then QMP accepts it
    When the source migrates to "unix:{dir}/migration.sock"
    Then the migration completes
    And the destination is "running"

  @needs-migrate-incoming-channels
  Scenario Outline: migrate-incoming is refused in QEMU's words — <case>
    When the destination is asked to listen for the migration with:
      """
      <arguments>
      """
    Then QMP refuses it with "<message>"

    Examples:
      | case                       | arguments                                                                                                                                                                                                  | message                                                   |
      | neither uri nor channels   | {}                                                                                                                                                                                                         | need either 'uri' or 'channels' argument                  |
      | both uri and channels      | {"uri": "unix:{dir}/a.sock", "channels": [{"channel-type": "main", "addr": {"transport": "socket", "type": "unix", "path": "{dir}/b.sock"}}]}                                                                | need either 'uri' or 'channels' argument                  |
      | two channels               | {"channels": [{"channel-type": "main", "addr": {"transport": "socket", "type": "unix", "path": "{dir}/a.sock"}}, {"channel-type": "main", "addr": {"transport": "socket", "type": "unix", "path": "{dir}/b.sock"}}]} | Channel list must have only one entry, for type 'main' |
      | a channel without its port | {"channels": [{"channel-type": "main", "addr": {"transport": "socket", "type": "inet", "host": "127.0.0.1"}}]}                                                                                                | Parameter 'channels[0].addr.port' is missing              |
      | a channel of another type  | {"channels": [{"channel-type": "data", "addr": {"transport": "socket", "type": "unix", "path": "{dir}/a.sock"}}]}                                                                                               | Parameter 'channel-type' does not accept value 'data'     |
      | exit-on-error not a bool   | {"uri": "unix:{dir}/a.sock", "exit-on-error": "no"}                                                                                                                                                        | Invalid parameter type for 'exit-on-error', expected: boolean |

  Scenario: an unknown protocol is refused in every QEMU's words
    When the destination is asked to listen for the migration with:
      """
      {"uri": "rdma-over-pigeons:x"}
      """
    Then QMP refuses it with "unknown migration protocol: rdma-over-pigeons:x"

  Scenario: a destination listens once
    When the destination is asked to listen for the migration with:
      """
      {"uri": "unix:{dir}/migration.sock"}
      """
    Then QMP accepts it
    When the destination is asked to listen for the migration with:
      """
      {"uri": "unix:{dir}/another.sock"}
      """
    Then QMP refuses it with "The incoming migration has already been started"

  @known-defect:qemu-incoming-stuck-after-failed-listen
  Scenario: a listen that fails does not spoil the next one
    When the destination is asked to listen for the migration with:
      """
      {"uri": "tcp:192.0.2.1:{port}"}
      """
    Then QMP refuses it with "Failed to bind socket: Cannot assign requested address"
    When the destination is asked to listen for the migration with:
      """
      {"uri": "unix:{dir}/migration.sock"}
      """
    Then QMP accepts it
