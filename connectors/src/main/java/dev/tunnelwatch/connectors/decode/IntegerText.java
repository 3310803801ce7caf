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
        String digits = AsciiText.strip(text);
        if (digits.isEmpty()) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        int firstSignificant = 0;
        while (firstSignificant < digits.length() - 1 && digits.charAt(firstSignificant) == '0') {
            firstSignificant++;
        }
        return digits.substring(firstSignificant);
    }
}
