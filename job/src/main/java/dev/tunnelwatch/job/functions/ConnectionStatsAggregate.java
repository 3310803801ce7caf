package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.job.model.NetworkConnection;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds a group's connections in one window into {@link ConnectionStats}. */
public final class ConnectionStatsAggregate
        implements AggregateFunction<NetworkConnection, ConnectionStats, ConnectionStats> {

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
        return a;
    }
}
