package dev.vnvdimm.emulator.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One QMP command: its arguments in, its {@code return} value out, or a {@link QmpError}. */
@FunctionalInterface
public interface QmpCommand {
    JsonNode execute(ObjectNode arguments) throws QmpError;
}
