package dev.tunnelwatch.connectors.record;

/** What decoding one record gave: an event, a well-formed record that does not count, or a reject. */
public sealed interface DecodeResult {

    /** A Sysmon EID 3 or CIM record with a usable time. */
    record Decoded(NetworkConnectionEvent event) implements DecodeResult {}

    /** Well-formed but not Sysmon Event ID 3 (another event or another provider): normal traffic. */
    record Skipped(String why) implements DecodeResult {}

    /**
     * Passed over by the fast path without decoding: its bytes hold no spelling of a configured
     * port, so it cannot give a row (spec section 7). Counted on its own.
     */
    record CannotMatch() implements DecodeResult {
        public static final CannotMatch INSTANCE = new CannotMatch();
    }

    /** Cannot be used: goes to the dead-letter output. */
    record Rejected(DeadLetterReason reason, String detail) implements DecodeResult {}

    static Rejected reject(DeadLetterReason reason, String detail) {
        return new Rejected(reason, detail);
    }
}
