package dev.tunnelwatch.connectors.decode;

import java.io.Serializable;

/**
 * Limits a record must stay within (spec section 7); beyond one, it is a dead letter whose reason
 * names the limit. The defaults accept every record the spec says must be accepted: a record of
 * 1 MiB cannot hold more fields, or a longer field, than the defaults allow.
 *
 * @param maxRecordBytes the largest record, in bytes without line end and byte-order mark
 * @param maxJsonDepth the deepest JSON nesting (open objects and arrays)
 * @param maxXmlDepth the deepest XML element nesting
 * @param maxFields the most fields in one record: JSON object members, XML elements and attributes
 * @param maxFieldChars the longest field value or name, in characters after decoding
 * @param minEventTimeMillis the earliest accepted event time, epoch milliseconds ({@link Long#MIN_VALUE}: none)
 * @param maxEventTimeAheadMillis how far past the decoding machine's clock an event time may lie
 *     ({@link Long#MAX_VALUE}: no limit); a later one could move a stream's watermark and make
 *     every real event after it late
 */
public record DecodeLimits(
        int maxRecordBytes,
        int maxJsonDepth,
        int maxXmlDepth,
        int maxFields,
        int maxFieldChars,
        long minEventTimeMillis,
        long maxEventTimeAheadMillis) implements Serializable {

    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_JSON_DEPTH = 64;
    public static final int DEFAULT_MAX_XML_DEPTH = 64;
    public static final int DEFAULT_MAX_FIELDS = 1 << 20;
    public static final int DEFAULT_MAX_FIELD_CHARS = 1 << 20;
    /** 2000-01-01T00:00:00Z: Sysmon did not exist before; earlier times are clock faults or forgeries. */
    public static final long DEFAULT_MIN_EVENT_TIME_MILLIS = 946_684_800_000L;
    /** One day: generous for clock skew and time zones written as UTC. */
    public static final long DEFAULT_MAX_EVENT_TIME_AHEAD_MILLIS = 86_400_000L;

    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_XML_DEPTH,
                DEFAULT_MAX_FIELDS, DEFAULT_MAX_FIELD_CHARS,
                DEFAULT_MIN_EVENT_TIME_MILLIS, DEFAULT_MAX_EVENT_TIME_AHEAD_MILLIS);
    }

    /** These limits with the given size and depth limits, the others unchanged. */
    public DecodeLimits withSizeAndDepth(int maxRecordBytes, int maxJsonDepth, int maxXmlDepth) {
        return new DecodeLimits(maxRecordBytes, maxJsonDepth, maxXmlDepth, maxFields, maxFieldChars,
                minEventTimeMillis, maxEventTimeAheadMillis);
    }

    /** These limits without an event-time range: every time the spec can read is accepted. */
    public DecodeLimits withoutTimeRange() {
        return new DecodeLimits(maxRecordBytes, maxJsonDepth, maxXmlDepth, maxFields, maxFieldChars,
                Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public DecodeLimits {
        if (maxRecordBytes < 1 || maxJsonDepth < 1 || maxXmlDepth < 1 || maxFields < 1 || maxFieldChars < 1) {
            throw new IllegalArgumentException("decode limits must be positive");
        }
        if (maxEventTimeAheadMillis < 0) {
            throw new IllegalArgumentException("the event-time limit ahead of the clock must not be negative");
        }
    }
}
