package dev.tunnelwatch.connectors.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.connectors.decode.KindAwareReference;
import dev.tunnelwatch.connectors.decode.PortScreen;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.junit.jupiter.api.Test;

/**
 * The reader that screens each line in the pass that finds its end, with the Vector API scan and
 * with the portable one, gives exactly what the reader before it gave ({@link BaselineLineReader}:
 * line end first, then the screen) with the screen's rule written plainly ({@link KindAwareReference},
 * each line screened for its kind's triggers): the same records, runs, line numbers and sizes, over
 * large seeded random files made mostly of triggers and their pieces, XML and JSON lines, with lines
 * and runs of backslashes across the 64 KiB buffer, blank lines, a BOM, {@code \r\n}, lines longer
 * than what is kept, and probes.
 */
class LineFormatOnePassTest {

    private static final List<String> PORTS = List.of("7844");
    private static final int BUFFER = 64 * 1024;

    /** Pieces of lines: triggers, their starts and ends, near misses, whitespace, event-like text. */
    private static final String[] PIECES = {"7844", "784", "78", "7", "8", "44", "07844", "&#", "&", "#", "<!", "<?",
            "<", "!", "?", "\\u", "\\", "u", " ", "\t", "\r", "\r\n", "\n", "\n\n", " \n", "\uFEFF", "0", "443",
            "<Data Name='DestinationPort'>443</Data>", "{\"DestinationPort\":443}", "C:\\Users\\x", "\u00e9",
            "\n{", "\n<", "\n {", "\n\t<", "\\\\u", "\\\\\\u", "\\\\", "C:\\\\Users\\\\ulee", "&#55;", "<!---->",
            "\\u0037"};

    private static byte[] randomFile(Random rnd, int size, boolean longLines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 70_000);
        if (rnd.nextInt(4) == 0) {
            out.writeBytes("\uFEFF".getBytes(UTF_8));
        }
        while (out.size() < size) {
            int r = rnd.nextInt(1000);
            if (longLines && r == 0) {
                // A line longer than the buffer, maybe with a trigger at its far end.
                out.writeBytes("x".repeat(BUFFER + rnd.nextInt(2 * BUFFER)).getBytes(UTF_8));
                out.writeBytes((rnd.nextBoolean() ? "7844\n" : "\n").getBytes(UTF_8));
            } else if (r < 60) {
                // Event-sized text without triggers: lines end near buffer boundaries at every alignment.
                out.writeBytes("a".repeat(rnd.nextInt(1500)).getBytes(UTF_8));
            } else {
                out.writeBytes(PIECES[rnd.nextInt(PIECES.length)].getBytes(UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** Triggers laid across each 64 KiB boundary: the spelling starts in one buffer and ends in the next. */
    private static byte[] triggersAcrossBuffers() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> triggers = List.of("7844", "&#", "<!", "<?", "\\u");
        for (int boundary = 1; boundary <= 40; boundary++) {
            String trigger = triggers.get(boundary % triggers.size());
            int cut = 1 + boundary % trigger.length(); // bytes of the trigger before the boundary
            int lineStart = out.size();
            int before = boundary * BUFFER - cut - lineStart;
            // In JSON lines (every other boundary), where only the port and an escape are triggers.
            String open = boundary % 2 == 0 ? "{e:" : "<e>";
            out.writeBytes((open + "y".repeat(Math.max(0, before - 3))).getBytes(UTF_8));
            out.writeBytes((trigger + "</e>\n<e>443</e>\n").getBytes(UTF_8));
        }
        return out.toByteArray();
    }

    /**
     * JSON lines with a run of backslashes and a 'u' across each 64 KiB boundary: runs of 1 to 6
     * (odd ones escape the 'u'), ending at the boundary's every side.
     */
    private static byte[] backslashRunsAcrossBuffers() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int boundary = 1; boundary <= 48; boundary++) {
            int run = 1 + boundary % 6;
            int cut = boundary % (run + 2); // bytes of the run and 'u' before the boundary
            int before = boundary * BUFFER - cut - out.size();
            out.writeBytes(("{\"a\":\"" + "y".repeat(Math.max(0, before - 6))).getBytes(UTF_8));
            out.writeBytes(("\\".repeat(run) + "u0037844\"}\n{\"p\":443}\n").getBytes(UTF_8));
        }
        return out.toByteArray();
    }

    /** What a reader gives: records as "number:size:bytes", runs as "run:n". */
    private static List<String> read(StreamFormat.Reader<FileLine> reader) throws IOException {
        List<String> out = new ArrayList<>();
        try (reader) {
            for (FileLine l; (l = reader.read()) != null; ) {
                out.add(l.cannotMatch() > 0 ? "run:" + l.cannotMatch()
                        : l.number() + ":" + l.size() + ":" + Arrays.hashCode(l.bytes()) + ":" + l.bytes().length);
            }
        }
        return out;
    }

    private static void assertSameAsBefore(byte[] content, int chunk, int maxKept, int probeEvery, String what)
            throws IOException {
        List<String> before = read(new BaselineLineReader(new LineFormatTest.ChunkedStream(content, chunk), maxKept,
                new KindAwareReference(PORTS)::mayMatch, probeEvery));
        for (PortScreen screen : List.of(new PortScreen(PORTS), PortScreen.withoutVectors(PORTS))) {
            List<String> now = read(new LineFormat.Reader(new LineFormatTest.ChunkedStream(content, chunk), maxKept,
                    screen, probeEvery));
            assertThat(now).as("%s, %s, chunk %d, kept %d, probe %d", what,
                    screen.usesVectors() ? "vectors" : "words", chunk, maxKept, probeEvery).isEqualTo(before);
        }
    }

    @Test
    void bothScansAreExercised() {
        assertThat(new PortScreen(PORTS).usesVectors()).as("tests run with --add-modules jdk.incubator.vector").isTrue();
        assertThat(PortScreen.withoutVectors(PORTS).usesVectors()).isFalse();
    }

    @Test
    void sameRecordsRunsAndLineNumbersAsBeforeOverRandomFiles() throws IOException {
        Random rnd = new Random(7844);
        for (int file = 0; file < 60; file++) {
            byte[] content = randomFile(rnd, file % 10 == 0 ? 600_000 : 1 + rnd.nextInt(20_000), file % 3 == 0);
            int chunk = switch (file % 4) {
                case 0 -> BUFFER;
                case 1 -> 1 + rnd.nextInt(100);
                case 2 -> 1 + rnd.nextInt(BUFFER);
                default -> 1 << 20;
            };
            int maxKept = file % 5 == 0 ? 1 + rnd.nextInt(2000) : LineFormat.DEFAULT_MAX_KEPT_BYTES;
            int probeEvery = file % 7 == 0 ? 1 + rnd.nextInt(5) : 0;
            assertSameAsBefore(content, chunk, maxKept, probeEvery, "file " + file);
        }
    }

    @Test
    void sameAsBeforeWithTriggersAcrossBufferBoundaries() throws IOException {
        byte[] content = triggersAcrossBuffers();
        for (int chunk : new int[] {BUFFER, BUFFER - 1, 4099, 1 << 20}) {
            assertSameAsBefore(content, chunk, LineFormat.DEFAULT_MAX_KEPT_BYTES, 0, "triggers across buffers");
        }
        // Each boundary's line is a candidate, the next one is passed over; but for the JSON lines
        // (even boundaries) with an XML construct, 12 of the 20, and the XML lines with a \\u, 4 of the 20.
        List<String> out = read(new LineFormat.Reader(new LineFormatTest.ChunkedStream(content, BUFFER),
                LineFormat.DEFAULT_MAX_KEPT_BYTES, new PortScreen(PORTS), 0));
        assertThat(out.stream().filter(s -> !s.startsWith("run:"))).hasSize(24);
    }

    @Test
    void sameAsBeforeWithBackslashRunsAcrossBufferBoundaries() throws IOException {
        byte[] content = backslashRunsAcrossBuffers();
        for (int chunk : new int[] {BUFFER, BUFFER - 1, 4099, 1 << 20}) {
            assertSameAsBefore(content, chunk, LineFormat.DEFAULT_MAX_KEPT_BYTES, 0, "backslash runs across buffers");
        }
        // Each boundary's line is a candidate when its run is odd (1, 3 or 5 backslashes), the next one never.
        List<String> out = read(new LineFormat.Reader(new LineFormatTest.ChunkedStream(content, BUFFER),
                LineFormat.DEFAULT_MAX_KEPT_BYTES, new PortScreen(List.of("9")), 0));
        assertThat(out.stream().filter(s -> !s.startsWith("run:"))).hasSize(24);
    }

    @Test
    void sameAsBeforeOnEventLikeLines() throws IOException {
        // Sysmon-like lines of ~1.4 KB with digits everywhere; now and then the port.
        Random rnd = new Random(20261204);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sb.append("<Event><System><EventID>3</EventID><TimeCreated SystemTime='2026-12-01T0")
                    .append(rnd.nextInt(10)).append(":17:").append(rnd.nextInt(60)).append(".").append(rnd.nextInt(1 << 30))
                    .append("Z'/></System><EventData>");
            for (int k = 0; k < 20; k++) {
                sb.append("<Data Name='F").append(k).append("'>").append(rnd.nextInt(1 << 20)).append("</Data>");
            }
            sb.append("<Data Name='DestinationPort'>").append(rnd.nextInt(100) == 0 ? 7844 : 443 + rnd.nextInt(7))
                    .append("</Data></EventData></Event>").append(rnd.nextInt(5) == 0 ? "\r\n" : "\n");
        }
        byte[] content = sb.toString().getBytes(UTF_8);
        assertSameAsBefore(content, BUFFER, LineFormat.DEFAULT_MAX_KEPT_BYTES, 0, "events");
        assertSameAsBefore(content, 1000, LineFormat.DEFAULT_MAX_KEPT_BYTES, 10, "events");
    }
}
