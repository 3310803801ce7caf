package dev.tunnelwatch.connectors.file;

import dev.tunnelwatch.connectors.decode.BaselinePortScreen;
import dev.tunnelwatch.connectors.decode.RecordDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.flink.connector.file.src.reader.StreamFormat;

/**
 * {@code LineFormat.Reader} as it was before the one-pass scan (commit 7274fc7), unchanged but for
 * its screen's type: it finds each line's end, then screens the line, with {@link BaselinePortScreen}
 * (the baseline of {@link ScanThroughput}) or with any other screen of whole lines (the paired tests
 * give it the kind-aware reference, {@code KindAwareReference}).
 */
final class BaselineLineReader implements StreamFormat.Reader<FileLine> {
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long NEWLINES = ONES * '\n';
    private static final int MAX_RUN = LineFormat.MAX_RUN;

    private final InputStream in;
    private final int maxKeptBytes;
    /** Screens a whole line (its record's bytes, line end and byte-order mark removed). */
    interface LineScreen {
        boolean mayMatch(byte[] bytes, int offset, int length);
    }

    private final LineScreen screen;
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

    BaselineLineReader(InputStream in, int maxKeptBytes, BaselinePortScreen screen, int probeEvery) {
        this(in, maxKeptBytes, screen == null ? null : screen::mayMatch, probeEvery);
    }

    BaselineLineReader(InputStream in, int maxKeptBytes, LineScreen screen, int probeEvery) {
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
            if (screen != null && dropped == 0 && !screen.mayMatch(lineBytes, lineOffset, lineLength)
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
     */
    private boolean nextLine() throws IOException {
        dropped = 0;
        lastByte = -1;
        if (pos < limit) {
            int newline = indexOfNewline(buffer, pos, limit);
            if (newline >= 0 && newline - pos <= maxKeptBytes) {
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
