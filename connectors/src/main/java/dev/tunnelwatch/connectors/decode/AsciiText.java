package dev.tunnelwatch.connectors.decode;

/**
 * Text rules as the spec defines them. Whitespace is space, tab, CR and LF only; case folding
 * touches ASCII letters only. {@code String.equalsIgnoreCase} would
 * also fold {@code ſ} to {@code s} and {@code ı} to {@code i}, letting a look-alike provider pass.
 */
public final class AsciiText {

    private AsciiText() {}

    /** Whitespace as the spec defines it: space, tab, CR and LF only. */
    public static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** The text without surrounding spec whitespace. */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    public static boolean equalsIgnoreCase(String a, String b) {
        if (a == null || b == null || a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (toLower(a.charAt(i)) != toLower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static String toLowerCase(String s) {
        char[] chars = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (chars == null) {
                    chars = s.toCharArray();
                }
                chars[i] = toLower(c);
            }
        }
        return chars == null ? s : new String(chars);
    }

    private static char toLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
