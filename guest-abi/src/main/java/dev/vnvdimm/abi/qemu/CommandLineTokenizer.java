package dev.vnvdimm.abi.qemu;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a QEMU command line written as text (a scenario's doc string, a shell line) into arguments:
 * whitespace separates, single and double quotes group, a backslash escapes the next character, and a
 * backslash at the end of a line continues it. A leading {@code qemu-system-*} program name is dropped.
 */
public final class CommandLineTokenizer {
    private CommandLineTokenizer() {
    }

    public static List<String> split(String text) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    cur.append(text.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inToken = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                if (next != '\n') {
                    cur.append(next);
                    inToken = true;
                }
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    args.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
            } else {
                cur.append(c);
                inToken = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote in command line: " + text);
        }
        if (inToken) {
            args.add(cur.toString());
        }
        if (!args.isEmpty() && args.get(0).matches(".*qemu-system-\\S+")) {
            args.remove(0);
        }
        return args;
    }
}
