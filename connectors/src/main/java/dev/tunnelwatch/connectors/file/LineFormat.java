package dev.tunnelwatch.connectors.file;

import dev.tunnelwatch.connectors.decode.PortScreen;
import dev.tunnelwatch.connectors.decode.RecordDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long NEWLINES = ONES * '\n';

    /** Lines are kept whole up to this many bytes; a longer one keeps its start and its size. */
    public static final int DEFAULT_MAX_KEPT_BYTES = 16 << 20;

    /** The most records passed over by the fast path that one {@link FileLine} run stands for. */
    static final int MAX_RUN = 4096;

    private final int maxKeptBytes;
    private final PortScreen screen;
    private final int probeEvery;

    public LineFormat() {
        this(DEFAULT_MAX_KEPT_BYTES);
    }

    /** @param maxKeptBytes the most bytes of one line held in memory, so no line can exhaust it */
    public LineFormat(int maxKeptBytes) {
        this(maxKeptBytes, null);
    }

    /**
     * @param maxKeptBytes the most bytes of one line held in memory, so no line can exhaust it
     * @param screen the fast path: lines it passes over are counted in runs, not copied; null for none
     */
    public LineFormat(int maxKeptBytes, PortScreen screen) {
        this(maxKeptBytes, screen, 0);
    }

    /**
     * @param probeEvery with a screen, also pass on every this many lines in a row it would pass
     *     over (0: never), so that event time, and the watermark, keep moving with the traffic
     *     when matches are rare (unbounded runs)
     */
    public LineFormat(int maxKeptBytes, PortScreen screen, int probeEvery) {
        if (maxKeptBytes < 1) {
            throw new IllegalArgumentException("maxKeptBytes must be positive");
        }
        if (probeEvery < 0) {
            throw new IllegalArgumentException("probeEvery must not be negative");
        }
        this.maxKeptBytes = maxKeptBytes;
        this.screen = screen;
        this.probeEvery = probeEvery;
    }

    @Override
    public StreamFormat.Reader<FileLine> createReader(Configuration config, FSDataInputStream stream) {
        return new Reader(stream, maxKeptBytes, screen, probeEvery);
    }

    @Override
    public TypeInformation<FileLine> getProducedType() {
        return TypeInformation.of(FileLine.class);
    }

    static final class Reader implements StreamFormat.Reader<FileLine> {
        private final InputStream in;
        private final int maxKeptBytes;
        private final PortScreen screen;
        private final int probeEvery;
        /** Lines passed over since the last one passed on. */
        private int sinceProbe;
        private final byte[] buffer = new byte[BUFFER_SIZE];
        private int pos;
        private int limit;
        private boolean eof;
        private long lineNumber;
        /** A line that did not fit in the buffer, gathered here. */
        private byte[] line = new byte[256];
        /** The current line: {@code [lineOffset, lineOffset + lineLength)} of {@code lineBytes}. */
        private byte[] lineBytes;
        private int lineOffset;
        private int lineLength;
        /** Bytes of the current line beyond what is kept. */
        private long dropped;
        /** The last byte of the current line so far, kept or not. */
        private int lastByte = -1;
        /** A record read while ending a run of passed-over ones, returned next. */
        private FileLine pending;
        /**
         * Whether the scan that found the current line's end also screened it, and if so whether it
         * found a trigger in it: lines lying whole in the buffer are screened in that one pass.
         */
        private boolean screened;
        private boolean holdsTrigger;

        Reader(InputStream in, int maxKeptBytes, PortScreen screen, int probeEvery) {
            this.in = in;
            this.maxKeptBytes = maxKeptBytes;
            this.screen = screen;
            this.probeEvery = probeEvery;
        }

        /**
         * The next record, or a run of passed-over ones. Runs end where a record to decode starts,
         * at {@link #MAX_RUN} and at the end of the file: fixed by the file's content alone, so a
         * restore that re-reads the file and skips the records already emitted lands on the same one.
         */
        @Override
        public FileLine read() throws IOException {
            if (pending != null) {
                FileLine next = pending;
                pending = null;
                return next;
            }
            int passedOver = 0;
            while (nextLine()) {
                lineNumber++;
                if (lineNumber == 1 && lineLength >= 3 && lineBytes[lineOffset] == (byte) 0xEF
                        && lineBytes[lineOffset + 1] == (byte) 0xBB && lineBytes[lineOffset + 2] == (byte) 0xBF) {
                    lineOffset += 3;
                    lineLength -= 3;
                }
                if (dropped == 0 && RecordDecoder.isBlank(lineBytes, lineOffset, lineLength)) {
                    continue;
                }
                if (screen != null && dropped == 0
                        && !(screened ? holdsTrigger : screen.mayMatch(lineBytes, lineOffset, lineLength))
                        && (probeEvery == 0 || ++sinceProbe < probeEvery)) {
                    if (++passedOver == MAX_RUN) {
                        return FileLine.passedOver(passedOver);
                    }
                    continue;
                }
                sinceProbe = 0;
                FileLine record = new FileLine(lineNumber,
                        Arrays.copyOfRange(lineBytes, lineOffset, lineOffset + lineLength), lineLength + dropped);
                if (passedOver > 0) {
                    pending = record;
                    return FileLine.passedOver(passedOver);
                }
                return record;
            }
            return passedOver > 0 ? FileLine.passedOver(passedOver) : null;
        }

        /**
         * Finds the next line: in place in the buffer when it lies there whole (the usual case, no
         * copy), else gathered into {@code line}. False at the end of the file.
         *
         * <p>With a screen, the line's end and its first trigger are looked for in one pass: a line
         * without a trigger (the great majority) is read once; a candidate's end is found after its
         * trigger. The trigger never lies past the line's end (no trigger holds a '\n'), and never
         * in the BOM or the '\r' that are cut off (none holds such a byte). The triggers looked for
         * are those of the line's kind (XML, JSON or other: {@link PortScreen}), told once from its
         * first bytes.
         */
        private boolean nextLine() throws IOException {
            dropped = 0;
            lastByte = -1;
            screened = false;
            if (pos < limit) {
                int newline;
                if (screen != null) {
                    int stop = screen.indexOfLineEndOrTrigger(buffer, pos, limit, kindOfLine());
                    holdsTrigger = stop >= 0 && buffer[stop] != '\n';
                    newline = holdsTrigger ? indexOfNewline(buffer, stop + 1, limit) : stop;
                } else {
                    newline = indexOfNewline(buffer, pos, limit);
                }
                if (newline >= 0 && newline - pos <= maxKeptBytes) {
                    screened = screen != null;
                    int end = newline > pos && buffer[newline - 1] == '\r' ? newline - 1 : newline;
                    lineBytes = buffer;
                    lineOffset = pos;
                    lineLength = end - pos;
                    pos = newline + 1;
                    return true;
                }
            }
            int length = readLine();
            if (length < 0) {
                return false;
            }
            lineBytes = line;
            lineOffset = 0;
            lineLength = length;
            return true;
        }

        /**
         * The kind of the line starting at {@code pos}, as the decoder will read it: line 1's
         * byte-order mark, which {@link #read} strips, is skipped (when it lies in the buffer whole;
         * else the kind is {@link PortScreen#OTHER}, screened for every encoding, which is safe).
         */
        private int kindOfLine() {
            int start = pos;
            if (lineNumber == 0 && limit - pos >= 3 && buffer[pos] == (byte) 0xEF && buffer[pos + 1] == (byte) 0xBB
                    && buffer[pos + 2] == (byte) 0xBF) {
                start += 3;
            }
            return PortScreen.kindOfLine(buffer, start, limit);
        }

        /** Reads the next line into {@code line}; returns its length without line end, -1 at end of file. */
        private int readLine() throws IOException {
            int length = 0;
            boolean any = false;
            while (true) {
                if (pos == limit) {
                    if (eof || !fill()) {
                        return any ? length : -1;
                    }
                }
                any = true;
                int newline = indexOfNewline(buffer, pos, limit);
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

        /** Eight bytes at a time: the first '\\n' in {@code [from, to)}, or -1. */
        private static int indexOfNewline(byte[] bytes, int from, int to) {
            int i = from;
            for (; i + 8 <= to; i += 8) {
                long x = (long) LONGS.get(bytes, i) ^ NEWLINES;
                long zero = (x - ONES) & ~x & HIGHS;
                if (zero != 0) {
                    return i + (Long.numberOfTrailingZeros(zero) >>> 3); // the lowest flag is exact
                }
            }
            for (; i < to; i++) {
                if (bytes[i] == '\n') {
                    return i;
                }
            }
            return -1;
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
