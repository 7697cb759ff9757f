package dev.vnvdimm.guest.labels;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.Instantiatable;
import java.io.IOException;

/**
 * Jackson pretty printing in the layout ndctl gets from json-c's {@code JSON_C_TO_STRING_PRETTY}: two
 * spaces per level, no space around {@code :}, every member and element on its own line, the closing
 * bracket on its own line at the parent's indentation, and an empty container printed as an opening
 * bracket, a newline, the indentation and the closing bracket.
 */
final class JsonCPrettyPrinter implements PrettyPrinter, Instantiatable<JsonCPrettyPrinter> {

    private int level;

    @Override
    public JsonCPrettyPrinter createInstance() {
        return new JsonCPrettyPrinter();
    }

    private void newline(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
        for (int i = 0; i < level; i++) {
            g.writeRaw("  ");
        }
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        g.writeRaw('{');
        level++;
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        newline(g);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(':');
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        newline(g);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
        level--;
        newline(g);
        g.writeRaw('}');
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        g.writeRaw('[');
        level++;
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        newline(g);
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        newline(g);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
        level--;
        newline(g);
        g.writeRaw(']');
    }
}
