package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.job.model.GroupKey;
import dev.tunnelwatch.job.model.TunnelAlert;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Adds the group key and the window to a group's aggregated stats, making the output row. With
 * allowed lateness a window fires again for each late event; each firing after the first is a
 * revision of the row, numbered in the window's own state.
 */
public final class AlertWindowFunction
        extends ProcessWindowFunction<ConnectionStats, TunnelAlert, GroupKey, TimeWindow> {

    private static final ValueStateDescriptor<Integer> REVISION = new ValueStateDescriptor<>("revision", Types.INT);

    private final boolean revisions;

    /** @param revisions whether a window can fire more than once (allowed lateness above zero) */
    public AlertWindowFunction(boolean revisions) {
        this.revisions = revisions;
    }

    @Override
    public void process(GroupKey key, Context context, Iterable<ConnectionStats> aggregated, Collector<TunnelAlert> out)
            throws Exception {
        ConnectionStats stats = aggregated.iterator().next();
        TimeWindow window = context.window();
        int revision = 0;
        if (revisions) {
            ValueState<Integer> fired = context.windowState().getState(REVISION);
            revision = fired.value() == null ? 0 : fired.value() + 1;
            fired.update(revision);
        }
        out.collect(new TunnelAlert(key, stats.count, stats.firstTime, stats.lastTime,
                stats.srcPorts.sortedAsText(), window.getStart(), window.getEnd(), revision, false, stats.origins));
    }

    @Override
    public void clear(Context context) {
        if (revisions) {
            context.windowState().getState(REVISION).clear();
        }
    }
}
