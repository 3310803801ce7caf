package dev.tunnelwatch.connectors.decode;

/**
 * Parses the spec's timestamps (section 3) into epoch milliseconds, truncated toward the past,
 * without java.time's leniency: ASCII digits only, RFC 3339 clock ranges, no leap second.
 */
public final class EventTimes {

    /** The text is not a timestamp in an accepted form. */
    public static final long UNPARSABLE = Long.MIN_VALUE;
    /** The text is a timestamp, but outside 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z. */
    public static final long OUT_OF_RANGE = Long.MIN_VALUE + 1;

    /** 9999-12-31T23:59:59.999Z. */
    public static final long MAX_MILLIS = 253_402_300_799_999L;

    private static final long MAX_EPOCH_SECONDS = MAX_MILLIS / 1000;

    private EventTimes() {}

    /** True for a result that is a usable time. */
    public static boolean isUsable(long parsed) {
        return parsed != UNPARSABLE && parsed != OUT_OF_RANGE;
    }

    /**
     * {@code yyyy-MM-dd[ T]HH:mm:ss[.f{1,9}][Z|+hh:mm|-hh:mm]}, surrounding whitespace ignored,
     * no zone meaning UTC.
     */
    public static long parseTimestamp(String text) {
        if (text == null) {
            return UNPARSABLE;
        }
        String s = AsciiText.strip(text);
        int n = s.length();
        if (n < 19
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || (s.charAt(10) != ' ' && s.charAt(10) != 'T')
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return UNPARSABLE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return UNPARSABLE;
        }
        int i = 19;
        int millis = 0;
        if (i < n && s.charAt(i) == '.') {
            int fractionStart = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            int fractionDigits = i - fractionStart;
            if (fractionDigits < 1 || fractionDigits > 9) {
                return UNPARSABLE;
            }
            for (int k = 0; k < 3; k++) {
                millis = millis * 10 + (k < fractionDigits ? s.charAt(fractionStart + k) - '0' : 0);
            }
        }
        int offsetMinutes = 0;
        if (i < n) {
            char z = s.charAt(i);
            if (z == 'Z' && i + 1 == n) {
                i++;
            } else if ((z == '+' || z == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
                int oh = digits(s, i + 1, i + 3);
                int om = digits(s, i + 4, i + 6);
                if (oh < 0 || oh > 23 || om < 0 || om > 59) {
                    return UNPARSABLE;
                }
                offsetMinutes = (oh * 60 + om) * (z == '+' ? 1 : -1);
                i = n;
            } else {
                return UNPARSABLE;
            }
        }
        long epochDay = epochDay(year, month, day);
        long seconds = epochDay * 86_400L + hour * 3_600L + minute * 60L + second - offsetMinutes * 60L;
        long result = seconds * 1000 + millis;
        return result < 0 || result > MAX_MILLIS ? OUT_OF_RANGE : result;
    }

    /**
     * Epoch seconds as CIM {@code _time} may carry them: ASCII digits with an optional fraction,
     * surrounding whitespace ignored; truncated to milliseconds.
     */
    public static long parseEpochSeconds(String text) {
        if (text == null) {
            return UNPARSABLE;
        }
        text = AsciiText.strip(text);
        int end = text.length();
        int dot = text.indexOf('.');
        int intEnd = dot >= 0 ? dot : end;
        if (intEnd == 0) {
            return UNPARSABLE;
        }
        for (int i = 0; i < end; i++) {
            if (i != dot && !isDigit(text.charAt(i))) {
                return UNPARSABLE;
            }
        }
        if (intEnd < end && intEnd + 1 == end) {
            return UNPARSABLE; // "12." has no fraction digits
        }
        int firstSignificant = 0;
        while (firstSignificant < intEnd - 1 && text.charAt(firstSignificant) == '0') {
            firstSignificant++;
        }
        if (intEnd - firstSignificant > 12) {
            return OUT_OF_RANGE;
        }
        long seconds = Long.parseLong(text, firstSignificant, intEnd, 10);
        if (seconds > MAX_EPOCH_SECONDS) {
            return OUT_OF_RANGE;
        }
        int millis = 0;
        for (int k = 0; k < 3; k++) {
            int p = intEnd + 1 + k;
            millis = millis * 10 + (p < end ? text.charAt(p) - '0' : 0);
        }
        return seconds * 1000 + millis;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The value of the ASCII digits in [from, to), or -1 when any is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isLeap(int year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 in the proleptic Gregorian calendar (year 0 included). */
    private static long epochDay(int year, int month, int day) {
        return java.time.LocalDate.of(year, month, day).toEpochDay();
    }
}
