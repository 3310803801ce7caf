package dev.tunnelwatch.connectors.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelwatch.connectors.record.CimNetworkTraffic;
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
    void markupThatCouldHideDigitsMakesACandidate() {
        for (String s : List.of("<a>&#b", "<!DOCTYPE x>", "<?xml?>", "{\"a\":\"\\u0041\"}", "<a>&#", "<!", "<?",
                "{\\u", "<a><!-- -->", "<a><![CDATA[x]]>")) {
            assertThat(mayMatch(SCREEN, s)).as(s).isTrue();
        }
        // Every encoding's spellings in every record, as the spec has it.
        for (String s : List.of("{\"a\":\"&#\"}", "{\"a\":\"<!\"}", "<a>\\u0037</a>", "x&#", "x\\u")) {
            assertThat(mayMatch(SCREEN, s)).as(s).isTrue();
        }
        for (String s : List.of("<a>&amp;", "<a&", "<a>", "<", "<a>C:\\Windows\\x", "{\\", "<a>#!", "#", "!x", "?")) {
            assertThat(mayMatch(SCREEN, s)).as(s).isFalse();
        }
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
                "78\\u00344", "7&#56;44", "<![CDATA[7844]]>");
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
