package dev.tunnelwatch.connectors.record;

/**
 * A record after decoding, as sources emit it: exactly one of an event (Sysmon or CIM), a skip,
 * or a dead letter. Decoding happens inside the source so that event time, and so watermarks,
 * are known per file split and per Kafka partition.
 *
 * <p>Flat on purpose: nullable record fields keep it a Flink POJO (no Kryo), which a sealed
 * interface would not be.
 *
 * @param sysmon the event, when it is a Sysmon EID 3 record
 * @param cim the event, when it is a CIM record
 * @param skipped true for a well-formed record that is not Sysmon EID 3
 * @param cannotMatch how many records the fast path passed over without decoding, which this
 *     one stands for; 0 for any other record
 * @param deadLetter the dead letter, when the record cannot be used
 * @param origin where an event came from ({@code file:line}, {@code topic/partition@offset}); null otherwise
 */
public record DecodedRecord(
        SysmonNetworkConnect sysmon, CimNetworkTraffic cim, boolean skipped, int cannotMatch, DeadLetter deadLetter,
        String origin) {

    /** The timestamp of records that carry no event; {@link EventTimeWatermarks} ignores them. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;

    private static final DecodedRecord SKIPPED = new DecodedRecord(null, null, true, 0, null, null);
    private static final DecodedRecord CANNOT_MATCH = new DecodedRecord(null, null, false, 1, null, null);

    /** A run of {@code count} records passed over by the fast path. */
    public static DecodedRecord passedOver(int count) {
        return count == 1 ? CANNOT_MATCH : new DecodedRecord(null, null, false, count, null, null);
    }

    public static DecodedRecord of(RawRecord raw, DecodeResult result) {
        if (result instanceof DecodeResult.Decoded d) {
            NetworkConnectionEvent e = d.event();
            return e instanceof SysmonNetworkConnect s
                    ? new DecodedRecord(s, null, false, 0, null, raw.origin())
                    : new DecodedRecord(null, (CimNetworkTraffic) e, false, 0, null, raw.origin());
        }
        if (result instanceof DecodeResult.Rejected r) {
            return new DecodedRecord(null, null, false, 0,
                    new DeadLetter(r.reason(), r.detail(), raw.origin(), raw.bytes(), raw.size()), null);
        }
        return result instanceof DecodeResult.CannotMatch ? CANNOT_MATCH : SKIPPED;
    }

    /** The event, or null when the record was skipped or dead-lettered. */
    public NetworkConnectionEvent event() {
        return sysmon != null ? sysmon : cim;
    }

    public long eventTime() {
        NetworkConnectionEvent e = event();
        return e == null ? NO_EVENT_TIME : e.eventTime();
    }
}
