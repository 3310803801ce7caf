package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.job.model.DetectionRule;
import dev.tunnelwatch.job.model.GroupKey;
import dev.tunnelwatch.job.model.TunnelAlert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Alert suppression (Splunk's throttling, Elastic's alert suppression): once an alert of a
 * combination of fields (by default {@code dvc, app, dest}) is let through, further alerts of the
 * same combination whose windows start within the suppression period of its window are not sent;
 * the next alert let through counts them ({@code suppressed_windows}). Updates and the row that
 * follows an early alert belong to the alert already sent and pass.
 *
 * <p>Decided in event time (window starts), so a replay suppresses the same alerts. Unbounded
 * input decides as alerts arrive; bounded input holds a combination's alerts to the end and
 * decides in window order, so the outcome does not depend on the order rows were produced in.
 * The state of a combination lives at most the suppression period plus a window after its last
 * change (state TTL, processing time), which in a live stream is when it has lapsed anyway.
 */
public final class AlertSuppression extends KeyedProcessFunction<String, TunnelAlert, TunnelAlert> {

    /** The last alert let through, and how many were suppressed since. */
    public static final class Suppressed {
        public long windowStart;
        public String alertId;
        public long suppressed;

        public Suppressed() {}
    }

    private final DetectionRule rule;
    private final long periodMillis;
    private final long stateTtlMillis;
    private final boolean bounded;
    private final boolean earlyAlerts;
    private transient ValueState<Suppressed> last;
    private transient ListState<TunnelAlert> held;
    private transient RunCount suppressedCount;

    /**
     * @param period how long after an alert's window start the same combination stays quiet
     * @param window the window length, added to the state's time to live
     * @param bounded whether the input ends (batch): alerts are then decided at the end, in window order
     * @param earlyAlerts whether alerts come as an early alert and a row (then the early one is counted)
     */
    public AlertSuppression(DetectionRule rule, Duration period, Duration window, boolean bounded,
            boolean earlyAlerts) {
        this.rule = rule;
        this.periodMillis = period.toMillis();
        this.stateTtlMillis = period.plus(window).toMillis();
        this.bounded = bounded;
        this.earlyAlerts = earlyAlerts;
    }

    /** The combination's key: the rule and the chosen fields, each length-prefixed so no two combinations meet. */
    public static KeySelector<TunnelAlert, String> by(List<String> fields) {
        List<String> names = List.copyOf(fields);
        for (String name : names) {
            if (!List.of(GroupKey.FIELD_NAMES).contains(name)) {
                throw new IllegalArgumentException("not a group field: " + name);
            }
        }
        return alert -> {
            StringBuilder key = new StringBuilder();
            for (String name : names) {
                String value = alert.key().field(name);
                key.append(value == null ? -1 : value.length()).append(':').append(value == null ? "" : value);
            }
            return key.toString();
        };
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Suppressed> lastDescriptor = new ValueStateDescriptor<>("last-alert", Suppressed.class);
        if (!bounded) {
            lastDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(stateTtlMillis)).build());
        }
        last = getRuntimeContext().getState(lastDescriptor);
        held = getRuntimeContext().getListState(new ListStateDescriptor<>("held-alerts", TunnelAlert.class));
        suppressedCount = new RunCount(getRuntimeContext(), RunCounters.ALERTS_SUPPRESSED);
    }

    @Override
    public void processElement(TunnelAlert alert, Context ctx, Collector<TunnelAlert> out) throws Exception {
        if (bounded) {
            held.add(alert);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // the end of the input
            return;
        }
        decide(alert, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TunnelAlert> out) throws Exception {
        List<TunnelAlert> alerts = new ArrayList<>();
        held.get().forEach(alerts::add);
        held.clear();
        alerts.sort(Comparator.comparingLong(TunnelAlert::windowStart)
                .thenComparing(a -> AlertRowFormat.alertId(rule, a))
                .thenComparingInt(TunnelAlert::revision));
        for (TunnelAlert alert : alerts) {
            decide(alert, out);
        }
    }

    private void decide(TunnelAlert alert, Collector<TunnelAlert> out) throws Exception {
        String id = AlertRowFormat.alertId(rule, alert);
        Suppressed state = last.value();
        if (state != null && id.equals(state.alertId)) {
            out.collect(alert); // the alert already sent: its row after an early alert, or an update
            return;
        }
        if (state != null && Math.abs(alert.windowStart() - state.windowStart) < periodMillis) {
            // One count per suppressed alert: its early alert when there are early alerts, else its row.
            if (earlyAlerts ? alert.opened() : alert.revision() == 0) {
                state.suppressed++;
                suppressedCount.inc();
                last.update(state);
            }
            return;
        }
        Suppressed next = new Suppressed();
        next.windowStart = alert.windowStart();
        next.alertId = id;
        last.update(next);
        out.collect(alert.withSuppressedWindows(state == null ? 0 : state.suppressed));
    }
}
