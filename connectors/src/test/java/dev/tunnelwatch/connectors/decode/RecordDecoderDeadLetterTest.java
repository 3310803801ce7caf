package dev.tunnelwatch.connectors.decode;

import static dev.tunnelwatch.connectors.decode.Decoding.*;
import static dev.tunnelwatch.connectors.record.DeadLetterReason.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tunnelwatch.connectors.record.DeadLetterReason;
import dev.tunnelwatch.connectors.record.DecodeResult;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every dead-letter reason (spec sections 2 and 7). */
class RecordDecoderDeadLetterTest {

    @Test
    void reasonCodes() {
        assertThat(INVALID_UTF8.code()).isEqualTo("invalid-utf8");
        assertThat(RECORD_TOO_LARGE.code()).isEqualTo("record-too-large");
        assertThat(NESTING_TOO_DEEP.code()).isEqualTo("nesting-too-deep");
        assertThat(MALFORMED_JSON.code()).isEqualTo("malformed-json");
        assertThat(MALFORMED_XML.code()).isEqualTo("malformed-xml");
        assertThat(DTD_REFUSED.code()).isEqualTo("dtd-refused");
        assertThat(UNRECOGNISED_RECORD.code()).isEqualTo("unrecognised-record");
        assertThat(DUPLICATE_FIELD.code()).isEqualTo("duplicate-field");
        assertThat(NOT_A_SCALAR.code()).isEqualTo("not-a-scalar");
        assertThat(UNPAIRED_SURROGATE.code()).isEqualTo("unpaired-surrogate");
        assertThat(NO_USABLE_TIME.code()).isEqualTo("no-usable-time");
        assertThat(ROW_TOO_LARGE.code()).isEqualTo("row-too-large");
        assertThat(TOO_MANY_FIELDS.code()).isEqualTo("too-many-fields");
        assertThat(FIELD_TOO_LONG.code()).isEqualTo("field-too-long");
        assertThat(TIME_OUT_OF_RANGE.code()).isEqualTo("time-out-of-range");
        assertThat(DeadLetterReason.values()).hasSize(15);
    }

    private static byte[] concat(String before, int[] bad, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(UTF_8));
        for (int b : bad) {
            out.write(b);
        }
        out.writeBytes(after.getBytes(UTF_8));
        return out.toByteArray();
    }

    @Nested
    class InvalidUtf8 {

        private final String before = j("{'EventID':3,'UtcTime':'2024-05-01 12:00:00.123','DestinationPort':'7844','Image':'");
        private final String after = j("'}");

        private DeadLetterReason inJson(int... bad) {
            return rejected(concat(before, bad, after));
        }

        @Test
        void loneContinuationByte() {
            assertThat(inJson(0x80)).isEqualTo(INVALID_UTF8);
            assertThat(inJson(0xBF)).isEqualTo(INVALID_UTF8);
        }

        @Test
        void overlongEncodings() {
            assertThat(inJson(0xC0, 0xAF)).isEqualTo(INVALID_UTF8); // overlong '/'
            assertThat(inJson(0xC1, 0xBF)).isEqualTo(INVALID_UTF8);
            assertThat(inJson(0xE0, 0x80, 0xAF)).isEqualTo(INVALID_UTF8);
            assertThat(inJson(0xF0, 0x80, 0x80, 0xAF)).isEqualTo(INVALID_UTF8);
            assertThat(inJson(0xC0, 0xA2)).isEqualTo(INVALID_UTF8); // overlong '"'
        }

        @Test
        void utf8EncodedSurrogates() {
            assertThat(inJson(0xED, 0xA0, 0x80)).isEqualTo(INVALID_UTF8); // U+D800
            assertThat(inJson(0xED, 0xBF, 0xBF)).isEqualTo(INVALID_UTF8); // U+DFFF
            assertThat(inJson(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80)).isEqualTo(INVALID_UTF8); // CESU-8 pair
        }

        @Test
        void truncatedSequences() {
            assertThat(inJson(0xE2, 0x82)).isEqualTo(INVALID_UTF8); // in the middle
            assertThat(inJson(0xC3)).isEqualTo(INVALID_UTF8);
            assertThat(rejected(concat(before, new int[] {0xE2, 0x82}, ""))).isEqualTo(INVALID_UTF8);
            assertThat(rejected(concat(NXLOG, new int[] {0xF0, 0x9F, 0x98}, ""))).isEqualTo(INVALID_UTF8);
            assertThat(rejected(concat(NXLOG, new int[] {0xC3}, ""))).isEqualTo(INVALID_UTF8);
        }

        @Test
        void bytesThatNeverOccur() {
            assertThat(inJson(0xFF)).isEqualTo(INVALID_UTF8);
            assertThat(inJson(0xFE)).isEqualTo(INVALID_UTF8);
            assertThat(inJson(0xF5, 0x80, 0x80, 0x80)).isEqualTo(INVALID_UTF8);
            assertThat(inJson(0xF4, 0x90, 0x80, 0x80)).isEqualTo(INVALID_UTF8); // above U+10FFFF
        }

        @Test
        void invalidUtf8InXmlAndUnrecognisedLines() {
            String xml = xmlEvent(SYSTEM, UTC + PORT + "<Data Name='Image'>");
            assertThat(rejected(concat(xml, new int[] {0xC0, 0xAF}, "</Data></EventData></Event>")))
                    .isEqualTo(INVALID_UTF8);
            assertThat(rejected(new byte[] {'h', 'i', (byte) 0x80})).isEqualTo(INVALID_UTF8);
            // ISO-8859-1 text
            assertThat(rejected(concat(before, new int[] {0xE9}, after))).isEqualTo(INVALID_UTF8);
        }

        @Test
        void validMultiByteSequencesAreFine() {
            byte[] ok = concat(before, new int[] {0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xEF, 0xBF, 0xBF},
                    after);
            assertThat(sysmon(decode(ok)).image()).isEqualTo("\u00E9\u20AC\uD83D\uDE00\uFFFF");
        }
    }

    @Nested
    class RecordTooLarge {

        private static final int MIB = 1 << 20;

        /** A valid CIM record of exactly {@code size} bytes, padded with an unread string. */
        private byte[] cimRecordOf(int size, String padUnit) {
            String head = j("{'_time':'2024-05-01T12:00:00Z','dest_port':'7844','pad':'");
            String tail = j("'}");
            int unitBytes = padUnit.getBytes(UTF_8).length;
            int padBytes = size - head.length() - tail.length();
            StringBuilder sb = new StringBuilder(head);
            sb.append(padUnit.repeat(padBytes / unitBytes));
            sb.append("x".repeat(padBytes % unitBytes));
            sb.append(tail);
            byte[] bytes = sb.toString().getBytes(UTF_8);
            assertThat(bytes).hasSize(size);
            return bytes;
        }

        @Test
        void exactlyOneMibIsAccepted() {
            DecodeResult r = decode(cimRecordOf(MIB, "x"));
            assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
            assertThat(cimOf(r).destPort()).isEqualTo("7844");
        }

        @Test
        void exactlyOneMibOfMultiByteCharactersIsAccepted() {
            DecodeResult r = decode(cimRecordOf(MIB, "\u20AC"));
            assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
        }

        @Test
        void oneByteMoreIsRejected() {
            assertThat(rejected(cimRecordOf(MIB + 1, "x"))).isEqualTo(RECORD_TOO_LARGE);
            assertThat(rejected(cimRecordOf(MIB + 1, "\u20AC"))).isEqualTo(RECORD_TOO_LARGE);
            assertThat(rejected(cimRecordOf(3 * MIB, "x"))).isEqualTo(RECORD_TOO_LARGE);
        }

        @Test
        void sizeIsCheckedBeforeUtf8() {
            byte[] bytes = new byte[MIB + 1];
            java.util.Arrays.fill(bytes, (byte) 0xFF);
            assertThat(rejected(bytes)).isEqualTo(RECORD_TOO_LARGE);
        }

        @Test
        void exactlyOneMibXmlRecordIsAccepted() {
            String head = xmlEvent(SYSTEM, DATA + "<Data Name='Padding'>");
            String tail = "</Data></EventData></Event>";
            String xml = head.substring(0, head.length() - "</EventData></Event>".length());
            String record = xml + "x".repeat(MIB - xml.length() - tail.length()) + tail;
            assertThat(record.getBytes(UTF_8)).hasSize(MIB);
            assertThat(sysmon(record)).isEqualTo(expectedBase());
        }

        @Test
        void oneMibOfLongReadValueIsAccepted() {
            String head = j("{'EventID':3,'UtcTime':'2024-05-01 12:00:00.123','DestinationPort':'7844','Image':'");
            String tail = j("'}");
            String record = head + "a".repeat(MIB - head.length() - tail.length()) + tail;
            assertThat(sysmon(record).image()).hasSize(MIB - head.length() - tail.length());
        }

        @Test
        void configuredLimitIsHonoured() {
            RecordDecoder small = new RecordDecoder(DecodeLimits.defaults().withSizeAndDepth(100, 64, 64));
            String record = j("{'_time':1714564800,'dest_port':'7844','pad':'") + "x".repeat(50);
            record = record + "x".repeat(100 - record.length() - 2) + j("'}");
            assertThat(record.getBytes(UTF_8)).hasSize(100);
            assertThat(small.decode(record.getBytes(UTF_8))).isInstanceOf(DecodeResult.Decoded.class);
            DecodeResult r = small.decode((record + " ").getBytes(UTF_8));
            assertThat(r).isInstanceOf(DecodeResult.Rejected.class);
            assertThat(((DecodeResult.Rejected) r).reason()).isEqualTo(RECORD_TOO_LARGE);
        }

        @Test
        void limitsMustBePositive() {
            assertThatThrownBy(() -> DecodeLimits.defaults().withSizeAndDepth(0, 64, 64)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> DecodeLimits.defaults().withSizeAndDepth(1, 0, 64)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> DecodeLimits.defaults().withSizeAndDepth(1, 64, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThat(DecodeLimits.defaults()).extracting(DecodeLimits::maxRecordBytes, DecodeLimits::maxJsonDepth).containsExactly(1_048_576, 64);
        }

        private dev.tunnelwatch.connectors.record.CimNetworkTraffic cimOf(DecodeResult r) {
            return (dev.tunnelwatch.connectors.record.CimNetworkTraffic) ((DecodeResult.Decoded) r).event();
        }
    }

    @Nested
    class NestingTooDeep {

        /** {@code n} nested objects, or arrays. */
        private String nested(int n, boolean arrays) {
            return (arrays ? "[" : "{\"a\":").repeat(n - 1) + (arrays ? "[]" : "{}") + (arrays ? "]" : "}").repeat(n - 1);
        }

        /** A CIM record whose total depth, counting the top-level object as 1, is {@code depth}. */
        private String record(int depth, boolean arrays) {
            return j("{'_time':1714564800,'dest_port':'7844','x':") + nested(depth - 1, arrays) + "}";
        }

        @Test
        void depth64IsAccepted() {
            assertThat(cim(record(64, false)).destPort()).isEqualTo("7844");
            assertThat(cim(record(64, true)).destPort()).isEqualTo("7844");
            assertThat(cim(j("{'_time':1714564800,'x':[") + nested(62, false) + "]}").eventTime())
                    .isEqualTo(1_714_564_800_000L);
        }

        @Test
        void depth65IsRejected() {
            assertThat(rejected(record(65, false))).isEqualTo(NESTING_TOO_DEEP);
            assertThat(rejected(record(65, true))).isEqualTo(NESTING_TOO_DEEP);
            assertThat(rejected(j("{'_time':1714564800,'x':[") + nested(63, false) + "]}")).isEqualTo(NESTING_TOO_DEEP);
            assertThat(rejected(record(10_000, true))).isEqualTo(NESTING_TOO_DEEP);
        }

        @Test
        void deepNestingIsRejectedEvenInUnrecognisedOrTruncatedRecords() {
            assertThat(rejected("{\"x\":" + "[".repeat(100_000))).isEqualTo(NESTING_TOO_DEEP);
        }

        @Test
        void configuredJsonDepth() {
            RecordDecoder d = new RecordDecoder(DecodeLimits.defaults().withSizeAndDepth(1 << 20, 3, 64));
            assertThat(d.decode(record(3, false).getBytes(UTF_8))).isInstanceOf(DecodeResult.Decoded.class);
            DecodeResult r = d.decode(record(4, false).getBytes(UTF_8));
            assertThat(((DecodeResult.Rejected) r).reason()).isEqualTo(NESTING_TOO_DEEP);
        }

        private String xmlOfDepth(int depth) {
            // Event (1) / EventData (2) / Data (3), then unread elements below the root
            int extra = depth - 1;
            return "<Event><System>" + SYSMON_PROVIDER + EID3 + "</System><EventData>" + UTC + PORT
                    + "</EventData>" + "<x>".repeat(extra) + "</x>".repeat(extra) + "</Event>";
        }

        @Test
        void xmlDepthLimitIsTheConfiguredOne() {
            assertThat(sysmon(xmlOfDepth(DecodeLimits.DEFAULT_MAX_XML_DEPTH)).destinationPort()).isEqualTo("7844");
            assertThat(rejected(xmlOfDepth(DecodeLimits.DEFAULT_MAX_XML_DEPTH + 1))).isEqualTo(NESTING_TOO_DEEP);
            assertThat(rejected(xmlOfDepth(100_000))).isEqualTo(NESTING_TOO_DEEP);
            RecordDecoder d = new RecordDecoder(DecodeLimits.defaults().withSizeAndDepth(1 << 20, 64, 10));
            assertThat(d.decode(xmlOfDepth(10).getBytes(UTF_8))).isInstanceOf(DecodeResult.Decoded.class);
            assertThat(((DecodeResult.Rejected) d.decode(xmlOfDepth(11).getBytes(UTF_8))).reason())
                    .isEqualTo(NESTING_TOO_DEEP);
        }
    }

    @Nested
    class MalformedJson {

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {
            "{\"_time\":\"2024",                                                   // truncated
            "{\"_time\":1714564800,\"dest_port\":\"7844\"",                         // no closing brace
            "{\"_time\":1714564800,\"dest_port\":NaN}",
            "{\"_time\":1714564800,\"dest_port\":\"7844\",\"x\":NaN}",                // NaN in an unread field
            "{\"_time\":1714564800,\"dest_port\":Infinity}",
            "{\"_time\":1714564800,\"dest_port\":-Infinity}",
            "{\"_time\":1714564800,\"dest_port\":\"7844\"} x",                       // trailing garbage
            "{\"_time\":1714564800,\"dest_port\":\"7844\"}}",
            "{\"_time\":1714564800,\"dest_port\":\"7844\"}{\"dest_port\":\"443\"}",  // two objects
            "{\"_time\":1714564800,\"dest_port\":\"7844\"},",
            "{\"_time\":1714564800,\"dest_port\":07844}",                           // leading zero
            "{\"_time\":1714564800,\"dest_port\":-07844}",
            "{\"_time\":1714564800,\"dest_port\":+7844}",
            "{\"_time\":1714564800,\"dest_port\":.5}",
            "{\"_time\":1714564800,\"dest_port\":7844.}",
            "{\"_time\":1714564800,\"dest_port\":0x1EA4}",
            "{\"_time\":1714564800,\"dest_port\":\"78\u000144\"}",                  // raw control character
            "{\"_time\":1714564800,\"dest_port\":\"78\t44\"}",                      // raw tab
            "{\"_time\":1714564800,\"dest_port\":\"78\u000044\"}",                  // raw NUL
            "{\"_time\":1714564800,\"dest_port\":'7844'}",                          // single quotes
            "{_time:1714564800,\"dest_port\":\"7844\"}",                            // unquoted name
            "{\"_time\":1714564800,\"dest_port\":\"7844\",}",                       // trailing comma
            "{\"_time\":1714564800,/* c */\"dest_port\":\"7844\"}",                 // comment
            "{\"_time\":1714564800 \"dest_port\":\"7844\"}",                        // missing comma
            "{\"_time\":1714564800,\"dest_port\":\"\\x37\"}",                        // invalid escape
            "{\"_time\":1714564800,\"dest_port\":\"\\u37\"}",                        // short \\u escape
            "{\"_time\":1714564800,\"dest_port\":TRUE}",
            "{\"_time\":1714564800,\"dest_port\":undefined}",
            "{\"_time\":1714564800,\"dest_port\":[1,]}",
            "{\"_time\":1714564800,\"dest_port\":\"7844\"",
            "{\"_time\" 1714564800}",
            "{",
            "{\"_time\":1714564800,\"dest_port\":\"7844\"}\u000B",                 // vertical tab is not JSON whitespace
            "{\"_time\":1714564800,\"dest_port\":\"7844\"}\u00A0",                 // nor is a no-break space
            "{\"_time\":1714564800,\"dest_port\":\"7844\"}\u0000",
            "{\"_time\":1714564800,\u000C\"dest_port\":\"7844\"}",
        })
        void malformed(String text) {
            assertThat(rejected(text)).isEqualTo(MALFORMED_JSON);
        }
    }

    @Nested
    class MalformedXml {

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {
            "<Event><System><EventID>3</EventID>",                                   // truncated
            "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>",
            "<Event><EventData><Data Name='DestinationPort'>&foo;</Data></EventData></Event>",  // undeclared entity
            "<Event><EventData><Data Name='Image'>&nbsp;</Data></EventData></Event>",  // HTML entity
            "<Event><System><a:b:c/></System></Event>",                              // invalid qualified name
            "<x:Event><System/></x:Event>",                                          // unbound prefix
            "<Event><x:Data xmlns:x=''/></Event>",                                   // prefix bound to empty
            "<Event><1Data/></Event>",
            "<Event></Event>trailing",                                               // trailing content
            "<Event></Event><Event></Event>",                                        // two roots
            "<Event></Event><",
            "<?xml version='2.0'?><Event></Event>",                                  // XML 2.0
            "<?xml version='1'?><Event></Event>",
            "<Event><System></Event></System>",                                      // mismatched tags
            "<Event><Data Name=DestinationPort>7844</Data></Event>",                // unquoted attribute
            "<Event><Data Name='a' Name='b'>7844</Data></Event>",                   // duplicate attribute
            "<Event><Data Name='a<b'>7844</Data></Event>",
            "<Event><Data Name='DestinationPort'>78&#0;44</Data></Event>",          // NUL reference
            "<Event><Data Name='DestinationPort'>78&#xD800;44</Data></Event>",      // surrogate reference
            "<Event><Data Name='DestinationPort'>78&#x110000;44</Data></Event>",
            "<Event><Data Name='DestinationPort'>7844 & 1</Data></Event>",          // bare ampersand
            "<Event><Data Name='DestinationPort'>&#55</Data></Event>",              // unterminated reference
            "<Event><!-- a -- b --></Event>",                                        // -- in a comment
            "<Event><![CDATA[x]></Event>",
            "<Event>\u0001</Event>",                                                // control character
            "<Event>\uFFFE</Event>",                                                // non-character
            "<Event attr='1' attr2></Event>",
            "< Event></Event>",
            "<>",
            "<",
        })
        void malformed(String text) {
            assertThat(rejected(text)).isEqualTo(MALFORMED_XML);
        }
    }

    @Nested
    class DtdRefused {

        private final String body = "<Event><System>" + SYSMON_PROVIDER + EID3 + "</System><EventData>" + UTC
                + "<Data Name='DestinationPort'>7844</Data></EventData></Event>";

        @Test
        void internalSubset() {
            assertThat(rejected("<!DOCTYPE Event [<!ELEMENT Event ANY>]>" + body)).isEqualTo(DTD_REFUSED);
            assertThat(rejected("<?xml version='1.0'?><!-- c --><!DOCTYPE Event [<!ATTLIST Data Name CDATA 'DestinationPort'>]>"
                    + body)).isEqualTo(DTD_REFUSED);
            assertThat(rejected("<!DOCTYPE Event>" + body)).isEqualTo(DTD_REFUSED);
        }

        @Test
        void internalEntityThatWouldBeUsed() {
            String record = "<!DOCTYPE Event [<!ENTITY port '7844'>]><Event><System>" + SYSMON_PROVIDER + EID3
                    + "</System><EventData>" + UTC + "<Data Name='DestinationPort'>&port;</Data></EventData></Event>";
            assertThat(rejected(record)).isEqualTo(DTD_REFUSED);
        }

        @Test
        void billionLaughsReturnsQuickly() {
            StringBuilder dtd = new StringBuilder("<?xml version='1.0'?><!DOCTYPE Event [<!ENTITY lol0 'lol'>");
            for (int i = 1; i <= 9; i++) {
                dtd.append("<!ENTITY lol").append(i).append(" '")
                        .append(("&lol" + (i - 1) + ";").repeat(10)).append("'>");
            }
            dtd.append("]>");
            String record = dtd + "<Event><System>" + SYSMON_PROVIDER + EID3 + "</System><EventData>" + UTC
                    + "<Data Name='Image'>&lol9;</Data>" + PORT + "</EventData></Event>";
            DeadLetterReason reason = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> rejected(record));
            assertThat(reason).isEqualTo(DTD_REFUSED);
        }

        @Test
        void externalEntityToEtcPasswd() {
            String record = "<!DOCTYPE Event [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]><Event><System>"
                    + SYSMON_PROVIDER + EID3 + "</System><EventData>" + UTC + PORT
                    + "<Data Name='Image'>&xxe;</Data></EventData></Event>";
            DecodeResult r = decode(record);
            assertThat(r).isInstanceOf(DecodeResult.Rejected.class);
            assertThat(((DecodeResult.Rejected) r).reason()).isEqualTo(DTD_REFUSED);
            assertThat(((DecodeResult.Rejected) r).detail()).doesNotContain("root:");
        }

        @Test
        void externalEntityFileIsNotRead(@TempDir Path dir) throws Exception {
            Path secret = dir.resolve("port.txt");
            Files.writeString(secret, "7844");
            String record = "<!DOCTYPE Event [<!ENTITY port SYSTEM '" + secret.toUri() + "'>]><Event><System>"
                    + SYSMON_PROVIDER + EID3 + "</System><EventData>" + UTC
                    + "<Data Name='DestinationPort'>&port;</Data></EventData></Event>";
            assertThat(rejected(record)).isEqualTo(DTD_REFUSED);
            // the record is refused, not decoded without the entity
            assertThat(decode(record)).isNotInstanceOf(DecodeResult.Decoded.class);
        }

        @Test
        void externalEntitiesAndDtdsAreNeverFetched() throws Exception {
            try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                String url = "http://127.0.0.1:" + server.getLocalPort();
                String[] records = {
                    "<!DOCTYPE Event SYSTEM '" + url + "/evil.dtd'>" + body,
                    "<!DOCTYPE Event PUBLIC '-//X//EN' '" + url + "/evil.dtd'>" + body,
                    "<!DOCTYPE Event [<!ENTITY % p SYSTEM '" + url + "/p.dtd'> %p;]>" + body,
                    "<!DOCTYPE Event [<!ENTITY x SYSTEM '" + url + "/x'>]><Event><EventData>"
                            + "<Data Name='Image'>&x;</Data></EventData></Event>",
                };
                for (String record : records) {
                    DeadLetterReason reason = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> rejected(record));
                    assertThat(reason).as(record).isEqualTo(DTD_REFUSED);
                }
                server.setSoTimeout(300);
                assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
            }
        }

        @Test
        void externalDtdFromFile() {
            assertThat(rejected("<!DOCTYPE Event SYSTEM 'file:///etc/passwd'>" + body)).isEqualTo(DTD_REFUSED);
        }
    }

    @Nested
    class Unrecognised {

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {
            "hello world",
            "EventID=3 DestinationPort=7844",
            "[{\"_time\":1714564800,\"dest_port\":\"7844\"}]",
            "[]",
            "42",
            "\"{}\"",
            "null",
            "true",
            "\uFEFF{\"_time\":1714564800,\"dest_port\":\"7844\"}",  // a byte-order mark that is not at the start of a file
            "\uFEFF<Event/>",
            "\u00A0{\"_time\":1714564800,\"dest_port\":\"7844\"}",  // no-break space is not whitespace
            "\u000B{\"_time\":1714564800,\"dest_port\":\"7844\"}",
            "",
            " ",
            " \t\r\n",
        })
        void notAJsonObjectNorAnXmlElement(String text) {
            assertThat(rejected(text)).isEqualTo(UNRECOGNISED_RECORD);
        }

        @Test
        void xmlRootOtherThanEvent() {
            assertThat(rejected("<Events><Event/></Events>")).isEqualTo(UNRECOGNISED_RECORD);
            assertThat(rejected("<event><System><EventID>3</EventID></System></event>")).isEqualTo(UNRECOGNISED_RECORD);
            assertThat(rejected("<?xml version='1.0'?><Foo/>")).isEqualTo(UNRECOGNISED_RECORD);
            assertThat(rejected("<x:EventX xmlns:x='" + NS + "'/>")).isEqualTo(UNRECOGNISED_RECORD);
        }

        @Test
        void jsonObjectOfNoEncoding() {
            assertThat(rejected(j("{'message':'Network connection detected','port':7844}"))).isEqualTo(UNRECOGNISED_RECORD);
        }

        @Test
        void emptyByteArray() {
            assertThat(rejected(new byte[0])).isEqualTo(UNRECOGNISED_RECORD);
        }

        @Test
        void aByteOrderMarkInsideAValueIsJustACharacter() {
            assertThat(cim(j("{'_time':1714564800,'dest_port':'7844','x':'\uFEFF'}")).destPort()).isEqualTo("7844");
        }
    }

    @Nested
    class DuplicateField {

        @Test
        void duplicateReadJsonKeys() {
            assertThat(rejected(nxlog(",'DestinationPort':'443'"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(nxlog(",'DestinationPort':'7844'"))).isEqualTo(DUPLICATE_FIELD); // even same value
            assertThat(rejected(nxlog(",'EventID':3"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(nxlog(",'EventCode':1,'EventCode':3"))).isEqualTo(DUPLICATE_FIELD); // fallback key
            assertThat(rejected(nxlog(",'Hostname':'other'"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(nxlog(",'Computer':'a','Computer':'b'"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(nxlog(",'SourceName':'Microsoft-Windows-Sysmon'"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(nxlog(",'ProviderName':'a','ProviderName':'b'"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(nxlog(",'Provider':'a','Provider':'a'"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(nxlog(",'Channel':'Security'"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(nxlog(",'UtcTime':'2024-05-01 12:00:00.123'"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(nxlog(",'TimeCreated':'a','TimeCreated':'b'"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(nxlog(",'@timestamp':'a','@timestamp':'b'"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(nxlog(",'_time':'a','_time':'b'"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(nxlog(",'EventData':{},'EventData':{}"))).isEqualTo(DUPLICATE_FIELD);
            for (String name : new String[] {"Image", "User", "Protocol", "Initiated", "SourceIp", "SourceHostname",
                    "SourcePort", "DestinationIp", "DestinationHostname", "DestinationIsIpv6"}) {
                assertThat(rejected(nxlog(",'" + name + "':'x'"))).as(name).isEqualTo(DUPLICATE_FIELD);
            }
        }

        @Test
        void duplicateInEventDataObject() {
            assertThat(rejected(j("{'EventID':3,'EventData':{'DestinationPort':'7844','DestinationPort':'443',"
                    + "'UtcTime':'2024-05-01 12:00:00'}}"))).isEqualTo(DUPLICATE_FIELD);
        }

        @Test
        void duplicateWinlogbeatKeys() {
            assertThat(rejected(winlogbeat(JSON_DATA_MEMBERS + ",'DestinationPort':'443'", "", "")))
                    .isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(winlogbeat(JSON_DATA_MEMBERS, ",'event_id':'3'", ""))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(winlogbeat(JSON_DATA_MEMBERS, ",'event_data':{}", ""))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(winlogbeat(JSON_DATA_MEMBERS, ",'provider_name':'x'", ""))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(winlogbeat(JSON_DATA_MEMBERS, ",'channel':'x'", ""))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(winlogbeat(JSON_DATA_MEMBERS, ",'computer_name':'x'", ""))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(winlogbeat(JSON_DATA_MEMBERS, "", ",'winlog':{}"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(winlogbeat(JSON_DATA_MEMBERS, "", ",'@timestamp':'x'"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(winlogbeat(JSON_DATA_MEMBERS, "", ",'event':{}"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(winlogbeat(JSON_DATA_MEMBERS, "", ",'host':{}"))).isEqualTo(DUPLICATE_FIELD);
            // fallback keys are read, so their duplicates count too
            String eventCodeTwice = winlogbeat(JSON_DATA_MEMBERS, "", "")
                    .replace("\"code\":\"3\"", "\"code\":\"3\",\"code\":\"1\"");
            assertThat(rejected(eventCodeTwice)).isEqualTo(DUPLICATE_FIELD);
            String hostNameTwice = winlogbeat(JSON_DATA_MEMBERS, "", "")
                    .replace("\"name\":\"host-from-host-name\"", "\"name\":\"a\",\"name\":\"b\"");
            assertThat(rejected(hostNameTwice)).isEqualTo(DUPLICATE_FIELD);
        }

        @Test
        void duplicateCimKeys() {
            assertThat(rejected(j("{'_time':1714564800,'dest_port':'7844','dest_port':'443'}"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(j("{'_time':1714564800,'All_Traffic.dest_port':'7844','All_Traffic.dest_port':'7844'}")))
                    .isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(j("{'_time':1714564800,'_time':1714564801}"))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(j("{'_time':1714564800,'user':'a','user':'b'}"))).isEqualTo(DUPLICATE_FIELD);
            // a prefixed and an unprefixed key are two different keys
            assertThat(cim(j("{'_time':1714564800,'All_Traffic.dest_port':'7844','dest_port':'443'}")).destPort())
                    .isEqualTo("7844");
        }

        @Test
        void duplicatesOfUnreadKeysAreFine() {
            assertThat(sysmon(nxlog(",'RuleName':'a','RuleName':'b','ProcessId':1,'ProcessId':2"))).isEqualTo(expectedBase());
            assertThat(sysmon(winlogbeat(JSON_DATA_MEMBERS + ",'ProcessGuid':'a','ProcessGuid':'b'",
                    ",'record_id':1,'record_id':2", ",'message':'a','message':'b'"))).isEqualTo(expectedBase());
            assertThat(sysmon(nxlog(",'deep':{'a':{'b':{'DestinationPort':1,'DestinationPort':2}}}")))
                    .isEqualTo(expectedBase());
            assertThat(cim(j("{'_time':1714564800,'dest_port':'7844','Extra':1,'Extra':2}")).destPort()).isEqualTo("7844");
            // top-level Sysmon names are not read in a Winlogbeat record
            assertThat(sysmon(winlogbeat(JSON_DATA_MEMBERS, "",
                    ",'EventID':1,'EventID':2,'DestinationPort':'1','DestinationPort':'2','Computer':'a','Computer':'b'")))
                    .isEqualTo(expectedBase());
        }

        @Test
        void duplicatesApplyBeforeTheEventIdAndProviderChecks() {
            assertThat(rejected(j("{'EventID':1,'SourceName':'Microsoft-Windows-Sysmon','Image':'a','Image':'b'}")))
                    .isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(j("{'EventID':3,'SourceName':'Other','DestinationPort':'1','DestinationPort':'2'}")))
                    .isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(xmlEvent(provider("Other") + "<EventID>1</EventID>",
                    data("DestinationPort", "1") + data("DestinationPort", "2")))).isEqualTo(DUPLICATE_FIELD);
        }

        @Test
        void duplicateXmlData() {
            assertThat(rejected(xmlEvent(SYSTEM, DATA + data("DestinationPort", "443")))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(xmlEvent(SYSTEM, DATA + data("UtcTime", "2024-05-01 12:00:00.123"))))
                    .isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(xmlEvent(SYSTEM, DATA + "<Data Name='Image'/>"))).isEqualTo(DUPLICATE_FIELD);
            // a second EventData section holding the same Data
            assertThat(rejected("<Event><System>" + SYSTEM + "</System><EventData>" + DATA + "</EventData><EventData>"
                    + PORT + "</EventData></Event>")).isEqualTo(DUPLICATE_FIELD);
        }

        @Test
        void duplicateXmlSystemElements() {
            assertThat(rejected(xmlEvent(SYSTEM + EID3, DATA))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(xmlEvent(SYSTEM + "<EventID>1</EventID>", DATA))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(xmlEvent(SYSTEM + COMPUTER, DATA))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(xmlEvent(SYSTEM + CHANNEL, DATA))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(xmlEvent(SYSTEM + provider("Other"), DATA))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected(xmlEvent(SYSTEM + TIME_CREATED, DATA))).isEqualTo(DUPLICATE_FIELD);
            assertThat(rejected("<Event><System>" + SYSTEM + "</System><System>" + EID3 + "</System><EventData>" + DATA
                    + "</EventData></Event>")).isEqualTo(DUPLICATE_FIELD);
        }

        @Test
        void duplicatesOfUnreadXmlDataAreFine() {
            assertThat(sysmon(xmlEvent(SYSTEM, DATA + data("RuleName", "x") + data("ProcessId", "1")
                    + data("ProcessId", "2") + "<Data>no name</Data><Data>no name</Data>"))).isEqualTo(expectedBase());
            assertThat(sysmon(xmlEvent(SYSTEM + "<Level>4</Level><Level>4</Level><Security/><Security/>", DATA)))
                    .isEqualTo(expectedBase());
        }
    }

    @Nested
    class NotAScalar {

        @Test
        void jsonArrayOrObjectInAReadField() {
            assertThat(rejected(nxlog(",'SourcePort':[1]").replace("\"SourcePort\":\"50123\",", "")))
                    .isEqualTo(NOT_A_SCALAR);
            String arrayPort = NXLOG.replace("\"DestinationPort\":\"7844\"", "\"DestinationPort\":[\"7844\"]");
            assertThat(rejected(arrayPort)).isEqualTo(NOT_A_SCALAR);
            String objectPort = NXLOG.replace("\"DestinationPort\":\"7844\"", "\"DestinationPort\":{\"v\":\"7844\"}");
            assertThat(rejected(objectPort)).isEqualTo(NOT_A_SCALAR);
            String emptyArray = NXLOG.replace("\"DestinationPort\":\"7844\"", "\"DestinationPort\":[]");
            assertThat(rejected(emptyArray)).isEqualTo(NOT_A_SCALAR);
            String eventIdArray = NXLOG.replace("\"EventID\":3", "\"EventID\":[3]");
            assertThat(rejected(eventIdArray)).isEqualTo(NOT_A_SCALAR);
            String computerObject = NXLOG.replace("\"Hostname\":\"WS-01\"", "\"Hostname\":{}");
            assertThat(rejected(computerObject)).isEqualTo(NOT_A_SCALAR);
            assertThat(rejected(nxlog(",'TimeCreated':{'SystemTime':'2024-05-01T12:00:00Z'}"))).isEqualTo(NOT_A_SCALAR);
        }

        @Test
        void winlogbeatEventDataValueThatIsAnObject() {
            String record = winlogbeat(JSON_DATA_MEMBERS.replace("'DestinationPort':'7844'",
                    "'DestinationPort':{'a':{'b':'7844'}}"), "", "");
            assertThat(rejected(record)).isEqualTo(NOT_A_SCALAR);
            String arr = winlogbeat(JSON_DATA_MEMBERS.replace("'DestinationPort':'7844'",
                    "'DestinationPort':['443','7844']"), "", "");
            assertThat(rejected(arr)).isEqualTo(NOT_A_SCALAR);
            assertThat(rejected(winlogbeat(JSON_DATA_MEMBERS, ",'event_id':[3]", "").replace(
                    "\"event_id\":\"3\",", ""))).isEqualTo(NOT_A_SCALAR);
        }

        @Test
        void cimArray() {
            assertThat(rejected(j("{'_time':1714564800,'dest_port':['7844']}"))).isEqualTo(NOT_A_SCALAR);
            assertThat(rejected(j("{'_time':[1714564800],'dest_port':'7844'}"))).isEqualTo(NOT_A_SCALAR);
            assertThat(rejected(j("{'_time':1714564800,'All_Traffic.src_port':{}}"))).isEqualTo(NOT_A_SCALAR);
        }

        @Test
        void xmlChildElements() {
            assertThat(rejected(xmlWithPort("<v>7844</v>"))).isEqualTo(NOT_A_SCALAR);
            assertThat(rejected(xmlWithPort("78<b/>44"))).isEqualTo(NOT_A_SCALAR);
            assertThat(rejected(xmlEvent(SYSMON_PROVIDER + "<EventID><x/>3</EventID>", DATA))).isEqualTo(NOT_A_SCALAR);
            assertThat(rejected(xmlEvent(SYSMON_PROVIDER + EID3 + "<Computer><a>WS</a></Computer>", DATA)))
                    .isEqualTo(NOT_A_SCALAR);
            // not-a-scalar, like every decoding rule, applies before the event-ID check
            assertThat(rejected(xmlEvent(SYSMON_PROVIDER + "<EventID>1</EventID>", data("Image", "<x/>"))))
                    .isEqualTo(NOT_A_SCALAR);
        }

        @Test
        void childElementsInUnreadFieldsAreFine() {
            assertThat(sysmon(xmlEvent(SYSTEM + "<Security><x/></Security>", DATA + data("RuleName", "<x>y</x>"))))
                    .isEqualTo(expectedBase());
        }
    }

    @Nested
    class UnpairedSurrogate {

        @Test
        void loneHighSurrogateInAValue() {
            assertThat(rejected(NXLOG.replace("\"Image\":\"", "\"Image\":\"\\ud800"))).isEqualTo(UNPAIRED_SURROGATE);
            assertThat(rejected(NXLOG.replace("\"7844\"", "\"7844\\ud800\""))).isEqualTo(UNPAIRED_SURROGATE);
            assertThat(rejected(NXLOG.replace("\"7844\"", "\"\\uDBFF\""))).isEqualTo(UNPAIRED_SURROGATE);
        }

        @Test
        void loneLowSurrogate() {
            assertThat(rejected(NXLOG.replace("\"Image\":\"", "\"Image\":\"\\udc00"))).isEqualTo(UNPAIRED_SURROGATE);
            assertThat(rejected(NXLOG.replace("\"7844\"", "\"\\uDFFF7844\""))).isEqualTo(UNPAIRED_SURROGATE);
        }

        @Test
        void reversedPairAndTwoHighSurrogates() {
            assertThat(rejected(NXLOG.replace("\"7844\"", "\"\\ude00\\ud83d\""))).isEqualTo(UNPAIRED_SURROGATE);
            assertThat(rejected(NXLOG.replace("\"7844\"", "\"\\ud83d\\ud83d\""))).isEqualTo(UNPAIRED_SURROGATE);
            assertThat(rejected(NXLOG.replace("\"7844\"", "\"\\ud83d\\u0041\""))).isEqualTo(UNPAIRED_SURROGATE);
        }

        @Test
        void inAKey() {
            assertThat(rejected(nxlog(",'\\ud800':'x'"))).isEqualTo(UNPAIRED_SURROGATE);
            assertThat(rejected(nxlog(",'Destination\\udc00Port':'443'"))).isEqualTo(UNPAIRED_SURROGATE);
        }

        @Test
        void inUnreadAndDeeplyNestedStrings() {
            assertThat(rejected(nxlog(",'RuleName':'\\ud800'"))).isEqualTo(UNPAIRED_SURROGATE);
            assertThat(rejected(nxlog(",'a':{'b':{'c':{'d':['\\ud800']}}}"))).isEqualTo(UNPAIRED_SURROGATE);
            assertThat(rejected(nxlog(",'a':{'b':{'c':{'\\udfff':1}}}"))).isEqualTo(UNPAIRED_SURROGATE);
            assertThat(rejected(j("{'_time':1714564800,'dest_port':'7844','x':'\\ud800'}"))).isEqualTo(UNPAIRED_SURROGATE);
        }

        @Test
        void validPairsAreFine() {
            assertThat(sysmon(NXLOG.replace("\"Image\":\"", "\"Image\":\"\\ud83d\\ude00")).image())
                    .isEqualTo("\uD83D\uDE00C:\\Program Files\\cloudflared\\cloudflared.exe");
            assertThat(sysmon(nxlog(",'\\uD83D\\uDE00':'\\uDBFF\\uDFFF'"))).isEqualTo(expectedBase());
            // a raw (UTF-8 encoded) supplementary character is a valid pair too
            assertThat(sysmon(NXLOG.replace("\"Image\":\"", "\"Image\":\"\uD83D\uDE00")).image())
                    .isEqualTo("\uD83D\uDE00C:\\Program Files\\cloudflared\\cloudflared.exe");
        }
    }

    @Test
    void decoderIsReusableAcrossRecords() {
        RecordDecoder d = new RecordDecoder(DecodeLimits.defaults());
        assertThat(d.decode(new byte[] {'{', (byte) 0xC0, (byte) 0xAF, '}'})).isInstanceOf(DecodeResult.Rejected.class);
        assertThat(d.decode(NXLOG.getBytes(UTF_8))).isEqualTo(new DecodeResult.Decoded(expectedBase()));
        assertThat(d.decode(XML.getBytes(UTF_8))).isEqualTo(new DecodeResult.Decoded(expectedBase()));
        assertThat(d.decode("<Event><".getBytes(UTF_8))).isInstanceOf(DecodeResult.Rejected.class);
        assertThat(d.decode(WINLOGBEAT.getBytes(UTF_8))).isEqualTo(new DecodeResult.Decoded(expectedBase()));
    }
}
