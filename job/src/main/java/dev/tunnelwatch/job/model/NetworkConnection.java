package dev.tunnelwatch.job.model;

/**
 * A connection after CIM mapping: its group, its event time (epoch ms) and its source port in
 * canonical decimal form, the three things a window row is built from, and where it came from.
 */
public record NetworkConnection(GroupKey key, long time, String srcPort, String origin) {

    /** A connection whose origin does not matter (tests, tools). */
    public NetworkConnection(GroupKey key, long time, String srcPort) {
        this(key, time, srcPort, null);
    }

    /** The same connection under another key (a rule grouping by fewer fields). */
    public NetworkConnection withKey(GroupKey other) {
        return new NetworkConnection(other, time, srcPort, origin);
    }

    public NetworkConnection withOrigin(String origin) {
        return new NetworkConnection(key, time, srcPort, origin);
    }
}
