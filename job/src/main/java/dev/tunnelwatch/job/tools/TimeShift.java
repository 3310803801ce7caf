package dev.tunnelwatch.job.tools;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves every timestamp in a record by a fixed number of milliseconds, keeping its exact text
 * form, so that a recorded dataset can be replayed as if it happened at another time. Pure text
 * rewriting: it does not decode the record, so it works the same on every encoding and on records
 * the job would dead-letter.
 *
 * <p>What is rewritten, anywhere in the record:
 * <ul>
 *   <li>timestamp strings of the spec's form (section 3):
 *       {@code yyyy-MM-dd[ T]HH:mm:ss[.f{1,9}]}, then whatever follows ({@code Z}, {@code +hh:mm},
 *       {@code -hh:mm} or nothing) is kept as it is. Shifting a wall-clock time in a fixed offset
 *       by a duration is the same as shifting the instant, so the zone needs no reading. The
 *       separator ({@code T} or space) and the number of fraction digits are kept; digits below
 *       the millisecond are kept as they were; a fraction shorter than three digits (or none) is
 *       truncated toward the past, as the job truncates times. Not rewritten: text with an
 *       invalid date or clock ({@code 2026-13-01}, {@code 24:00:00}, {@code 02-30}, leap second
 *       {@code :60}), text glued to more digits ({@code 12026-...}, {@code ...:001}), a fraction
 *       of more than nine digits, and a timestamp whose shifted year would leave 0000..9999.</li>
 *   <li>CIM epoch times: the value of a JSON key {@code "_time"} or {@code "All_Traffic._time"}
 *       that is a number or a string of ASCII digits with an optional fraction
 *       ({@code "_time": 1764590400}, {@code "_time": " 1764590400.123"}). The number of fraction
 *       digits is kept (truncated toward the past when under three), as are surrounding spaces
 *       inside the string. A negative result is left unshifted.</li>
 * </ul>
 * Only literal ASCII text is recognised: a timestamp written with JSON escapes or XML character
 * references is left alone. Bytes are processed one byte to one char (ISO-8859-1), so any input,
 * invalid UTF-8 included, comes back byte for byte except for the rewritten digits.
 */
public final class TimeShift {

    /** A spec timestamp, not glued to further digits; the fraction, when present, has 1-9 digits. */
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})([ T])([0-9]{2}):([0-9]{2}):([0-9]{2})"
                    + "(?:\\.([0-9]{1,9}))?(?![0-9]|\\.[0-9])");

    /** A CIM epoch {@code _time}: a JSON number, or a string of digits with an optional fraction. */
    private static final Pattern EPOCH = Pattern.compile(
            "\"(?:All_Traffic\\.)?_time\"[ \\t\\r\\n]*:[ \\t\\r\\n]*"
                    + "(?:([0-9]+(?:\\.[0-9]+)?)(?![0-9.eE])"
                    + "|\"[ \\t\\r\\n]*([0-9]+(?:\\.[0-9]+)?)[ \\t\\r\\n]*\")");

    private final long deltaMillis;

    /** @param deltaMillis how far to move every time: positive is later, negative earlier */
    public TimeShift(long deltaMillis) {
        this.deltaMillis = deltaMillis;
    }

    /** The shift that moves {@code earliestMillis} to {@code targetMillis}. */
    public static TimeShift moving(long earliestMillis, long targetMillis) {
        return new TimeShift(Math.subtractExact(targetMillis, earliestMillis));
    }

    public long deltaMillis() {
        return deltaMillis;
    }

    /** The record with its times shifted; the same array when nothing changed. */
    public byte[] apply(byte[] record) {
        if (deltaMillis == 0) {
            return record;
        }
        String text = new String(record, StandardCharsets.ISO_8859_1);
        String shifted = apply(text);
        return shifted == text ? record : shifted.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The text with its times shifted; the same instance when nothing changed. */
    public String apply(String text) {
        if (deltaMillis == 0) {
            return text;
        }
        String out = replace(text, TIMESTAMP, this::shiftTimestamp);
        return replace(out, EPOCH, this::shiftEpoch);
    }

    private interface Rewrite {
        /** The new text of the match's rewritten region, or null to leave the match alone. */
        Replacement of(Matcher m);
    }

    /** Replace [start, end) of the input with text. */
    private record Replacement(int start, int end, String text) {}

    private static String replace(String text, Pattern pattern, Rewrite rewrite) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            Replacement r = rewrite.of(m);
            if (r == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16);
            }
            out.append(text, copied, r.start()).append(r.text());
            copied = r.end();
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    private Replacement shiftTimestamp(Matcher m) {
        String fraction = m.group(8);
        int nanos = 0;
        if (fraction != null) {
            nanos = Integer.parseInt(fraction) * (int) Math.pow(10, 9 - fraction.length());
        }
        LocalDateTime time;
        try {
            time = LocalDateTime.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)),
                    nanos);
        } catch (DateTimeException invalid) {
            return null;
        }
        LocalDateTime shifted = time.plus(deltaMillis, ChronoUnit.MILLIS);
        if (shifted.getYear() < 0 || shifted.getYear() > 9999) {
            return null;
        }
        StringBuilder s = new StringBuilder(29);
        pad(s, shifted.getYear(), 4).append('-');
        pad(s, shifted.getMonthValue(), 2).append('-');
        pad(s, shifted.getDayOfMonth(), 2).append(m.group(4));
        pad(s, shifted.getHour(), 2).append(':');
        pad(s, shifted.getMinute(), 2).append(':');
        pad(s, shifted.getSecond(), 2);
        if (fraction != null) {
            StringBuilder nine = pad(new StringBuilder(9), shifted.getNano(), 9);
            s.append('.').append(nine, 0, fraction.length());
        }
        return new Replacement(m.start(), m.end(), s.toString());
    }

    private Replacement shiftEpoch(Matcher m) {
        int group = m.group(1) != null ? 1 : 2;
        String value = m.group(group);
        int dot = value.indexOf('.');
        int scale = dot < 0 ? 0 : value.length() - dot - 1;
        BigDecimal shifted = new BigDecimal(value)
                .add(BigDecimal.valueOf(deltaMillis, 3))
                .setScale(scale, RoundingMode.FLOOR);
        if (shifted.signum() < 0) {
            return null;
        }
        String text = shifted.toPlainString();
        int intDigits = dot < 0 ? value.length() : dot;
        if (value.charAt(0) == '0' && intDigits > 1) {
            int newIntDigits = text.indexOf('.') < 0 ? text.length() : text.indexOf('.');
            text = "0".repeat(Math.max(0, intDigits - newIntDigits)) + text;
        }
        return new Replacement(m.start(group), m.end(group), text);
    }

    private static StringBuilder pad(StringBuilder s, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            s.append('0');
        }
        return s.append(digits);
    }
}
