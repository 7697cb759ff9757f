package dev.vnvdimm.abi.migration;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A DEVICE_STATE section's payload, one per device with state: {@code u16 n | device id (n bytes UTF-8) |
 * the device's state} (the rest of the payload, in the device's own format).
 */
public record DeviceStateSection(String deviceId, ByteBuffer state) {
    public static final int ID_LENGTH_OFFSET = 0;
    public static final int ID_OFFSET = 2;

    public byte[] encode() {
        byte[] id = deviceId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer s = state.duplicate();
        return ByteBuffer.allocate(ID_OFFSET + id.length + s.remaining()).putShort(ID_LENGTH_OFFSET, (short) id.length)
                .put(ID_OFFSET, id).position(ID_OFFSET + id.length).put(s).array();
    }

    /** A copy of the state's bytes. */
    public byte[] stateBytes() {
        byte[] b = new byte[state.remaining()];
        state.duplicate().get(b);
        return b;
    }

    /**
     * Reads the payload at {@code payload}'s position; the state is a view of the rest of it.
     *
     * @throws java.nio.BufferUnderflowException when the payload is shorter than its device id
     */
    public static DeviceStateSection read(ByteBuffer payload) {
        byte[] id = new byte[Short.toUnsignedInt(payload.getShort())];
        payload.get(id);
        return new DeviceStateSection(new String(id, StandardCharsets.UTF_8), payload.slice());
    }
}
