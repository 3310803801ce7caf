package dev.tunnelwatch.connectors.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelwatch.connectors.record.CimNetworkTraffic;
import dev.tunnelwatch.connectors.record.DeadLetterReason;
import dev.tunnelwatch.connectors.record.DecodeResult;
import dev.tunnelwatch.connectors.record.SysmonNetworkConnect;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortScreenTest {

    private static final PortScreen SCREEN = new PortScreen(List.of("7844"));
    private static final RecordDecoder STRICT = new RecordDecoder(DecodeLimits.defaults().withoutTimeRange());

    private static boolean mayMatch(PortScreen screen, String record) {
        byte[] b = record.getBytes(UTF_8);
        return screen.mayMatch(b, b.length);
    }

    /** The canonical destination port strict decoding finds, or null for anything but an event. */
    private static String decodedPort(byte[] record) {
        DecodeResult r = STRICT.decode(record);
        if (!(r instanceof DecodeResult.Decoded d)) {
            return null;
        }
        String port = d.event() instanceof SysmonNetworkConnect s ? s.destinationPort()
                : ((CimNetworkTraffic) d.event()).destPort();
        return IntegerText.canonical(port);
    }

    private static String flat(String portJson) {
        return "{\"EventID\":3,\"SourceName\":\"Microsoft-Windows-Sysmon\",\"Hostname\":\"WS-01\","
                + "\"UtcTime\":\"2026-12-01 12:00:00\",\"Image\":\"C:\\\\cloudflared.exe\",\"SourcePort\":\"50000\","
                + "\"DestinationIp\":\"198.41.192.7\",\"DestinationPort\":" + portJson + "}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"7844", "07844", "0007844", " 7844 ", "&#55;844", "&#x37;&#x38;&#x34;&#x34;", "&#0055;8&#52;4",
            "78<!-- split -->44", "78<![CDATA[44]]>", "<![CDATA[7844]]>", "78<?pi x?>44"})
    void everyXmlSpellingOfThePortIsACandidate(String spelling) {
        String record = Decoding.xmlWithPort(spelling);
        assertThat(decodedPort(record.getBytes(UTF_8))).as("strict decoding reads the port").isEqualTo("7844");
        assertThat(mayMatch(SCREEN, record)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"7844\"", "7844", "\"07844\"", "\"\\u0037844\"", "\"\\u0037\\u0038\\u0034\\u0034\"",
            "\"78\\u00344\"", "\" 7844\""})
    void everyJsonSpellingOfThePortIsACandidate(String spelling) {
        String record = flat(spelling);
        assertThat(decodedPort(record.getBytes(UTF_8))).as("strict decoding reads the port").isEqualTo("7844");
        assertThat(mayMatch(SCREEN, record)).isTrue();
    }

    @Test
    void ordinaryRecordsWithoutThePortArePassedOver() {
        assertThat(mayMatch(SCREEN, Decoding.xmlWithPort("443"))).isFalse();
        assertThat(mayMatch(SCREEN, flat("\"443\""))).isFalse();
        assertThat(mayMatch(SCREEN, flat("443"))).isFalse();
        assertThat(mayMatch(SCREEN, "garbage")).isFalse();
        assertThat(mayMatch(SCREEN, "")).isFalse();
        // The port's digits anywhere make a candidate, even where they are not the port.
        assertThat(mayMatch(SCREEN, flat("\"443\"").replace("50000", "57844"))).isTrue();
        assertThat(mayMatch(SCREEN, "{7844")).isTrue();
        assertThat(mayMatch(SCREEN, " \t<7844")).isTrue();
        assertThat(mayMatch(SCREEN, "{x784")).isFalse();
        assertThat(mayMatch(SCREEN, "<784")).isFalse();
        // Neither JSON nor XML, refused by the decoder: still never passed over with a spelling in it.
        assertThat(mayMatch(SCREEN, "7844")).isTrue();
        assertThat(mayMatch(SCREEN, "\uFEFF{\"DestinationPort\":7844}")).isTrue();
        assertThat(mayMatch(SCREEN, "DestinationPort=7844")).isTrue();
        assertThat(mayMatch(SCREEN, "   ")).isFalse();
    }

    @Test
    void markupThatCouldHideDigitsMakesACandidateInItsEncoding() {
        for (String s : List.of("<a>&#b", "<!DOCTYPE x>", "<?xml?>", "{\"a\":\"\\u0041\"}", "<a>&#", "<!", "<?",
                "{\\u", "<a><!-- -->", "<a><![CDATA[x]]>", "{\"a\":\"\\\\\\u0041\"}", " \r\n\t<a>&#")) {
            assertThat(mayMatch(SCREEN, s)).as(s).isTrue();
        }
        // Records of no encoding the decoder reads: every encoding's spellings, as before kinds.
        for (String s : List.of("x&#", "x\\u", "x\\\\u", "x<!", " x<?", "", "\uFEFF<a>\\u0037", "\uFEFF{\"a\":\"&#\"}")) {
            assertThat(mayMatch(SCREEN, s)).as(s).isEqualTo(!s.isEmpty());
        }
        for (String s : List.of("<a>&amp;", "<a&", "<a>", "<", "<a>C:\\Windows\\x", "{\\", "<a>#!", "#", "!x", "?")) {
            assertThat(mayMatch(SCREEN, s)).as(s).isFalse();
        }
    }

    /**
     * A record is decoded in one encoding, told by its first character after whitespace: the other
     * encoding's constructs are plain text there and spell no digit, as strict decoding confirms.
     */
    @Test
    void theOtherEncodingsConstructsSpellNothing() {
        for (String s : List.of("<a>\\u0037\\u0038\\u0034\\u0034</a>", "<a>78\\u00344</a>", "<a>C:\\Users\\ulee</a>", "\n <a>\\u</a>", "{\"a\":\"&#55;844\"}",
                "{\"a\":\"78<!---->44\"}", "{\"a\":\"<?x?>\"}", "{\"a\":\"C:\\\\Users\\\\ulee\"}",
                "{\"a\":\"\\\\u0037\\\\u0038\\\\u0034\\\\u0034\"}", "\t{\"a\":\"78\\\\\\\\u00344\"}")) {
            assertThat(mayMatch(SCREEN, s)).as(s).isFalse();
        }
        // The event records with the port spelt in the other encoding: strict decoding finds no port.
        // (Not \\u0037844: it shows the digits 7844 themselves, a candidate in any encoding.)
        List<String> passedOver = List.of(
                Decoding.xmlWithPort("78\\u00344"),
                Decoding.xmlWithPort("\\u0037\\u0038\\u0034\\u0034"),
                flat("\"&#55;844\""),
                flat("\"78<!---->44\""),
                flat("\"78<?pi x?>44\""),
                flat("\"<![CDATA[78]]>44\""),
                flat("\"78\\\\u00344\""),
                flat("\"\\\\u0037\\\\u0038\\\\u0034\\\\u0034\""),
                flat("\"\\\\\\\\u0037\\\\\\\\u0038\\\\\\\\u0034\\\\\\\\u0034\""));
        for (String record : passedOver) {
            byte[] b = record.getBytes(UTF_8);
            assertThat(STRICT.decode(b)).as(record).isNotInstanceOf(DecodeResult.CannotMatch.class);
            assertThat(decodedPort(b)).as(record).isNotEqualTo("7844");
            assertThat(mayMatch(SCREEN, record)).as(record).isFalse();
            assertThat(mayMatch(PortScreen.withoutVectors(List.of("7844")), record)).as(record).isFalse();
        }
        // An odd run escapes the 'u': "78\\\u00344" is the text 78\44, a candidate (and no port);
        // "78\u00344" is the port itself.
        String odd = flat("\"78\\\\\\u00344\"");
        assertThat(mayMatch(SCREEN, odd)).isTrue();
        assertThat(decodedPort(odd.getBytes(UTF_8))).isNull();
        String escaped = flat("\"78\\u00344\"");
        assertThat(mayMatch(SCREEN, escaped)).isTrue();
        assertThat(decodedPort(escaped.getBytes(UTF_8))).isEqualTo("7844");
    }

    @Test
    void theKindIsTheFirstByteAfterWhitespace() {
        for (String s : List.of("<", " <a", "\t\r\n <", "\n\n<x\\u")) {
            assertThat(PortScreen.kindOf(s.getBytes(UTF_8), 0, s.length())).as(s).isEqualTo(PortScreen.XML);
        }
        for (String s : List.of("{", " {\"a\"", "\r\n\t{", "\n{")) {
            assertThat(PortScreen.kindOf(s.getBytes(UTF_8), 0, s.length())).as(s).isEqualTo(PortScreen.JSON);
        }
        for (String s : List.of("", " ", "\n", "x<", "[{", "\u00a0<", "\f{", "\u000b<")) {
            byte[] b = s.getBytes(UTF_8);
            assertThat(PortScreen.kindOf(b, 0, b.length)).as(s).isEqualTo(PortScreen.OTHER);
        }
        byte[] bom = "\uFEFF<a/>".getBytes(UTF_8);
        assertThat(PortScreen.kindOf(bom, 0, bom.length)).isEqualTo(PortScreen.OTHER);
        assertThat(PortScreen.kindOf(bom, 3, bom.length - 3)).isEqualTo(PortScreen.XML);
        // A line's kind: its line end ends the look.
        byte[] lines = " \n<a/>\n{}".getBytes(UTF_8);
        assertThat(PortScreen.kindOfLine(lines, 0, lines.length)).isEqualTo(PortScreen.OTHER);
        assertThat(PortScreen.kindOfLine(lines, 2, lines.length)).isEqualTo(PortScreen.XML);
        assertThat(PortScreen.kindOfLine(lines, 7, lines.length)).isEqualTo(PortScreen.JSON);
        assertThat(PortScreen.kindOf(lines, 0, lines.length)).isEqualTo(PortScreen.XML);
        // Only the range is looked at.
        assertThat(PortScreen.kindOf(lines, 0, 2)).isEqualTo(PortScreen.OTHER);
    }

    /**
     * The decoder agrees, over seeded hostile inputs: a record the screen calls XML is never read as
     * JSON, one it calls JSON never as XML, and any other is refused before either could read it.
     */
    @Test
    void theKindIsTheEncodingTheDecoderReads() {
        Random rnd = new Random(20261205);
        int[] seen = new int[3];
        for (int i = 0; i < 20_000; i++) {
            byte[] b = HostileInputs.next(rnd);
            if (rnd.nextInt(4) == 0) {
                b = (List.of(" ", "\t", "\r\n", "\n \n").get(rnd.nextInt(4)) + new String(b, UTF_8)).getBytes(UTF_8);
            }
            int kind = PortScreen.kindOf(b, 0, b.length);
            seen[kind]++;
            DecodeResult r = STRICT.decode(b);
            DeadLetterReason reason = r instanceof DecodeResult.Rejected rejected ? rejected.reason() : null;
            String what = new String(b, UTF_8);
            if (kind == PortScreen.OTHER) {
                assertThat(reason).as(what).isIn(DeadLetterReason.UNRECOGNISED_RECORD, DeadLetterReason.INVALID_UTF8);
            } else if (kind == PortScreen.XML) {
                assertThat(reason).as(what).isNotEqualTo(DeadLetterReason.MALFORMED_JSON);
                assertThat(r instanceof DecodeResult.Rejected rejected && rejected.detail().contains("JSON")).as(what).isFalse();
            } else {
                assertThat(reason).as(what).isNotIn(DeadLetterReason.MALFORMED_XML, DeadLetterReason.DTD_REFUSED);
                assertThat(r instanceof DecodeResult.Rejected rejected && rejected.detail().contains("XML")).as(what).isFalse();
            }
        }
        assertThat(java.util.Arrays.stream(seen).min().getAsInt()).as("every kind is exercised").isGreaterThan(500);
    }

    @Test
    void severalPortsOfAnyLength() {
        PortScreen screen = new PortScreen(List.of("443", "7844", "1"));
        assertThat(mayMatch(screen, "<x443x")).isTrue();
        assertThat(mayMatch(screen, "{x1")).isTrue();
        assertThat(mayMatch(screen, "{x44")).isFalse();
        assertThat(mayMatch(new PortScreen(List.of("53")), "<x5x3x")).isFalse();
        assertThat(mayMatch(new PortScreen(List.of("53")), "<x5x53")).isTrue();
    }

    @Test
    void onlyTheGivenLengthIsRead() {
        byte[] b = "{x7844".getBytes(UTF_8);
        assertThat(SCREEN.mayMatch(b, 5)).isFalse();
        assertThat(SCREEN.mayMatch(b, 6)).isTrue();
    }

    @Test
    void portsMustBeCanonicalDigits() {
        assertThatThrownBy(() -> new PortScreen(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortScreen(List.of("78a4"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortScreen(List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The promise of the fast path, over seeded hostile and mutated inputs with the port spelt
     * every way: no record that strict decoding would match is ever passed over.
     */
    @Test
    void noRecordThatStrictDecodingMatchesIsEverPassedOver() {
        List<String> spellings = List.of("7844", "07844", "&#55;844", "&#x37;844", "78<!---->44", "\\u0037844",
                "78\\u00344", "7&#56;44", "<![CDATA[7844]]>", "\\\\u0037844", "\\\\\\u0037844", "\\\\\\\\u0037844",
                "78<?x?>44", "&#x37;&#x38;&#x34;&#x34;", "\\u0037\\u0038\\u0034\\u0034", "78\\\\u00344",
                "78\\\\\\u00344", "\\\\u0037\\u0038\\\\u0034\\u0034");
        for (long seed : new long[] {1, 7844, 20261204}) {
            Random rnd = new Random(seed);
            int matching = 0;
            for (int i = 0; i < 30_000; i++) {
                byte[] record = HostileInputs.next(rnd);
                if (rnd.nextInt(3) == 0) {
                    String text = new String(record, UTF_8);
                    String spelling = spellings.get(rnd.nextInt(spellings.size()));
                    record = (rnd.nextBoolean() ? text.replace("7844", spelling) : text.replace("443", spelling))
                            .getBytes(UTF_8);
                }
                String port = decodedPort(record);
                if ("7844".equals(port)) {
                    matching++;
                    assertThat(SCREEN.mayMatch(record, record.length))
                            .as("seed %d input %d: %s", seed, i, new String(record, UTF_8)).isTrue();
                }
            }
            assertThat(matching).as("seed %d gives matching records to check", seed).isGreaterThan(1000);
        }
    }
}
