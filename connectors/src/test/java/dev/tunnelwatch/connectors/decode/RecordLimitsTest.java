package dev.tunnelwatch.connectors.decode;

import static dev.tunnelwatch.connectors.decode.Decoding.*;
import static dev.tunnelwatch.connectors.record.DeadLetterReason.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelwatch.connectors.file.EventFileFormat;
import dev.tunnelwatch.connectors.record.DeadLetterReason;
import dev.tunnelwatch.connectors.record.DecodeResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limits of spec section 7 beyond size and depth: number of fields, length of a field, and
 * the event-time range. Each at its boundary: exactly at the limit is accepted, one beyond is a
 * dead letter naming the limit.
 */
class RecordLimitsTest {

    /** The decoding machine's clock in these tests. */
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static DecodeLimits fields(int maxFields) {
        DecodeLimits d = DecodeLimits.defaults();
        return new DecodeLimits(d.maxRecordBytes(), d.maxJsonDepth(), d.maxXmlDepth(), maxFields, d.maxFieldChars(),
                d.minEventTimeMillis(), d.maxEventTimeAheadMillis());
    }

    static DecodeLimits chars(int maxFieldChars) {
        DecodeLimits d = DecodeLimits.defaults();
        return new DecodeLimits(d.maxRecordBytes(), d.maxJsonDepth(), d.maxXmlDepth(), d.maxFields(), maxFieldChars,
                d.minEventTimeMillis(), d.maxEventTimeAheadMillis());
    }

    static DecodeResult decodeWith(DecodeLimits limits, String record) {
        return new RecordDecoder(limits, CLOCK).decode(record.getBytes(UTF_8));
    }

    static DeadLetterReason rejectedWith(DecodeLimits limits, String record) {
        return rejected(decodeWith(limits, record));
    }

    static void assertAccepted(DecodeLimits limits, String record) {
        assertThat(decodeWith(limits, record)).isInstanceOf(DecodeResult.Decoded.class);
    }

    @Nested
    class TooManyFields {

        /** {@code fields} is the record's number of fields: accepted at that limit, refused one below. */
        private void boundary(String record, int fields) {
            assertAccepted(fields(fields), record);
            assertThat(rejectedWith(fields(fields - 1), record)).isEqualTo(TOO_MANY_FIELDS);
        }

        @Test
        void jsonCountsObjectMembersAtAnyDepthButNotArrayElements() {
            boundary(j("{'_time':'2024-05-01T12:00:00Z','dest_port':'7844','x':{'a':1,'b':[{'c':1},2,3,[4]]}}"), 6);
        }

        @Test
        void jsonEncodings() {
            boundary(WINLOGBEAT, 4 + 2 + 1 + 5 + 13); // top, event, host, winlog, event_data
            boundary(NXLOG, 5 + 13);
            boundary(j("{'EventID':3,'EventData':{'UtcTime':'2024-05-01 12:00:00','DestinationPort':'7844'}}"), 4);
        }

        @Test
        void jsonCountsMembersOfDuplicatesAndOfDeepObjectsToo() {
            StringBuilder deep = new StringBuilder(j("{'_time':'2024-05-01T12:00:00Z','dest_port':'7844'"));
            deep.append(j(",'a':{'b':{'c':{'d':{'e':1,'e':2}}}}}"));
            boundary(deep.toString(), 2 + 6);
        }

        @Test
        void jsonLimitStopsBeforeLaterSyntaxErrors() {
            // the limit is checked as the parser goes: a record over it is refused for it, whatever follows
            assertThat(rejectedWith(fields(2), j("{'a':1,'b':2,'c':3,"))).isEqualTo(TOO_MANY_FIELDS);
            assertThat(rejectedWith(fields(3), j("{'a':1,'b':2,'c':3,"))).isEqualTo(MALFORMED_JSON);
        }

        @Test
        void xmlCountsElementsAttributesAndNamespaceDeclarations() {
            String minimal = "<Event xmlns='" + NS + "'><System><EventID>3</EventID></System><EventData>"
                    + data("UtcTime", "2024-05-01 12:00:00") + data("DestinationPort", "7844") + "</EventData></Event>";
            boundary(minimal, 6 + 2 + 1); // elements, Name attributes, xmlns
            boundary(XML, 8 + 14 + 1 + 2 + 1 + 14); // elements, Data, xmlns, Provider, TimeCreated, Name
            String prefixed = "<e:Event xmlns:e='" + NS + "' xmlns:x='urn:x'><e:System><e:EventID x:a='1'>3</e:EventID>"
                    + "</e:System><e:EventData>" + data("UtcTime", "2024-05-01 12:00:00") + data("DestinationPort", "7844")
                    + "</e:EventData></e:Event>";
            boundary(prefixed, 6 + 2 + 2 + 1);
        }

        @Test
        void xmlLimitStopsBeforeLaterSyntaxErrors() {
            assertThat(rejectedWith(fields(2), "<Event><a/><b/><c/>")).isEqualTo(TOO_MANY_FIELDS);
            assertThat(rejectedWith(fields(4), "<Event><a/><b/><c/>")).isEqualTo(MALFORMED_XML);
        }

        @Test
        void detailNamesTheLimit() {
            var r = (DecodeResult.Rejected) decodeWith(fields(3), NXLOG);
            assertThat(r.detail()).isEqualTo("more than 3 fields (JSON object members)");
            r = (DecodeResult.Rejected) decodeWith(fields(3), XML);
            assertThat(r.detail()).isEqualTo("more than 3 fields (XML elements and attributes)");
        }
    }

    @Nested
    class FieldTooLong {

        private static final int N = 100;

        /** {@code at} holds a field of exactly N characters, {@code beyond} one of N + 1. */
        private void boundary(String at, String beyond) {
            assertAccepted(chars(N), at);
            assertThat(rejectedWith(chars(N), beyond)).isEqualTo(FIELD_TOO_LONG);
            assertAccepted(chars(N + 1), beyond);
        }

        private String cim(String extraMembers) {
            return j("{'_time':'2024-05-01T12:00:00Z','dest_port':'7844'," + extraMembers + "}");
        }

        @Test
        void jsonStringValue() {
            boundary(cim("'app':'" + "a".repeat(N) + "'"), cim("'app':'" + "a".repeat(N + 1) + "'"));
        }

        @Test
        void jsonValueCountsCharactersAfterUnescaping() {
            boundary(cim("'app':'" + "\\\\u0041".repeat(N) + "'").replace("\\\\", "\\"),
                    cim("'app':'" + "\\\\u0041".repeat(N + 1) + "'").replace("\\\\", "\\"));
        }

        @Test
        void jsonValueCountsUtf16Characters() {
            String emoji = "\uD83D\uDE00"; // one code point, two UTF-16 characters
            boundary(cim("'app':'" + emoji.repeat(N / 2) + "'"), cim("'app':'" + emoji.repeat(N / 2) + "a'"));
        }

        @Test
        void jsonName() {
            boundary(cim("'" + "k".repeat(N) + "':1"), cim("'" + "k".repeat(N + 1) + "':1"));
        }

        @Test
        void jsonNumber() {
            boundary(cim("'n':" + "9".repeat(N)), cim("'n':" + "9".repeat(N + 1)));
            boundary(cim("'n':1." + "5".repeat(N - 2)), cim("'n':1." + "5".repeat(N - 1)));
        }

        @Test
        void jsonValuesInArraysAndDeepObjects() {
            boundary(cim("'x':[1,['" + "a".repeat(N) + "']]"), cim("'x':[1,['" + "a".repeat(N + 1) + "']]"));
            boundary(cim("'x':{'y':{'z':{'w':'" + "a".repeat(N) + "'}}}"),
                    cim("'x':{'y':{'z':{'w':'" + "a".repeat(N + 1) + "'}}}"));
        }

        @Test
        void jsonWinlogbeatEventData() {
            String at = WINLOGBEAT.replace("ws-01.corp.example", "h".repeat(N));
            String beyond = WINLOGBEAT.replace("ws-01.corp.example", "h".repeat(N + 1));
            boundary(at, beyond);
        }

        private String xmlImage(String imageXml) {
            return xmlEvent(SYSTEM, UTC + PORT + data("Image", imageXml));
        }

        @Test
        void xmlElementText() {
            boundary(xmlImage("a".repeat(N)), xmlImage("a".repeat(N + 1)));
        }

        @Test
        void xmlTextCountsCharactersAfterDecodingReferences() {
            boundary(xmlImage("&#55;".repeat(N - 1) + "&amp;"), xmlImage("&#55;".repeat(N) + "&amp;"));
        }

        @Test
        void xmlTextInPiecesCountsAsOneValue() {
            String half = "a".repeat(N / 2);
            boundary(xmlImage(half + "<!-- c -->" + half), xmlImage(half + "<!-- c --><![CDATA[b]]>" + half));
            // text on both sides of a child element belongs to the same (not scalar) element
            String unread = xmlEvent(SYSTEM, UTC + PORT + "<Other>" + half + "<x/>" + half + "</Other>");
            String unreadBeyond = xmlEvent(SYSTEM, UTC + PORT + "<Other>" + half + "<x/>" + half + "b</Other>");
            boundary(unread, unreadBeyond);
        }

        @Test
        void xmlAttributeValueAndName() {
            boundary(xmlEvent(SYSTEM, UTC + PORT + "<Data Name='RuleName' v='" + "v".repeat(N) + "'/>"),
                    xmlEvent(SYSTEM, UTC + PORT + "<Data Name='RuleName' v='" + "v".repeat(N + 1) + "'/>"));
            boundary(xmlEvent(SYSTEM, UTC + PORT + "<Data " + "n".repeat(N) + "='v'/>"),
                    xmlEvent(SYSTEM, UTC + PORT + "<Data " + "n".repeat(N + 1) + "='v'/>"));
            // a prefixed name counts as written, prefix and colon included
            boundary(xmlEvent(SYSTEM, UTC + PORT + "<Data xmlns:p='urn:p' p:" + "n".repeat(N - 2) + "='v'/>"),
                    xmlEvent(SYSTEM, UTC + PORT + "<Data xmlns:p='urn:p' p:" + "n".repeat(N - 1) + "='v'/>"));
        }

        @Test
        void xmlElementName() {
            boundary(xmlEvent(SYSTEM, UTC + PORT + "<" + "e".repeat(N) + "/>"),
                    xmlEvent(SYSTEM, UTC + PORT + "<" + "e".repeat(N + 1) + "/>"));
            boundary(xmlEvent(SYSTEM, UTC + PORT + "<p:" + "e".repeat(N - 2) + " xmlns:p='urn:p'/>"),
                    xmlEvent(SYSTEM, UTC + PORT + "<p:" + "e".repeat(N - 1) + " xmlns:p='urn:p'/>"));
        }

        @Test
        void xmlNamespaceDeclaration() {
            boundary(xmlEvent(SYSTEM, UTC + PORT + "<x xmlns:p='" + "u".repeat(N) + "'/>"),
                    xmlEvent(SYSTEM, UTC + PORT + "<x xmlns:p='" + "u".repeat(N + 1) + "'/>"));
            boundary(xmlEvent(SYSTEM, UTC + PORT + "<x xmlns:" + "p".repeat(N - 6) + "='urn:p'/>"),
                    xmlEvent(SYSTEM, UTC + PORT + "<x xmlns:" + "p".repeat(N - 5) + "='urn:p'/>"));
        }

        @Test
        void detailNamesTheLimit() {
            var r = (DecodeResult.Rejected) decodeWith(chars(5), NXLOG);
            assertThat(r.detail()).isEqualTo("a field name is longer than 5 characters");
            r = (DecodeResult.Rejected) decodeWith(chars(50), XML); // the namespace name has 51
            assertThat(r.detail()).isEqualTo("an attribute value is longer than 50 characters");
        }
    }

    @Nested
    class TimeOutOfRange {

        private final DecodeLimits defaults = DecodeLimits.defaults();

        private void accepted(String record, long expectedTime) {
            DecodeResult result = decodeWith(defaults, record);
            assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
            assertThat(((DecodeResult.Decoded) result).event().eventTime()).isEqualTo(expectedTime);
        }

        private String refused(String record) {
            DecodeResult result = decodeWith(defaults, record);
            assertThat(rejected(result)).isEqualTo(TIME_OUT_OF_RANGE);
            return ((DecodeResult.Rejected) result).detail();
        }

        private static final String MIN = "2000-01-01 00:00:00.000";
        private static final String BEFORE_MIN = "1999-12-31 23:59:59.999";
        private static final String AHEAD = "2026-12-05 12:00:00.000"; // NOW + 1 day
        private static final String BEYOND_AHEAD = "2026-12-05 12:00:00.001";
        private static final long MIN_MILLIS = 946_684_800_000L;
        private static final long AHEAD_MILLIS = NOW.toEpochMilli() + 86_400_000L;

        private String flat(String utcTime) {
            return j("{'EventID':3,'UtcTime':'" + utcTime + "','DestinationPort':'7844'}");
        }

        private String winlogbeat(String utcTime) {
            return Decoding.winlogbeat(JSON_DATA_MEMBERS.replace("2024-05-01 12:00:00.123", utcTime), "", "");
        }

        private String xml(String utcTime) {
            return xmlEvent(SYSTEM, data("UtcTime", utcTime) + PORT);
        }

        private String cim(String time) {
            return j("{'_time':" + time + ",'dest_port':'7844'}");
        }

        @Test
        void earliestBoundInEveryEncoding() {
            accepted(flat(MIN), MIN_MILLIS);
            accepted(winlogbeat(MIN), MIN_MILLIS);
            accepted(xml(MIN), MIN_MILLIS);
            accepted(cim("'" + MIN + "'"), MIN_MILLIS);
            accepted(cim("946684800"), MIN_MILLIS);
            refused(flat(BEFORE_MIN));
            refused(winlogbeat(BEFORE_MIN));
            refused(xml(BEFORE_MIN));
            refused(cim("'" + BEFORE_MIN + "'"));
            refused(cim("946684799.999"));
            refused(cim("0"));
        }

        @Test
        void aheadBoundInEveryEncoding() {
            accepted(flat(AHEAD), AHEAD_MILLIS);
            accepted(winlogbeat(AHEAD), AHEAD_MILLIS);
            accepted(xml(AHEAD), AHEAD_MILLIS);
            accepted(cim("'" + AHEAD + "'"), AHEAD_MILLIS);
            refused(flat(BEYOND_AHEAD));
            refused(winlogbeat(BEYOND_AHEAD));
            refused(xml(BEYOND_AHEAD));
            refused(cim("'" + BEYOND_AHEAD + "'"));
            refused(cim("1796472000.001")); // 2026-12-05T12:00:00.001Z
            refused(flat("9999-12-31 23:59:59.999"));
        }

        @Test
        void detailSaysWhichBoundAndTheTime() {
            assertThat(refused(flat(BEFORE_MIN))).isEqualTo(
                    "event time 1999-12-31T23:59:59.999Z is before the earliest accepted, 2000-01-01T00:00:00Z");
            assertThat(refused(flat(BEYOND_AHEAD))).isEqualTo(
                    "event time 2026-12-05T12:00:00.001Z is more than PT24H past the clock, 2026-12-04T12:00:00Z");
        }

        @Test
        void appliesToTheTimeTheSpecPicksWithoutFallingBack() {
            // UtcTime parses and is picked: its being out of range is not a reason to try the fallback
            refused(xmlEvent(SYSMON_PROVIDER + EID3 + "<TimeCreated SystemTime='2024-05-01T12:00:00Z'/>",
                    data("UtcTime", BEFORE_MIN) + PORT));
            refused(j("{'EventID':3,'UtcTime':'2099-01-01 00:00:00','TimeCreated':'2024-05-01T12:00:00Z'}"));
            // an unparsable UtcTime falls back, and the fallback is then held to the range
            refused(xmlEvent(SYSMON_PROVIDER + EID3 + "<TimeCreated SystemTime='1999-12-31T23:59:59Z'/>",
                    data("UtcTime", "junk") + PORT));
            refused(winlogbeat("junk").replace("2024-05-01T12:00:01.9999999Z", "2099-01-01T00:00:00Z"));
            refused(j("{'EventID':3,'UtcTime':'junk','@timestamp':'1999-01-01T00:00:00Z'}"));
        }

        @Test
        void recordsWithoutUsableTimeAndSkippedRecordsAreUnchanged() {
            assertThat(rejectedWith(defaults, flat("junk"))).isEqualTo(NO_USABLE_TIME);
            assertThat(rejectedWith(defaults, flat("1969-12-31 23:59:59.999"))).isEqualTo(NO_USABLE_TIME);
            assertThat(rejectedWith(defaults, cim("'-1'"))).isEqualTo(NO_USABLE_TIME);
            assertThat(decodeWith(defaults, j("{'EventID':1,'UtcTime':'1999-01-01 00:00:00'}")))
                    .isInstanceOf(DecodeResult.Skipped.class);
            assertThat(decodeWith(defaults, j("{'EventID':3,'SourceName':'Other','UtcTime':'2099-01-01 00:00:00'}")))
                    .isInstanceOf(DecodeResult.Skipped.class);
        }

        @Test
        void otherDeadLettersWinOverTheTimeRange() {
            assertThat(rejectedWith(defaults, j("{'EventID':3,'UtcTime':'1999-01-01 00:00:00','DestinationPort':[1]}")))
                    .isEqualTo(NOT_A_SCALAR);
        }

        @Test
        void withoutTimeRangeEverySpecTimeIsAccepted() {
            DecodeLimits none = defaults.withoutTimeRange();
            assertAccepted(none, flat("1970-01-01 00:00:00.000"));
            assertAccepted(none, flat("9999-12-31 23:59:59.999"));
            assertAccepted(none, cim("0"));
        }

        @Test
        void eachBoundAlone() {
            DecodeLimits noMin = new DecodeLimits(1 << 20, 64, 64, 1 << 20, 1 << 20, Long.MIN_VALUE, 0);
            assertAccepted(noMin, flat("1970-01-01 00:00:00.000"));
            assertAccepted(noMin, flat("2026-12-04 12:00:00.000"));
            assertThat(rejectedWith(noMin, flat("2026-12-04 12:00:00.001"))).isEqualTo(TIME_OUT_OF_RANGE);
            DecodeLimits noAhead = new DecodeLimits(1 << 20, 64, 64, 1 << 20, 1 << 20, 0, Long.MAX_VALUE);
            assertAccepted(noAhead, flat("1970-01-01 00:00:00.000"));
            assertAccepted(noAhead, flat("9999-12-31 23:59:59.999"));
        }

        @Test
        void theSystemClockByDefault() {
            RecordDecoder system = new RecordDecoder(defaults);
            String inAYear = Instant.now().plusSeconds(366L * 86_400).toString().replace("T", " ").replace("Z", "");
            assertThat(rejected(system.decode(flat(inAYear).getBytes(UTF_8)))).isEqualTo(TIME_OUT_OF_RANGE);
            String now = Instant.now().toString().replace("T", " ").replace("Z", "");
            assertThat(system.decode(flat(now).getBytes(UTF_8))).isInstanceOf(DecodeResult.Decoded.class);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void limitsMustBePositive(int bad) {
        assertThatThrownBy(() -> fields(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chars(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileFormatStillSerializesWithTheLimits() throws Exception {
        // decoders (and their clock) are created on the task managers, from the limits alone
        EventFileFormat format = new EventFileFormat(DecodeLimits.defaults(), 1 << 20);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(format);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isInstanceOf(EventFileFormat.class);
        }
    }
}
