package dev.tunnelwatch.connectors.record;

/** Why a record went to the dead-letter output. The code is what dead letters and metrics show. */
public enum DeadLetterReason {
    INVALID_UTF8("invalid-utf8"),
    RECORD_TOO_LARGE("record-too-large"),
    NESTING_TOO_DEEP("nesting-too-deep"),
    /** More fields (JSON object members, XML elements and attributes) than {@code max-fields}. */
    TOO_MANY_FIELDS("too-many-fields"),
    /** A field name or value longer than {@code max-field-chars}. */
    FIELD_TOO_LONG("field-too-long"),
    MALFORMED_JSON("malformed-json"),
    MALFORMED_XML("malformed-xml"),
    DTD_REFUSED("dtd-refused"),
    UNRECOGNISED_RECORD("unrecognised-record"),
    DUPLICATE_FIELD("duplicate-field"),
    NOT_A_SCALAR("not-a-scalar"),
    UNPAIRED_SURROGATE("unpaired-surrogate"),
    NO_USABLE_TIME("no-usable-time"),
    /** An event time before {@code min-event-time} or more than {@code max-event-time-ahead} past the clock. */
    TIME_OUT_OF_RANGE("time-out-of-range"),
    /** An output row too large for a Kafka message; the row itself is the raw content. */
    ROW_TOO_LARGE("row-too-large");

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
