package dev.tunnelwatch.connectors.file;

import dev.tunnelwatch.connectors.decode.RecordDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Splits a file into records on {@code \n}, as raw bytes. Flink's {@code TextLineInputFormat}
 * decodes lines to strings, which would hide invalid UTF-8 and lose the bytes a dead letter keeps.
 *
 * <p>Rules (spec section 2): one {@code \r} right before {@code \n} is removed, any other is kept;
 * a UTF-8 byte-order mark at the start of the file is dropped; blank lines are not records. The
 * format is not splittable, so line numbers always count from the start of the file, also after
 * a restore (Flink re-reads the file and skips the records already emitted).
 */
public final class LineFormat extends SimpleStreamFormat<FileLine> {

    private static final int BUFFER_SIZE = 64 * 1024;

    /** Lines are kept whole up to this many bytes; a longer one keeps its start and its size. */
    public static final int DEFAULT_MAX_KEPT_BYTES = 16 << 20;

    private final int maxKeptBytes;

    public LineFormat() {
        this(DEFAULT_MAX_KEPT_BYTES);
    }

    /** @param maxKeptBytes the most bytes of one line held in memory, so no line can exhaust it */
    public LineFormat(int maxKeptBytes) {
        if (maxKeptBytes < 1) {
            throw new IllegalArgumentException("maxKeptBytes must be positive");
        }
        this.maxKeptBytes = maxKeptBytes;
    }

    @Override
    public StreamFormat.Reader<FileLine> createReader(Configuration config, FSDataInputStream stream) {
        return new Reader(stream, maxKeptBytes);
    }

    @Override
    public TypeInformation<FileLine> getProducedType() {
        return TypeInformation.of(FileLine.class);
    }

    static final class Reader implements StreamFormat.Reader<FileLine> {
        private final InputStream in;
        private final int maxKeptBytes;
        private final byte[] buffer = new byte[BUFFER_SIZE];
        private int pos;
        private int limit;
        private boolean eof;
        private long lineNumber;
        private byte[] line = new byte[256];
        /** Bytes of the current line beyond what is kept. */
        private long dropped;
        /** The last byte of the current line so far, kept or not. */
        private int lastByte = -1;

        Reader(InputStream in, int maxKeptBytes) {
            this.in = in;
            this.maxKeptBytes = maxKeptBytes;
        }

        @Override
        public FileLine read() throws IOException {
            while (true) {
                int length = readLine();
                if (length < 0) {
                    return null;
                }
                lineNumber++;
                int start = 0;
                if (lineNumber == 1 && length >= 3
                        && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
                    start = 3;
                }
                byte[] bytes = Arrays.copyOfRange(line, start, length);
                if (dropped > 0 || !RecordDecoder.isBlank(bytes)) {
                    return new FileLine(lineNumber, bytes, bytes.length + dropped);
                }
            }
        }

        /** Reads the next line into {@code line}; returns its length without line end, -1 at end of file. */
        private int readLine() throws IOException {
            int length = 0;
            boolean any = false;
            dropped = 0;
            lastByte = -1;
            while (true) {
                if (pos == limit) {
                    if (eof || !fill()) {
                        return any ? length : -1;
                    }
                }
                any = true;
                int newline = -1;
                for (int i = pos; i < limit; i++) {
                    if (buffer[i] == '\n') {
                        newline = i;
                        break;
                    }
                }
                int end = newline >= 0 ? newline : limit;
                length = append(length, pos, end - pos);
                if (newline >= 0) {
                    pos = newline + 1;
                    if (lastByte == '\r') {
                        if (dropped > 0) {
                            dropped--;
                        } else {
                            length--;
                        }
                    }
                    return length;
                }
                pos = limit;
            }
        }

        private int append(int length, int from, int count) {
            if (count > 0) {
                lastByte = buffer[from + count - 1];
            }
            int kept = Math.min(count, maxKeptBytes - length);
            dropped += count - kept;
            count = kept;
            if (length + count > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
            }
            System.arraycopy(buffer, from, line, length, count);
            return length + count;
        }

        private boolean fill() throws IOException {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                eof = true;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
