package dev.tunnelwatch.connectors.decode;

import static dev.tunnelwatch.connectors.decode.EventTimes.OUT_OF_RANGE;
import static dev.tunnelwatch.connectors.decode.EventTimes.UNPARSABLE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec section 3, "Times". */
class EventTimesTest {

    /** 2024-05-01T12:00:00Z. */
    private static final long NOON = 1_714_564_800_000L;
    private static final long MAX = 253_402_300_799_999L;

    @Test
    void maxConstantIsTheLastMillisecondOfYear9999() {
        assertThat(EventTimes.MAX_MILLIS).isEqualTo(MAX);
        assertThat(EventTimes.isUsable(0)).isTrue();
        assertThat(EventTimes.isUsable(MAX)).isTrue();
        assertThat(EventTimes.isUsable(UNPARSABLE)).isFalse();
        assertThat(EventTimes.isUsable(OUT_OF_RANGE)).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "2024-05-01 12:00:00|1714564800000",
        "2024-05-01T12:00:00|1714564800000",
        "2024-05-01T12:00:00Z|1714564800000",
        "2024-05-01 12:00:00Z|1714564800000",
        "2024-05-01 12:00:00.123|1714564800123",
        "2024-05-01T12:00:00.1Z|1714564800100",
        "2024-05-01T12:00:00.12Z|1714564800120",
        "2024-05-01T12:00:00.123Z|1714564800123",
        "2024-05-01T12:00:00.1239Z|1714564800123",
        "2024-05-01T12:00:00.999999999Z|1714564800999",
        "2024-05-01T12:00:00.9999999Z|1714564800999",
        "2024-05-01T12:00:00.9999999|1714564800999",
        "2024-05-01T12:00:00.000000001Z|1714564800000",
        "2024-05-01T14:00:00+02:00|1714564800000",
        "2024-05-01T14:00:00.5+02:00|1714564800500",
        "2024-05-01T10:30:00-01:30|1714564800000",
        "2024-05-01T12:00:00+00:00|1714564800000",
        "2024-05-01T12:00:00-00:00|1714564800000",
        "2024-05-02T01:59:00+13:59|1714564800000",
        "2024-02-29T00:00:00Z|1709164800000",
        "2000-02-29T00:00:00Z|951782400000",
        "2024-12-31T23:59:59.999Z|1735689599999",
        "1970-01-01T00:00:00Z|0",
        "1970-01-01 00:00:00|0",
        "1970-01-01T00:00:00.000999Z|0",
        "1970-01-01T01:00:00+01:00|0",
        "1969-12-31T23:00:00-01:00|0",
        "9999-12-31T23:59:59.999Z|253402300799999",
        "9999-12-31T23:59:59.999999999Z|253402300799999",
        "9999-12-31T23:59:59.999|253402300799999",
        "2022-09-15T12:56:22.958249300Z|1663246582958",
        "2019-03-18 16:57:47.847|1552928267847",
    })
    void parsesTimestamps(String text, long expected) {
        assertThat(EventTimes.parseTimestamp(text)).isEqualTo(expected);
    }

    @Test
    void surroundingSpecWhitespaceIsIgnored() {
        assertThat(EventTimes.parseTimestamp("  2024-05-01T12:00:00Z  ")).isEqualTo(NOON);
        assertThat(EventTimes.parseTimestamp("\t\r\n2024-05-01 12:00:00.123\r\n\t")).isEqualTo(NOON + 123);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is unparsable")
    @ValueSource(strings = {
        "",
        " ",
        "2024-05-01T12:00:00z",          // lowercase z
        "2024-05-01t12:00:00Z",          // lowercase t
        "2024-05-01  12:00:00",          // two spaces
        "2024-05-01_12:00:00",
        "2024-05-01T24:00:00Z",          // hour 24
        "2024-05-01T23:60:00Z",          // minute 60
        "2024-05-01T23:59:60Z",          // leap second
        "2016-12-31T23:59:60Z",          // a real leap second is still refused
        "2023-02-29T00:00:00Z",          // not a leap year
        "1900-02-29T00:00:00Z",          // century, not a leap year
        "2100-02-29T00:00:00Z",
        "2024-02-30T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-00-10T00:00:00Z",
        "2024-13-10T00:00:00Z",
        "2024-05-00T00:00:00Z",
        "2024-05-32T00:00:00Z",
        "2024-05-01T12:00:00.1234567890Z", // 10 fraction digits
        "2024-05-01T12:00:00.Z",          // no fraction digit
        "2024-05-01T12:00:00.",
        "2024-05-01T12:00:00,123Z",      // comma
        "2024-05-01T12:00Z",             // no seconds
        "2024-05-01T12:00",
        "2024-05-01",
        "2024-5-01T12:00:00Z",
        "2024-05-1T12:00:00Z",
        "24-05-01T12:00:00Z",
        "+2024-05-01T12:00:00Z",
        "10000-01-01T00:00:00Z",
        "2024-05-01T12:00:00+0200",
        "2024-05-01T12:00:00+02",
        "2024-05-01T12:00:00+2:00",
        "2024-05-01T12:00:00 +02:00",
        "2024-05-01T12:00:00 Z",
        "2024-05-01T12:00:00UTC",
        "2024-05-01T12:00:00+02:00Z",
        "2024-05-01T12:00:00Zx",
        "2024-05-01T12:00:00+02:60",
        "2024-05-01T12:00:00.123+02:00:00",
        "\u0662\u0660\u0662\u0664-05-01T12:00:00Z",   // Arabic-Indic year digits
        "\uFF12\uFF10\uFF12\uFF14-05-01T12:00:00Z",   // fullwidth year digits
        "2024-05-01T12:00:0\u0665Z",                  // Arabic-Indic 5 in the seconds
        "2024-05-01T12:00:00.\u0661\u0662\u0663Z",    // Arabic-Indic fraction digits
        "2024-05-01T12:00:00+\u0660\u0662:00",        // Arabic-Indic offset digits
        "\u00A02024-05-01T12:00:00Z",                 // no-break space is not whitespace
        "2024-05-01T12:00:00Z\u00A0",
        "\uFEFF2024-05-01T12:00:00Z",
        "1700000000",                                 // epoch seconds are not a timestamp
        "not a time",
    })
    void unparsable(String text) {
        assertThat(EventTimes.parseTimestamp(text)).isEqualTo(UNPARSABLE);
    }

    @Test
    void nullIsUnparsable() {
        assertThat(EventTimes.parseTimestamp(null)).isEqualTo(UNPARSABLE);
        assertThat(EventTimes.parseEpochSeconds(null)).isEqualTo(UNPARSABLE);
    }

    @ParameterizedTest(name = "[{index}] {0} is out of range")
    @ValueSource(strings = {
        "1969-12-31T23:59:59.999Z",
        "1969-12-31T23:59:59.999999999Z",
        "1969-12-31 23:59:59",
        "1970-01-01T00:59:59.999+01:00",
        "1970-01-01T00:00:00+00:01",
        "0000-01-01T00:00:00Z",
        "0001-01-01 00:00:00.000",
        "1601-01-01T00:00:00Z",
        "9999-12-31 23:30:00-01:00",
        "9999-12-31T23:59:59-00:01",
    })
    void outOfRange(String text) {
        assertThat(EventTimes.parseTimestamp(text)).isEqualTo(OUT_OF_RANGE);
    }

    @ParameterizedTest(name = "[{index}] epoch \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "1700000000|1700000000000",
        "1700000000.9999|1700000000999",
        "1700000000.5|1700000000500",
        "1700000000.05|1700000000050",
        "1700000000.000000000000000000009|1700000000000",
        "\" 1700000000 \"|1700000000000",
        "00001700000000|1700000000000",
        "0000000000000000000000000001|1000",
        "0|0",
        "0.0009|0",
        "253402300799|253402300799000",
        "253402300799.999|253402300799999",
        "253402300799.99999999|253402300799999",
    })
    void parsesEpochSeconds(String text, long expected) {
        assertThat(EventTimes.parseEpochSeconds(text)).isEqualTo(expected);
    }

    @Test
    void epochSurroundingSpecWhitespaceIsIgnored() {
        assertThat(EventTimes.parseEpochSeconds("\t\r\n1700000000.25\n")).isEqualTo(1_700_000_000_250L);
    }

    @ParameterizedTest(name = "[{index}] epoch \"{0}\" is unparsable")
    @ValueSource(strings = {
        "-1", "+1", "1e9", "1E9", "1.7e9", "12.", ".5", "", " ", "1.2.3", "0x10", "17 00", "1,5",
        "1700000000.5Z", "NaN", "Infinity",
        "\u0661\u0667\u0660\u0660",              // Arabic-Indic digits
        "\uFF11\uFF17\uFF10\uFF10",              // fullwidth digits
        "\u00A01700000000",
        "2024-05-01T12:00:00Z",
    })
    void epochUnparsable(String text) {
        assertThat(EventTimes.parseEpochSeconds(text)).isEqualTo(UNPARSABLE);
    }

    @ParameterizedTest(name = "[{index}] epoch {0} is out of range")
    @ValueSource(strings = {
        "253402300800",
        "253402300800.0",
        "1000000000000",
        "99999999999999999999",
        "99999999999999999999999999999999999999999999999999.5",
        "9223372036854775807",
        "9223372036854775808",
    })
    void epochOutOfRange(String text) {
        assertThat(EventTimes.parseEpochSeconds(text)).isEqualTo(OUT_OF_RANGE);
    }
}
