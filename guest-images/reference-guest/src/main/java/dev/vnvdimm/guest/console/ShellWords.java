package dev.vnvdimm.guest.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a console command line into words as a POSIX shell does for the simple commands the guest runs:
 * blanks separate, '...' quotes literally, "..." quotes with backslash escapes, a backslash outside quotes
 * escapes the next character. No expansion, pipes or redirection.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /** @throws IllegalArgumentException on an unterminated quote, with the shell's words */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else if (c == '\'' || c == '"') {
                int close = i + 1;
                while (close < line.length() && line.charAt(close) != c) {
                    if (c == '"' && line.charAt(close) == '\\' && close + 1 < line.length()) {
                        word.append(line.charAt(++close));
                    } else {
                        word.append(line.charAt(close));
                    }
                    close++;
                }
                if (close >= line.length()) {
                    throw new IllegalArgumentException("Syntax error: Unterminated quoted string");
                }
                i = close;
            } else {
                word.append(c);
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
