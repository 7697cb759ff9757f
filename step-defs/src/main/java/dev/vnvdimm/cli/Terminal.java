package dev.vnvdimm.cli;

import java.util.Map;

/**
 * Whether output is for a person at a colour terminal: a console is attached, {@code TERM} is not {@code dumb}, and
 * {@code NO_COLOR} (no-color.org) is not set. Piped or redirected output, and CI logs, stay plain.
 */
final class Terminal {
    private Terminal() {
    }

    static boolean colour() {
        return colour(System.console() != null, System.getenv());
    }

    static boolean colour(boolean console, Map<String, String> env) {
        return console && !"dumb".equals(env.get("TERM")) && !env.containsKey("NO_COLOR");
    }
}
