package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.job.model.PortSet;

/**
 * The window accumulator: count, first and last time, distinct source ports. Never the events
 * themselves, so a window's state per group is a few dozen bytes plus its ports.
 * A Flink POJO (public fields, no-argument constructor): serialised without Kryo.
 */
public class ConnectionStats {

    public long count;
    public long firstTime = Long.MAX_VALUE;
    public long lastTime = Long.MIN_VALUE;
    public PortSet srcPorts = new PortSet();
    /** The origins of the earliest events, by event time then origin, at most a few (the alert's links to its evidence). */
    public String[] origins = new String[0];
    /** The event times of {@link #origins}. */
    public long[] originTimes = new long[0];

    public ConnectionStats() {}
}
