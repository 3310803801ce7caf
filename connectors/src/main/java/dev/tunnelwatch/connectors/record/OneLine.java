package dev.tunnelwatch.connectors.record;

/**
 * An exception's message as one line, for dead letters, audit lines and command-line errors: parsers
 * and clients write several lines (a message, then the input's context), and every output here is
 * one line per record or error.
 */
public final class OneLine {

    private OneLine() {}

    /** The first non-blank line of {@code message}, or {@code whenNone} when it has none (or is null). */
    public static String of(String message, String whenNone) {
        if (message == null) {
            return whenNone;
        }
        for (String line : message.split("\\R")) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return whenNone;
    }
}
