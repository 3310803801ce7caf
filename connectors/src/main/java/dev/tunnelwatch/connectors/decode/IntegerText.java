package dev.tunnelwatch.connectors.decode;

/**
 * The spec's notion of an integer (sections 2 and 4): ASCII digits only, leading zeros allowed,
 * surrounding whitespace ignored; no sign, fraction, exponent or non-ASCII digit.
 */
public final class IntegerText {

    private IntegerText() {}

    /**
     * The canonical decimal form ({@code 07844} gives {@code 7844}), or null when the text is not
     * an integer. Digit strings of any length are accepted, so no value can overflow.
     */
    public static String canonical(String text) {
        if (text == null) {
            return null;
        }
        int start = 0;
        int end = text.length();
        while (start < end && isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return null;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        int firstSignificant = start;
        while (firstSignificant < end - 1 && text.charAt(firstSignificant) == '0') {
            firstSignificant++;
        }
        return text.substring(firstSignificant, end);
    }

    /** Whitespace as the spec defines it: space, tab, CR and LF only. */
    public static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
