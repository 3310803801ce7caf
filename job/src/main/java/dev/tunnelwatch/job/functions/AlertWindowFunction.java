package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.job.model.GroupKey;
import dev.tunnelwatch.job.model.TunnelAlert;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Adds the group key and the window to a group's aggregated stats, making the output row. */
public final class AlertWindowFunction
        extends ProcessWindowFunction<ConnectionStats, TunnelAlert, GroupKey, TimeWindow> {

    @Override
    public void process(GroupKey key, Context context, Iterable<ConnectionStats> aggregated, Collector<TunnelAlert> out) {
        ConnectionStats stats = aggregated.iterator().next();
        TimeWindow window = context.window();
        out.collect(new TunnelAlert(key, stats.count, stats.firstTime, stats.lastTime,
                stats.srcPorts.sortedAsText(), window.getStart(), window.getEnd()));
    }
}
