package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.job.model.GroupKey;
import dev.tunnelwatch.job.model.NetworkConnection;
import dev.tunnelwatch.job.model.TunnelAlert;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Caps the groups one window may hold, in number and in the size of their fields, so that
 * millions of distinct groups (a cardinality attack) cannot exhaust the window operator's memory.
 * Runs keyed by group just before the windows; each of the P parallel instances admits up to
 * ceil(limit / P) per window, which is the limit overall when groups spread evenly over the key
 * space (they do: keys are hashed).
 * An event of a group over the limit goes to {@link ConnectionReport#OVER_GROUP_LIMIT}: reported
 * and counted, never dropped silently. Events already too late for their window pass through,
 * so the window operator reports them as late.
 *
 * <p>It sees each group's first event in each window, so it also sends the early alerts
 * ({@code --early-alerts}) to {@link #EARLY_ALERTS}: at once, before the window's row.
 */
public final class GroupsPerWindowLimit extends KeyedProcessFunction<GroupKey, NetworkConnection, NetworkConnection>
        implements CheckpointedFunction {

    private final int maxGroupsPerWindow;
    private final long maxKeyCharsPerWindow;
    private final long windowSize;
    private final long windowOffset;
    private final long allowedLateness;
    private final boolean earlyAlerts;

    /** Early alerts: a group's first event in a window, as an "opened" alert. */
    public static final OutputTag<TunnelAlert> EARLY_ALERTS = new OutputTag<>("early-alerts") {};

    private transient AdmittedGroups admitted;
    private transient ListState<long[]> checkpointed;
    private transient int maxParallelism;

    public GroupsPerWindowLimit(int maxGroupsPerWindow, long maxKeyCharsPerWindow, long windowSize, long windowOffset,
            long allowedLateness) {
        this(maxGroupsPerWindow, maxKeyCharsPerWindow, windowSize, windowOffset, allowedLateness, false);
    }

    /** @param earlyAlerts whether to send each group's first event in a window to {@link #EARLY_ALERTS} */
    public GroupsPerWindowLimit(int maxGroupsPerWindow, long maxKeyCharsPerWindow, long windowSize, long windowOffset,
            long allowedLateness, boolean earlyAlerts) {
        this.earlyAlerts = earlyAlerts;
        this.maxGroupsPerWindow = maxGroupsPerWindow;
        this.maxKeyCharsPerWindow = maxKeyCharsPerWindow;
        this.windowSize = windowSize;
        this.windowOffset = windowOffset;
        this.allowedLateness = allowedLateness;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        TaskInfo task = getRuntimeContext().getTaskInfo();
        maxParallelism = task.getMaxNumberOfParallelSubtasks();
        int parallelism = task.getNumberOfParallelSubtasks();
        admitted = new AdmittedGroups((maxGroupsPerWindow + parallelism - 1) / parallelism,
                (maxKeyCharsPerWindow + parallelism - 1) / parallelism);
        // Union state: after rescaling every instance sees every group and keeps those in its key groups.
        checkpointed = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("admitted-groups", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        if (context.isRestored()) {
            KeyGroupRange mine = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                    maxParallelism, parallelism, task.getIndexOfThisSubtask());
            admitted.restore(checkpointed.get(), tag -> mine.contains(AdmittedGroups.keyGroupOf(tag)));
        }
    }

    @Override
    public void open(OpenContext openContext) {
        if (admitted == null) { // initializeState runs first on a cluster; keep plain use working too
            admitted = new AdmittedGroups(maxGroupsPerWindow, maxKeyCharsPerWindow);
        }
    }

    @Override
    public void processElement(NetworkConnection event, Context ctx, Collector<NetworkConnection> out) {
        long windowStart = TimeWindow.getWindowStartWithOffset(event.time(), windowOffset, windowSize);
        long watermark = ctx.timerService().currentWatermark();
        long oldestOpen = oldestOpenWindow(watermark);
        admitted.forgetBefore(oldestOpen);
        if (windowStart < oldestOpen) {
            out.collect(event); // late: the window operator reports it
            return;
        }
        String[] fields = event.key().values();
        long tag = AdmittedGroups.tag(KeyGroupRangeAssignment.assignToKeyGroup(ctx.getCurrentKey(), maxParallelism),
                fields);
        switch (admitted.admit(windowStart, tag, AdmittedGroups.keyChars(fields))) {
            case OPENED -> {
                if (earlyAlerts) {
                    ctx.output(EARLY_ALERTS, TunnelAlert.earlyAlert(event, windowStart, windowStart + windowSize));
                }
                out.collect(event);
            }
            case ADMITTED -> out.collect(event);
            case OVER_LIMIT -> ctx.output(ConnectionReport.OVER_GROUP_LIMIT, event);
        }
    }

    /**
     * The start of the oldest window the window operator still holds: a window is purged once the
     * watermark reaches its last instant plus the allowed lateness.
     */
    long oldestOpenWindow(long watermark) {
        if (watermark <= Long.MIN_VALUE + allowedLateness) {
            return Long.MIN_VALUE; // no watermark yet
        }
        long lastPurgedInstant = watermark - allowedLateness;
        if (lastPurgedInstant == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return TimeWindow.getWindowStartWithOffset(lastPurgedInstant + 1, windowOffset, windowSize);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointed.update(admitted.snapshot());
    }
}
