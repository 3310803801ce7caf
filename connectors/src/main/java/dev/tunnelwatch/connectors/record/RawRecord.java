package dev.tunnelwatch.connectors.record;

import java.util.Arrays;

/**
 * One input record exactly as it arrived: its bytes (line end and file byte-order mark removed)
 * and where it came from. The bytes are kept unchanged so that a dead letter can carry them.
 *
 * @param source the file path or, later, the topic/partition
 * @param position the 1-based line number in a file (or an offset in a log)
 * @param bytes the record's raw bytes (its first bytes only, when it was longer than the reader keeps)
 * @param size the record's true size in bytes
 */
public record RawRecord(String source, long position, byte[] bytes, long size) {

    public RawRecord(String source, long position, byte[] bytes) {
        this(source, position, bytes, bytes.length);
    }

    /** {@code file:line}, the form used in dead letters. */
    public String origin() {
        return source + ":" + position;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord r
                && position == r.position
                && size == r.size
                && source.equals(r.source)
                && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * source.hashCode() + Long.hashCode(position)) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RawRecord[" + origin() + ", " + bytes.length + " bytes]";
    }
}
