package dev.vnvdimm.abi.migration;

import java.nio.ByteBuffer;

/** The MULTIFD section's payload: {@code u16 channel count | u64 session}, the session tying channels to it. */
public record MultifdSection(int channels, long session) {
    public static final int CHANNELS_OFFSET = 0;
    public static final int SESSION_OFFSET = 2;
    public static final int LENGTH = 10;

    public byte[] encode() {
        return ByteBuffer.allocate(LENGTH).putShort(CHANNELS_OFFSET, (short) channels).putLong(SESSION_OFFSET, session)
                .array();
    }

    /**
     * Reads the payload at {@code payload}'s position.
     *
     * @throws java.nio.BufferUnderflowException when the payload is too short
     */
    public static MultifdSection read(ByteBuffer payload) {
        return new MultifdSection(Short.toUnsignedInt(payload.getShort()), payload.getLong());
    }
}
