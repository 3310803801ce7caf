package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.job.model.NetworkConnection;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds a group's connections in one window into {@link ConnectionStats}. */
public final class ConnectionStatsAggregate
        implements AggregateFunction<NetworkConnection, ConnectionStats, ConnectionStats> {

    /** Origins an alert carries by default: enough to find the evidence, few enough to keep state small. */
    public static final int DEFAULT_ORIGINS = 3;

    private final int maxOrigins;

    public ConnectionStatsAggregate() {
        this(DEFAULT_ORIGINS);
    }

    /** @param maxOrigins how many origins of the earliest events to keep (0: none) */
    public ConnectionStatsAggregate(int maxOrigins) {
        this.maxOrigins = maxOrigins;
    }

    @Override
    public ConnectionStats createAccumulator() {
        return new ConnectionStats();
    }

    @Override
    public ConnectionStats add(NetworkConnection connection, ConnectionStats stats) {
        stats.count++;
        stats.firstTime = Math.min(stats.firstTime, connection.time());
        stats.lastTime = Math.max(stats.lastTime, connection.time());
        stats.srcPorts.add(connection.srcPort());
        if (connection.origin() != null) {
            keepOrigin(stats, connection.time(), connection.origin());
        }
        return stats;
    }

    @Override
    public ConnectionStats getResult(ConnectionStats stats) {
        return stats;
    }

    @Override
    public ConnectionStats merge(ConnectionStats a, ConnectionStats b) {
        a.count += b.count;
        a.firstTime = Math.min(a.firstTime, b.firstTime);
        a.lastTime = Math.max(a.lastTime, b.lastTime);
        a.srcPorts.addAll(b.srcPorts);
        for (int i = 0; i < b.origins.length; i++) {
            keepOrigin(a, b.originTimes[i], b.origins[i]);
        }
        return a;
    }

    /**
     * Keeps the origin if it is among the {@code maxOrigins} earliest (time, then origin text), so
     * the same events give the same origins whatever order they arrive in.
     */
    private void keepOrigin(ConnectionStats stats, long time, String origin) {
        int n = stats.origins.length;
        int at = 0;
        while (at < n && (stats.originTimes[at] < time
                || stats.originTimes[at] == time && stats.origins[at].compareTo(origin) <= 0)) {
            if (stats.originTimes[at] == time && stats.origins[at].equals(origin)) {
                return;
            }
            at++;
        }
        if (at >= maxOrigins) {
            return;
        }
        int kept = Math.min(n + 1, maxOrigins);
        String[] origins = new String[kept];
        long[] times = new long[kept];
        System.arraycopy(stats.origins, 0, origins, 0, at);
        System.arraycopy(stats.originTimes, 0, times, 0, at);
        origins[at] = origin;
        times[at] = time;
        System.arraycopy(stats.origins, at, origins, at + 1, kept - at - 1);
        System.arraycopy(stats.originTimes, at, times, at + 1, kept - at - 1);
        stats.origins = origins;
        stats.originTimes = times;
    }
}
