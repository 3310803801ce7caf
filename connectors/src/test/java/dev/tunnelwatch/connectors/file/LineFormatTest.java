package dev.tunnelwatch.connectors.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.local.LocalDataInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec section 2: how a file is split into records. */
class LineFormatTest {

    private static final String BOM = "\uFEFF";

    @TempDir
    Path dir;

    /** A line as (number, text) for compact assertions. */
    record Line(long number, String text) {
        static Line of(FileLine l) {
            return new Line(l.number(), new String(l.bytes(), UTF_8));
        }
    }

    private List<FileLine> readFile(byte[] content) throws IOException {
        Path file = Files.createTempFile(dir, "in", ".log");
        Files.write(file, content);
        try (StreamFormat.Reader<FileLine> reader =
                new LineFormat().createReader(new Configuration(), new LocalDataInputStream(file.toFile()))) {
            return drain(reader);
        }
    }

    /** Reads through a stream that hands out at most {@code chunk} bytes per read call. */
    private List<FileLine> readChunked(byte[] content, int chunk) throws IOException {
        try (StreamFormat.Reader<FileLine> reader =
                new LineFormat().createReader(new Configuration(), new ChunkedStream(content, chunk))) {
            return drain(reader);
        }
    }

    private static List<FileLine> drain(StreamFormat.Reader<FileLine> reader) throws IOException {
        List<FileLine> lines = new ArrayList<>();
        FileLine l;
        while ((l = reader.read()) != null) {
            lines.add(l);
        }
        assertThat(reader.read()).isNull(); // stays at end
        return lines;
    }

    private List<Line> read(String content) throws IOException {
        List<Line> viaFile = readFile(content.getBytes(UTF_8)).stream().map(Line::of).toList();
        for (int chunk : new int[] {1, 2, 3, 7}) {
            List<Line> viaChunks = readChunked(content.getBytes(UTF_8), chunk).stream().map(Line::of).toList();
            assertThat(viaChunks).as("chunk size %d", chunk).isEqualTo(viaFile);
        }
        return viaFile;
    }

    @Test
    void newlineSeparatesRecords() throws IOException {
        assertThat(read("a\nb\n")).containsExactly(new Line(1, "a"), new Line(2, "b"));
        assertThat(read("{\"x\":1}\n<Event/>\n")).containsExactly(new Line(1, "{\"x\":1}"), new Line(2, "<Event/>"));
    }

    @Test
    void crBeforeNewlineIsRemoved() throws IOException {
        assertThat(read("a\r\nb\r\n")).containsExactly(new Line(1, "a"), new Line(2, "b"));
    }

    @Test
    void loneCrIsPartOfTheRecord() throws IOException {
        assertThat(read("a\rb\n")).containsExactly(new Line(1, "a\rb"));
        assertThat(read("a\rb\rc")).containsExactly(new Line(1, "a\rb\rc"));
        assertThat(read("\ra\n")).containsExactly(new Line(1, "\ra"));
    }

    @Test
    void onlyOneCrBeforeNewlineIsRemoved() throws IOException {
        assertThat(read("a\r\r\nb\n")).containsExactly(new Line(1, "a\r"), new Line(2, "b"));
        assertThat(read("a\r\r\r\n")).containsExactly(new Line(1, "a\r\r"));
    }

    @Test
    void crAtEndOfFileWithoutNewlineIsKept() throws IOException {
        assertThat(read("a\nb\r")).containsExactly(new Line(1, "a"), new Line(2, "b\r"));
    }

    @Test
    void lastLineWithoutNewline() throws IOException {
        assertThat(read("a\nb")).containsExactly(new Line(1, "a"), new Line(2, "b"));
        assertThat(read("only")).containsExactly(new Line(1, "only"));
    }

    @Test
    void byteOrderMarkIsStrippedOnLineOneOnly() throws IOException {
        assertThat(read(BOM + "a\n" + BOM + "b\n")).containsExactly(new Line(1, "a"), new Line(2, BOM + "b"));
        assertThat(read(BOM + "{}\r\n")).containsExactly(new Line(1, "{}"));
        // only one byte-order mark, and only at the very start of the file
        assertThat(read(BOM + BOM + "a")).containsExactly(new Line(1, BOM + "a"));
        assertThat(read(" " + BOM + "a")).containsExactly(new Line(1, " " + BOM + "a"));
        assertThat(read("x" + BOM + "a")).containsExactly(new Line(1, "x" + BOM + "a"));
    }

    @Test
    void byteOrderMarkOnlyFile() throws IOException {
        assertThat(read(BOM)).isEmpty();
        assertThat(read(BOM + "\n")).isEmpty();
        assertThat(read(BOM + "\r\n \t\nx")).containsExactly(new Line(3, "x"));
    }

    @Test
    void blankLinesAreSkippedButCounted() throws IOException {
        assertThat(read("a\n\n   \n\t\r\n\r\n\r\r\nb\n \n")).containsExactly(new Line(1, "a"), new Line(7, "b"));
        assertThat(read("\n\n\nc")).containsExactly(new Line(4, "c"));
    }

    @Test
    void nonSpecWhitespaceIsNotBlank() throws IOException {
        assertThat(read("\u00A0\n\u000B\n\u000C\n")).containsExactly(
                new Line(1, "\u00A0"), new Line(2, "\u000B"), new Line(3, "\u000C"));
    }

    @Test
    void surroundingWhitespaceIsKept() throws IOException {
        assertThat(read("  {\"a\":1}  \t\n")).containsExactly(new Line(1, "  {\"a\":1}  \t"));
    }

    @Test
    void emptyFile() throws IOException {
        assertThat(read("")).isEmpty();
        assertThat(read("\n")).isEmpty();
        assertThat(read("\r\n\r\n")).isEmpty();
    }

    @Test
    void lineLongerThanTheBuffer() throws IOException {
        String longLine = "{\"pad\":\"" + "x".repeat(200_000) + "\"}";
        String veryLong = "y".repeat(3 * 64 * 1024 + 17);
        String content = "first\r\n" + longLine + "\r\n" + veryLong + "\nlast";
        List<Line> lines = readFile(content.getBytes(UTF_8)).stream().map(Line::of).toList();
        assertThat(lines).containsExactly(
                new Line(1, "first"), new Line(2, longLine), new Line(3, veryLong), new Line(4, "last"));
        assertThat(readChunked(content.getBytes(UTF_8), 1000).stream().map(Line::of).toList()).isEqualTo(lines);
    }

    @Test
    void crLfAcrossTheBufferBoundary() throws IOException {
        int buffer = 64 * 1024;
        // the \r is the last byte of the first buffer, the \n the first of the next one
        String first = "a".repeat(buffer - 1);
        String content = first + "\r\nb\n";
        assertThat(readFile(content.getBytes(UTF_8)).stream().map(Line::of).toList())
                .containsExactly(new Line(1, first), new Line(2, "b"));
        // a BOM on a first line that spans buffers
        String bomContent = BOM + "c".repeat(buffer * 2) + "\n";
        assertThat(readFile(bomContent.getBytes(UTF_8)).stream().map(Line::of).toList())
                .containsExactly(new Line(1, "c".repeat(buffer * 2)));
    }

    @Test
    void bytesAreKeptUnchangedIncludingInvalidUtf8() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bad = {'{', (byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xFF, '}'};
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.writeBytes(bad);
        out.writeBytes(new byte[] {'\r', '\n', (byte) 0x80, '\n', (byte) 0xE2, (byte) 0x82});
        List<FileLine> lines = readFile(out.toByteArray());
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).number()).isEqualTo(1);
        assertThat(lines.get(0).bytes()).isEqualTo(bad);
        assertThat(lines.get(1).number()).isEqualTo(2);
        assertThat(lines.get(1).bytes()).isEqualTo(new byte[] {(byte) 0x80});
        assertThat(lines.get(2).number()).isEqualTo(3);
        assertThat(lines.get(2).bytes()).isEqualTo(new byte[] {(byte) 0xE2, (byte) 0x82});
    }

    @Test
    void partialByteOrderMarkIsKept() throws IOException {
        byte[] content = {(byte) 0xEF, (byte) 0xBB, 'a', '\n'};
        List<FileLine> lines = readFile(content);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).bytes()).isEqualTo(new byte[] {(byte) 0xEF, (byte) 0xBB, 'a'});
    }

    @Test
    void manyLines() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            sb.append(i % 3 == 0 ? "" : "line" + i).append(i % 2 == 0 ? "\r\n" : "\n");
        }
        List<Line> lines = readFile(sb.toString().getBytes(UTF_8)).stream().map(Line::of).toList();
        assertThat(lines).hasSize(20_000 - 20_000 / 3);
        assertThat(lines.get(0)).isEqualTo(new Line(1, "line1"));
        assertThat(lines.get(2)).isEqualTo(new Line(4, "line4"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo(new Line(20_000, "line20000"));
    }

    @Test
    void producedType() {
        assertThat(new LineFormat().getProducedType().getTypeClass()).isEqualTo(FileLine.class);
        assertThat(new LineFormat().isSplittable()).isFalse();
    }

    /** An in-memory FSDataInputStream handing out at most {@code chunk} bytes per read. */
    static final class ChunkedStream extends FSDataInputStream {
        private final byte[] data;
        private final int chunk;
        private int pos;

        ChunkedStream(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public void seek(long desired) {
            pos = (int) desired;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    @Test
    void chunkedStreamHelperIsSane() throws IOException {
        ChunkedStream s = new ChunkedStream(new byte[] {1, 2, 3}, 2);
        byte[] b = new byte[10];
        assertThat(s.read(b, 0, 10)).isEqualTo(2);
        assertThat(s.read(b, 2, 10)).isEqualTo(1);
        assertThat(s.read(b, 0, 10)).isEqualTo(-1);
        assertThat(Arrays.copyOf(b, 3)).isEqualTo(new byte[] {1, 2, 3});
    }
}
