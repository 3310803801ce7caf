package dev.tunnelwatch.job.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.connectors.decode.DecodeLimits;
import dev.tunnelwatch.connectors.decode.RecordDecoder;
import dev.tunnelwatch.connectors.record.DecodeResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeShiftTest {

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private static String shift(long delta, String text) {
        return new TimeShift(delta).apply(text);
    }

    // ---- the four encodings ----

    @Test
    void xmlSystemTimeAttributeAndUtcTimeDataCrossTheYear() {
        String in = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                + "<TimeCreated SystemTime='2026-12-31T23:59:59.9999999Z'/></System><EventData>"
                + "<Data Name='UtcTime'>2026-12-31 23:59:59.999</Data><Data Name='DestinationPort'>7844</Data>"
                + "</EventData></Event>";
        assertThat(shift(1, in)).isEqualTo("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                + "<TimeCreated SystemTime='2027-01-01T00:00:00.0009999Z'/></System><EventData>"
                + "<Data Name='UtcTime'>2027-01-01 00:00:00.000</Data><Data Name='DestinationPort'>7844</Data>"
                + "</EventData></Event>");
    }

    @Test
    void winlogbeatTimestampAndUtcTimeCrossTheMonth() {
        String in = "{\"@timestamp\": \"2026-01-31T23:30:00.123Z\", \"winlog\": {\"event_id\": \"3\", "
                + "\"event_data\": {\"UtcTime\": \"2026-01-31 23:30:00.123\", \"DestinationPort\": \"7844\"}}}";
        assertThat(shift(45 * MINUTE, in)).isEqualTo(
                "{\"@timestamp\": \"2026-02-01T00:15:00.123Z\", \"winlog\": {\"event_id\": \"3\", "
                + "\"event_data\": {\"UtcTime\": \"2026-02-01 00:15:00.123\", \"DestinationPort\": \"7844\"}}}");
    }

    @Test
    void flatJsonTimeCreatedWithOffsetIntoALeapDay() {
        String in = "{\"EventID\": 3, \"TimeCreated\": \"2024-02-28T23:00:00+05:30\", "
                + "\"EventTime\": \"2024-02-28 23:00:00\", \"UtcTime\": \"2024-02-28 17:30:00.5\"}";
        assertThat(shift(2 * HOUR, in)).isEqualTo("{\"EventID\": 3, \"TimeCreated\": \"2024-02-29T01:00:00+05:30\", "
                + "\"EventTime\": \"2024-02-29 01:00:00\", \"UtcTime\": \"2024-02-28 19:30:00.5\"}");
    }

    @Test
    void cimEpochNumber() {
        assertThat(shift(HOUR, "{\"_time\": 1764590400, \"dest_port\": 7844, \"src_port\": 1764590400}"))
                .isEqualTo("{\"_time\": 1764594000, \"dest_port\": 7844, \"src_port\": 1764590400}");
        assertThat(shift(-DAY, "{\"_time\":1764590400}")).isEqualTo("{\"_time\":1764504000}");
    }

    @Test
    void cimEpochNumberWithFractionKeepsItsDigits() {
        assertThat(shift(1, "{\"_time\": 1764590400.120}")).isEqualTo("{\"_time\": 1764590400.121}");
        assertThat(shift(1, "{\"_time\": 1764590400.123456789}")).isEqualTo("{\"_time\": 1764590400.124456789}");
        // one digit: truncated toward the past, like every time
        assertThat(shift(250, "{\"_time\": 1764590400.5}")).isEqualTo("{\"_time\": 1764590400.7}");
        assertThat(shift(-1, "{\"_time\": 1764590400.5}")).isEqualTo("{\"_time\": 1764590400.4}");
        // no fraction: whole seconds, truncated toward the past
        assertThat(shift(1999, "{\"_time\": 1764590400}")).isEqualTo("{\"_time\": 1764590401}");
        assertThat(shift(-1, "{\"_time\": 1764590400}")).isEqualTo("{\"_time\": 1764590399}");
    }

    @Test
    void cimEpochStringWithFraction() {
        assertThat(shift(-1500, "{\"_time\": \"1764590400.123\", \"dest_port\": 7844}"))
                .isEqualTo("{\"_time\": \"1764590398.623\", \"dest_port\": 7844}");
        assertThat(shift(SECOND, "{\"_time\" : \" 1764590400 \"}")).isEqualTo("{\"_time\" : \" 1764590401 \"}");
        assertThat(shift(SECOND, "{\"_time\": \"0001764590400\"}")).isEqualTo("{\"_time\": \"0001764590401\"}");
    }

    @Test
    void cimPrefixedEpochTime() {
        assertThat(shift(250, "{\"All_Traffic._time\": \"1764590400.5\", \"All_Traffic.dest_port\": 7844}"))
                .isEqualTo("{\"All_Traffic._time\": \"1764590400.7\", \"All_Traffic.dest_port\": 7844}");
    }

    @Test
    void cimIsoTimeBackwardsAcrossDayAndMonth() {
        assertThat(shift(-13 * HOUR, "{\"_time\": \"2026-12-01T12:14:00Z\", \"dest_port\": 7844}"))
                .isEqualTo("{\"_time\": \"2026-11-30T23:14:00Z\", \"dest_port\": 7844}");
    }

    // ---- forms ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-06-15T10:00:00.1Z          | 2026-06-15T10:00:01.3Z",
            "2026-06-15T10:00:00.123Z        | 2026-06-15T10:00:01.357Z",
            "2026-06-15T10:00:00.1234567Z    | 2026-06-15T10:00:01.3574567Z",
            "2026-06-15T10:00:00.123456789Z  | 2026-06-15T10:00:01.357456789Z",
            "2026-06-15 10:00:00             | 2026-06-15 10:00:01",
            "2026-06-15 10:00:00.12          | 2026-06-15 10:00:01.35",
            "2026-06-15T10:00:00+05:30       | 2026-06-15T10:00:01+05:30",
            "2026-06-15T10:00:00.123-08:00   | 2026-06-15T10:00:01.357-08:00",
            "2026-06-15 10:00:00.123456+00:00 | 2026-06-15 10:00:01.357456+00:00",
    })
    void fractionLengthSeparatorAndZoneAreKept(String in, String out) {
        assertThat(shift(1234, in)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2027-01-01 00:00:00.000        | 2026-12-31 23:59:59.999",
            "2027-01-01T00:00:00.0000000Z   | 2026-12-31T23:59:59.9990000Z",
            "2026-06-15T10:00:00.5Z         | 2026-06-15T10:00:00.4Z",
            "2026-06-15T10:00:00Z           | 2026-06-15T09:59:59Z",
            "2026-03-01T00:00:00.000000001Z | 2026-02-28T23:59:59.999000001Z",
    })
    void negativeDeltasTruncateTowardThePast(String in, String out) {
        assertThat(shift(-1, in)).isEqualTo(out);
    }

    @Test
    void largeShiftsAcrossYearsAndLeapDays() {
        assertThat(shift(366 * DAY, "2024-01-01T00:00:00Z")).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(shift(365 * DAY, "2023-03-01 12:00:00")).isEqualTo("2024-02-29 12:00:00");
        assertThat(shift(-(3 * 365 + 1) * DAY, "2027-02-28T08:00:00.000Z")).isEqualTo("2024-02-28T08:00:00.000Z");
    }

    @Test
    void everyTimestampOfALineMovesTogether() {
        String in = "a 2026-12-01 12:00:00 b 2026-12-01T12:30:00.000Z c {\"_time\": 1764590400} d";
        assertThat(shift(-12 * HOUR - 1, in))
                .isEqualTo("a 2026-11-30 23:59:59 b 2026-12-01T00:29:59.999Z c {\"_time\": 1764547199} d");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-13-01 10:00:00",              // month 13
            "2026-00-10 10:00:00",              // month 0
            "2026-02-30T10:00:00Z",             // no such day
            "2025-02-29T10:00:00Z",             // not a leap year
            "2026-06-15T24:00:00Z",             // hour 24
            "2026-06-15T10:60:00Z",             // minute 60
            "2026-06-15T10:00:60Z",             // leap second
            "12026-06-15T10:00:00Z",            // glued to a digit before
            "2026-06-15T10:00:001",             // glued to a digit after
            "2026-06-15T10:00:00.1234567890Z",  // fraction of ten digits
            "2026-6-15 10:00:00",               // one-digit month
            "2026-06-15/10:00:00",              // other separator
            "2026-06-15T10:00",                 // no seconds
            "20260615T100000Z",                 // basic format
            "{\"_time\": \"abc\"}",
            "{\"_time\": 1.7645904E9}",
            "{\"_time\": -5}",
            "{\"_time\": \"12.\"}",
            "{\"other_time\": 1764590400, \"time\": 1764590400, \"_time_x\": 1}",
            "<Data Name='UtcTime'>&#50;026-06-15 10:00:00</Data>",  // escaped: only literal text is read
    })
    void textThatOnlyLooksLikeATimeIsLeftAlone(String text) {
        assertThat(shift(HOUR, text)).isSameAs(text);
    }

    @Test
    void whatFollowsTheSecondsIsKeptAsItIs() {
        assertThat(shift(HOUR, "2026-06-15T10:00:00.")).isEqualTo("2026-06-15T11:00:00.");
        assertThat(shift(HOUR, "\"2026-06-15T10:00:00\\u005A\"")).isEqualTo("\"2026-06-15T11:00:00\\u005A\"");
        assertThat(shift(HOUR, "2026-06-15T10:00:00+0530")).isEqualTo("2026-06-15T11:00:00+0530");
    }

    @Test
    void resultsOutsideFourDigitYearsOrBelowEpochZeroAreLeftAlone() {
        assertThat(shift(SECOND, "9999-12-31T23:59:59Z")).isEqualTo("9999-12-31T23:59:59Z");
        assertThat(shift(-SECOND, "0000-01-01T00:00:00Z")).isEqualTo("0000-01-01T00:00:00Z");
        assertThat(shift(-10 * SECOND, "{\"_time\": 5}")).isEqualTo("{\"_time\": 5}");
        assertThat(shift(-1, "1970-01-01T00:00:00Z")).isEqualTo("1969-12-31T23:59:59Z");
    }

    @Test
    void zeroDeltaReturnsTheSameInstances() {
        String text = "2026-06-15T10:00:00Z";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(new TimeShift(0).apply(text)).isSameAs(text);
        assertThat(new TimeShift(0).apply(bytes)).isSameAs(bytes);
        byte[] noTime = "{\"a\": 1}".getBytes(StandardCharsets.UTF_8);
        assertThat(new TimeShift(HOUR).apply(noTime)).isSameAs(noTime);
    }

    @Test
    void bytesOutsideTheTimesAreKeptExactlyEvenInvalidUtf8() throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xFF, (byte) 0xC3});
        in.write("{\"Image\": \"C:\\\\Temp\\\\é.exe\", \"UtcTime\": \"2026-06-15 10:00:00.000\"}\r"
                .getBytes(StandardCharsets.UTF_8));
        in.write(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xFF, (byte) 0xC3});
        out.write("{\"Image\": \"C:\\\\Temp\\\\é.exe\", \"UtcTime\": \"2026-06-15 11:00:00.000\"}\r"
                .getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        assertThat(new TimeShift(HOUR).apply(in.toByteArray())).isEqualTo(out.toByteArray());
    }

    @Test
    void movingComputesTheDelta() {
        long earliest = Instant.parse("2026-12-01T12:10:00Z").toEpochMilli();
        long target = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();
        TimeShift shift = TimeShift.moving(earliest, target);
        assertThat(shift.deltaMillis()).isEqualTo(97_329_000_000L); // 1126 days 11:50
        assertThat(shift.apply("<TimeCreated SystemTime='2026-12-01T12:10:00.1234567Z'/>"
                        + "<Data Name='UtcTime'>2026-12-01 12:15:00.000</Data>"))
                .isEqualTo("<TimeCreated SystemTime='2030-01-01T00:00:00.1234567Z'/>"
                        + "<Data Name='UtcTime'>2030-01-01 00:05:00.000</Data>");
        assertThat(shift.apply("{\"@timestamp\": \"2026-12-01T12:10:01.5550000Z\", \"EventTime\": \"2026-12-01 13:10:02\"}"))
                .isEqualTo("{\"@timestamp\": \"2030-01-01T00:00:01.5550000Z\", \"EventTime\": \"2030-01-01 01:00:02\"}");
    }

    /** On the bundled mixed-encoding file, the job reads every shifted event exactly delta later. */
    @Test
    void theDecoderSeesEveryEventMovedByTheDelta() throws Exception {
        Path file = Path.of(System.getProperty("tunnelwatch.home", ".."), "testdata", "events", "encodings-mixed.log");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        RecordDecoder decoder = new RecordDecoder(DecodeLimits.defaults());
        // whole seconds: some of these times have no fraction, and a shorter field truncates the delta
        long delta = -(400 * DAY + 7 * HOUR + 3 * MINUTE + 4 * SECOND);
        TimeShift shift = new TimeShift(delta);
        int decoded = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            DecodeResult before = decoder.decode(bytes);
            DecodeResult after = decoder.decode(shift.apply(bytes));
            assertThat(before).isInstanceOf(DecodeResult.Decoded.class);
            assertThat(((DecodeResult.Decoded) after).event().eventTime())
                    .isEqualTo(((DecodeResult.Decoded) before).event().eventTime() + delta);
            decoded++;
        }
        assertThat(decoded).isEqualTo(6);
    }
}
