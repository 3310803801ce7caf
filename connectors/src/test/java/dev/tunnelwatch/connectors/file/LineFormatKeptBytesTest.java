package dev.tunnelwatch.connectors.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.junit.jupiter.api.Test;

/** A line longer than the reader keeps costs bounded memory and still reports its true size. */
class LineFormatKeptBytesTest {

    private static List<FileLine> read(byte[] content, int maxKept) throws IOException {
        List<FileLine> out = new ArrayList<>();
        try (StreamFormat.Reader<FileLine> reader =
                new LineFormat(maxKept).createReader(new Configuration(), new BytesInput(content))) {
            FileLine l;
            while ((l = reader.read()) != null) {
                out.add(l);
            }
        }
        return out;
    }

    @Test
    void longLinesKeepTheirStartAndTrueSizeAndTheNextLineIsIntact() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(("a".repeat(200_000) + "\r\n").getBytes(UTF_8));
        in.writeBytes("next\n".getBytes(UTF_8));
        in.writeBytes(("b".repeat(100) + "\n").getBytes(UTF_8));
        in.writeBytes(("c".repeat(70_000)).getBytes(UTF_8));

        List<FileLine> lines = read(in.toByteArray(), 100);

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).number()).isEqualTo(1);
        assertThat(lines.get(0).bytes()).hasSize(100);
        assertThat(lines.get(0).size()).isEqualTo(200_000); // the \r before \n is not part of it
        assertThat(new String(lines.get(1).bytes(), UTF_8)).isEqualTo("next");
        assertThat(lines.get(1).size()).isEqualTo(4);
        assertThat(lines.get(2).bytes()).hasSize(100);
        assertThat(lines.get(2).size()).isEqualTo(100);
        assertThat(lines.get(3).number()).isEqualTo(4);
        assertThat(lines.get(3).size()).isEqualTo(70_000);
    }

    @Test
    void aLongBlankLineIsStillARecordWhenItCannotBeSeenWhole() throws IOException {
        List<FileLine> lines = read((" ".repeat(50) + "\n" + " ".repeat(500) + "x\n").getBytes(UTF_8), 100);
        assertThat(lines).extracting(FileLine::number).containsExactly(2L);
        assertThat(lines.get(0).size()).isEqualTo(501);
    }

    private static final class BytesInput extends FSDataInputStream {
        private final ByteArrayInputStream in;

        BytesInput(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public void seek(long desired) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getPos() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }
    }
}
