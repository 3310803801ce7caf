package dev.tunnelwatch.connectors.record;

import java.util.Arrays;

/**
 * One input record exactly as it arrived: its bytes (line end and file byte-order mark removed)
 * and where it came from. The bytes are kept unchanged so that a dead letter can carry them.
 *
 * @param source the file path, or {@code topic/partition} for Kafka
 * @param position the 1-based line number in a file, or the offset in a partition
 * @param bytes the record's raw bytes (its first bytes only, when it was longer than the reader keeps)
 * @param size the record's true size in bytes
 * @param fromLog true for a log (Kafka) record, whose origin reads {@code topic/partition@offset}
 */
public record RawRecord(String source, long position, byte[] bytes, long size, boolean fromLog) {

    /** A line of a file. */
    public RawRecord(String source, long position, byte[] bytes, long size) {
        this(source, position, bytes, size, false);
    }

    /** A whole line of a file. */
    public RawRecord(String source, long position, byte[] bytes) {
        this(source, position, bytes, bytes.length, false);
    }

    /** A Kafka message. */
    public static RawRecord fromKafka(String topic, int partition, long offset, byte[] value) {
        return new RawRecord(topic + "/" + partition, offset, value, value.length, true);
    }

    /** {@code file:line} or {@code topic/partition@offset}, the form used in dead letters. */
    public String origin() {
        return source + (fromLog ? "@" : ":") + position;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord r
                && position == r.position
                && size == r.size
                && fromLog == r.fromLog
                && source.equals(r.source)
                && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * source.hashCode() + Long.hashCode(position)) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RawRecord[" + origin() + ", " + size + " bytes]";
    }
}
