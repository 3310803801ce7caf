package dev.tunnelwatch.connectors.decode;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Seeded generator of hostile records for the decoder fuzz tests: random bytes, real events
 * mutated, and the constructs a crafted record would use (DTDs, entity bombs, external entities,
 * character references, invalid UTF-8, control characters, duplicate keys, huge numbers, deep
 * nesting). The same seed gives the same inputs.
 */
final class HostileInputs {

    /** The real events: every record of testdata/events, the public samples and the tests' base records. */
    static final List<byte[]> CORPUS = corpus();

    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xFE}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
    };

    private static final String[] TOKENS = {
        // control and odd characters, raw
        "\u0000", "\u0001", "\u0008", "\u000b", "\u000c", "\u001f", "\u007f", "\u0085", "\u00a0", "\u2028",
        "\ufeff", "\ufffe", "\uffff", "\ud83d\ude00", "\u0661", "\uff17", "\r", "\t", " ", "\n",
        // XML
        "&#0;", "&#x0;", "&#1;", "&#x1F;", "&#xD800;", "&#xDFFF;", "&#x110000;", "&#99999999999999999999;", "&#x;",
        "&#55;", "&#x37;&#x38;&#x34;&#x34;", "&#-1;", "&amp;", "&lt;", "&quot;", "&bogus;", "&", "&#", "&#x",
        "<!DOCTYPE Event>", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>",
        "<!DOCTYPE x SYSTEM 'http://127.0.0.1:9/x.dtd'>", "<!ENTITY e 'x'>", "%e;", "&e;",
        "<![CDATA[", "]]>", "<![CDATA[7844]]>", "<!--", "-->", "<!-- c -->", "<?pi x?>", "<?xml version='1.0'?>",
        "<?xml version='1.1'?>", "<?xml version='2.0'?>", "<?xml version='1.0' encoding='UTF-16'?>",
        "<", ">", "</", "/>", "='", "'", "xmlns=''", "xmlns:a='urn:a'", "a:b", ":x", "xmlns:xml='urn:x'",
        " Name='DestinationPort'", "<Data Name='DestinationPort'>7844</Data>", "<Data Name='UtcTime'>1999-01-01 00:00:00</Data>",
        "<EventID>3</EventID>", "<System>", "</System>", "<EventData>", "</Event>", "<Event>",
        "<xi:include xmlns:xi='http://www.w3.org/2001/XInclude' href='file:///etc/passwd'/>",
        // JSON
        "\\u0000", "\\ud800", "\\udc00", "\\ud800\\u0041", "\\ud83d\\ude00", "\\u0037", "\\u", "\\uZZZZ", "\\", "\\x", "\\/",
        "\"", "{", "}", "[", "]", ",", ":", "{}", "[]", "null", "true", "false",
        "NaN", "Infinity", "-Infinity", "-0", "-", "+1", ".5", "1.", "07844", "1e999999999", "1E-999999999",
        "\"DestinationPort\":\"7844\",", "\"DestinationPort\":[7844],", "\"EventID\":3,", "\"winlog\":{},", "\"winlog\":1,",
        "\"EventData\":{\"DestinationPort\":\"7844\"},", "\"_time\":0,", "\"_time\":\"2099-01-01T00:00:00Z\",",
        "\"UtcTime\":\"1970-01-01 00:00:00\",", "\"All_Traffic.dest_port\":\"7844\",", "\"a\":", "//", "/*",
        // times
        "9999-12-31 23:59:59.999", "10000-01-01 00:00:00", "1969-12-31T23:59:59Z", "2026-02-29", "24:00:00", "+25:00",
    };

    private HostileInputs() {}

    private static List<byte[]> corpus() {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("..", "testdata", "events"))) {
            for (Path f : files.sorted().toList()) {
                out.addAll(lines(Files.readAllBytes(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String s : List.of(PublicSamples.SECURITY_CONTENT_XML, Decoding.XML, Decoding.WINLOGBEAT, Decoding.NXLOG,
                Decoding.j("{'_time':'2024-05-01T12:00:00Z','dest_port':'7844','src_ip':'10.0.0.5'}"))) {
            out.add(s.getBytes(UTF_8));
        }
        PublicSamples.WINLOGBEAT_LINES.forEach(l -> out.add(l.getBytes(UTF_8)));
        return List.copyOf(out);
    }

    /** The non-blank lines of a file, split on \n with one \r before it removed (no BOM handling needed here). */
    static List<byte[]> lines(byte[] file) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= file.length; i++) {
            if (i == file.length || file[i] == '\n') {
                int end = i > start && file[i - 1] == '\r' ? i - 1 : i;
                byte[] line = Arrays.copyOfRange(file, start, end);
                if (!RecordDecoder.isBlank(line)) {
                    out.add(line);
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** One hostile record. */
    static byte[] next(Random rnd) {
        return switch (rnd.nextInt(10)) {
            case 0 -> randomBytes(rnd);
            case 1 -> truncated(rnd);
            case 2 -> crafted(rnd);
            default -> mutated(rnd);
        };
    }

    static byte[] randomBytes(Random rnd) {
        byte[] b = new byte[rnd.nextInt(80)];
        String structural = "{}[]<>\"'=:,&#;/\\!-?x0123456789 \t\rEvent";
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextBoolean() ? (byte) rnd.nextInt(256) : (byte) structural.charAt(rnd.nextInt(structural.length()));
        }
        return rnd.nextBoolean() && b.length > 0 ? prepend(rnd.nextBoolean() ? "{" : "<", b) : b;
    }

    static byte[] truncated(Random rnd) {
        byte[] line = CORPUS.get(rnd.nextInt(CORPUS.size()));
        return Arrays.copyOf(line, rnd.nextInt(line.length + 1));
    }

    static byte[] mutated(Random rnd) {
        byte[] b = CORPUS.get(rnd.nextInt(CORPUS.size()));
        // mostly few mutations, so that most inputs stay close enough to an event to reach deep paths
        int mutations = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(8) : 1 + rnd.nextInt(2);
        for (int m = 0; m < mutations; m++) {
            b = mutate(rnd, b);
        }
        return b;
    }

    private static byte[] mutate(Random rnd, byte[] b) {
        int at = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
        switch (rnd.nextInt(9)) {
            case 0 -> { // one byte changed
                if (b.length > 0) {
                    b = b.clone();
                    // mostly ASCII: a random high byte is nearly always invalid UTF-8, which ends decoding at once
                    b[Math.min(at, b.length - 1)] = (byte) (rnd.nextInt(8) == 0 ? rnd.nextInt(256) : rnd.nextInt(128));
                }
            }
            case 1, 2, 3 -> b = insert(b, at, TOKENS[rnd.nextInt(TOKENS.length)].getBytes(UTF_8));
            case 4 -> b = insert(b, at, INVALID_UTF8[rnd.nextInt(INVALID_UTF8.length)]);
            case 5 -> { // a range removed
                int end = Math.min(b.length, at + rnd.nextInt(40));
                b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, end, b.length));
            }
            case 6 -> { // a range repeated: duplicate keys and elements
                int end = Math.min(b.length, at + rnd.nextInt(120));
                b = insert(b, end, Arrays.copyOfRange(b, at, end));
            }
            case 7 -> { // spliced with another event
                byte[] other = CORPUS.get(rnd.nextInt(CORPUS.size()));
                int from = rnd.nextInt(other.length + 1);
                b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(other, from, other.length));
            }
            default -> { // a digit run made huge
                b = insert(b, at, "9".repeat(1 + rnd.nextInt(rnd.nextBoolean() ? 30 : 5000)).getBytes(UTF_8));
            }
        }
        return b;
    }

    /** Whole records built to attack the parsers. */
    static byte[] crafted(Random rnd) {
        int n = rnd.nextBoolean() ? 60 + rnd.nextInt(10) : rnd.nextInt(3000);
        String s = switch (rnd.nextInt(16)) {
            case 0 -> "{\"a\":".repeat(n) + "1" + "}".repeat(rnd.nextInt(n + 1));
            case 1 -> "{\"a\":" + "[".repeat(n) + "]".repeat(rnd.nextInt(n + 1)) + "}";
            case 2 -> "<Event>" + "<a>".repeat(n) + "</a>".repeat(rnd.nextInt(n + 1)) + "</Event>";
            case 3 -> billionLaughs(rnd.nextInt(12));
            case 4 -> "<?xml version='1.0'?><!DOCTYPE Event [<!ENTITY xxe SYSTEM '"
                    + (rnd.nextBoolean() ? "file:///etc/passwd" : "http://127.0.0.1:9/x") + "'>]><Event><EventData>"
                    + "<Data Name='DestinationPort'>&xxe;</Data></EventData></Event>";
            case 5 -> "<!DOCTYPE Event [<!ENTITY % p SYSTEM 'http://127.0.0.1:9/p.dtd'> %p;]><Event/>";
            case 6 -> Decoding.xmlWithPort(charRefs(rnd));
            case 7 -> Decoding.nxlog(",\"DestinationPort\":" + hugeNumber(rnd));
            case 8 -> "{\"_time\":" + hugeNumber(rnd) + ",\"dest_port\":" + hugeNumber(rnd) + "}";
            case 9 -> Decoding.nxlog(",\"" + (rnd.nextBoolean() ? "EventID" : "Dest\\u0069nationPort") + "\":3");
            case 10 -> Decoding.winlogbeat(Decoding.JSON_DATA_MEMBERS, "", ",\"winlog\":{\"event_id\":3}");
            case 11 -> "{\"k\":\"" + "\\u0041".repeat(n) + "\\ud800\"}";
            case 12 -> Decoding.xmlEvent(Decoding.SYSTEM, Decoding.DATA + "<x a='1' a='2'/>".repeat(1 + rnd.nextInt(3)));
            case 13 -> Decoding.xmlEvent(Decoding.SYSTEM, Decoding.DATA + "<x" + " a%d=''".repeat(n).formatted(
                    java.util.stream.IntStream.range(0, n).boxed().toArray()) + "/>");
            case 14 -> "{" + "\"k\":1,".repeat(n) + "\"_time\":\"2024-05-01T12:00:00Z\",\"dest_port\":\"7844\"}";
            default -> new String(mutated(rnd), UTF_8) + TOKENS[rnd.nextInt(TOKENS.length)];
        };
        return s.getBytes(UTF_8);
    }

    static String billionLaughs(int levels) {
        StringBuilder sb = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol0 'lol'>");
        for (int i = 1; i <= levels; i++) {
            sb.append("<!ENTITY lol").append(i).append(" '").append(("&lol" + (i - 1) + ";").repeat(10)).append("'>");
        }
        return sb.append("]><Event><EventData><Data Name='Image'>&lol").append(levels).append(";</Data></EventData></Event>")
                .toString();
    }

    private static String charRefs(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(6); i >= 0; i--) {
            int cp = switch (rnd.nextInt(4)) {
                case 0 -> '0' + rnd.nextInt(10);
                case 1 -> rnd.nextInt(0x20);
                case 2 -> 0xD800 + rnd.nextInt(0x800);
                default -> rnd.nextInt(0x120000);
            };
            sb.append(rnd.nextBoolean() ? "&#" + cp + ";" : "&#x" + Integer.toHexString(cp) + ";");
        }
        return sb.toString();
    }

    private static String hugeNumber(Random rnd) {
        String digits = "9".repeat(1 + rnd.nextInt(rnd.nextBoolean() ? 25 : 20_000));
        return switch (rnd.nextInt(5)) {
            case 0 -> digits;
            case 1 -> "-" + digits;
            case 2 -> "1." + digits;
            case 3 -> "1e" + digits;
            default -> "\"" + digits + "\"";
        };
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        return concat(concat(Arrays.copyOf(b, at), what), Arrays.copyOfRange(b, at, b.length));
    }

    private static byte[] prepend(String s, byte[] b) {
        return concat(s.getBytes(UTF_8), b);
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
