package dev.tunnelwatch.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.job.model.DetectionRule;
import dev.tunnelwatch.job.model.GroupKey;
import dev.tunnelwatch.job.model.TunnelAlert;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec section 5: tumbling one-hour windows starting at minute 50, [start, end). */
class WindowEdgesTest {

    static final long SIZE = Duration.ofHours(1).toMillis();
    static final long OFFSET = Duration.ofMinutes(50).toMillis();

    static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    static long start(String instant) {
        return TimeWindow.getWindowStartWithOffset(ms(instant), OFFSET, SIZE);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-12-01T12:49:59.999Z, 2026-12-01T11:50:00Z",
        "2026-12-01T12:50:00.000Z, 2026-12-01T12:50:00Z",
        "2026-12-01T12:50:00.001Z, 2026-12-01T12:50:00Z",
        "2026-12-01T11:50:00.000Z, 2026-12-01T11:50:00Z",
        "2026-12-01T12:00:00.000Z, 2026-12-01T11:50:00Z",
        "2026-12-01T13:49:59.999Z, 2026-12-01T12:50:00Z",
        "2026-12-01T00:00:00.000Z, 2026-11-30T23:50:00Z",
        "2026-12-31T23:55:00.000Z, 2026-12-31T23:50:00Z",
        "1970-01-01T00:00:00.000Z, 1969-12-31T23:50:00Z",
        "1970-01-01T00:49:59.999Z, 1969-12-31T23:50:00Z",
        "1970-01-01T00:50:00.000Z, 1970-01-01T00:50:00Z",
        "9999-12-31T23:59:59.999Z, 9999-12-31T23:50:00Z",
    })
    void windowStart(String time, String expectedStart) {
        assertThat(Instant.ofEpochMilli(start(time))).isEqualTo(Instant.parse(expectedStart));
    }

    @Test
    void edgesOfTheThirteenHundredRun() {
        // "the 13:00 run covers [11:50, 12:50)"
        long s = start("2026-12-01T12:49:59.999Z");
        assertThat(Instant.ofEpochMilli(s)).hasToString("2026-12-01T11:50:00Z");
        assertThat(Instant.ofEpochMilli(s + SIZE)).hasToString("2026-12-01T12:50:00Z");
        long next = start("2026-12-01T12:50:00.000Z");
        assertThat(Instant.ofEpochMilli(next)).hasToString("2026-12-01T12:50:00Z");
        assertThat(Instant.ofEpochMilli(next + SIZE)).hasToString("2026-12-01T13:50:00Z");
    }

    @Test
    void epochZeroStartsBeforeTheEpoch() {
        assertThat(TimeWindow.getWindowStartWithOffset(0L, OFFSET, SIZE)).isEqualTo(-Duration.ofMinutes(10).toMillis());
        assertThat(Instant.ofEpochMilli(TimeWindow.getWindowStartWithOffset(0L, OFFSET, SIZE)))
                .hasToString("1969-12-31T23:50:00Z");
    }

    static final WindowAssigner.WindowAssignerContext CONTEXT = new WindowAssigner.WindowAssignerContext() {
        @Override
        public long getCurrentProcessingTime() {
            return 0L;
        }
    };

    @Test
    void assignerGivesTheSameHalfOpenWindows() {
        TumblingEventTimeWindows assigner = TumblingEventTimeWindows.of(Duration.ofHours(1), Duration.ofMinutes(50));
        Collection<TimeWindow> w1 = assigner.assignWindows(null, ms("2026-12-01T12:49:59.999Z"), CONTEXT);
        assertThat(w1).containsExactly(new TimeWindow(ms("2026-12-01T11:50:00Z"), ms("2026-12-01T12:50:00Z")));
        Collection<TimeWindow> w2 = assigner.assignWindows(null, ms("2026-12-01T12:50:00Z"), CONTEXT);
        assertThat(w2).containsExactly(new TimeWindow(ms("2026-12-01T12:50:00Z"), ms("2026-12-01T13:50:00Z")));
        Collection<TimeWindow> w3 = assigner.assignWindows(null, 0L, CONTEXT);
        assertThat(w3).containsExactly(new TimeWindow(ms("1969-12-31T23:50:00Z"), ms("1970-01-01T00:50:00Z")));
        Collection<TimeWindow> w4 = assigner.assignWindows(null, ms("9999-12-31T23:59:59.999Z"), CONTEXT);
        assertThat(w4).containsExactly(new TimeWindow(ms("9999-12-31T23:50:00Z"), ms("9999-12-31T23:50:00Z") + SIZE));
    }

    @Test
    void lastWindowEndIsWrittenWithAnExpandedYear() {
        long t = ms("9999-12-31T23:59:59.999Z");
        long s = TimeWindow.getWindowStartWithOffset(t, OFFSET, SIZE);
        GroupKey key = new GroupKey("allowed", "a", "d", "1.1.1.1", "7844", "outbound", "h", "ip", "ipv4", "s",
                "10.0.0.1", "tcp", "u", "Microsoft Sysmon");
        TunnelAlert alert = new TunnelAlert(key, 1, t, t, new String[] {"1"}, s, s + SIZE);
        String json = new AlertRowFormat(dev.tunnelwatch.job.rules.RuleSpec.CLOUDFLARED, ZoneId.of("UTC")).toJson(alert);
        assertThat(json)
                .contains("\"firstTime\":\"9999-12-31T23:59:59\",\"lastTime\":\"9999-12-31T23:59:59\"")
                .contains("\"window_start\":\"9999-12-31T23:50:00Z\",\"window_end\":\"+10000-01-01T00:50:00Z\"");
    }

    @Test
    void firstWindowStartIsWrittenBeforeTheEpoch() {
        GroupKey key = new GroupKey("allowed", "a", "d", "1.1.1.1", "7844", "outbound", "h", "ip", "ipv4", "s",
                "10.0.0.1", "tcp", "u", "Microsoft Sysmon");
        long s = TimeWindow.getWindowStartWithOffset(0L, OFFSET, SIZE);
        TunnelAlert alert = new TunnelAlert(key, 1, 0L, 0L, new String[] {"1"}, s, s + SIZE);
        String json = new AlertRowFormat(dev.tunnelwatch.job.rules.RuleSpec.CLOUDFLARED, ZoneId.of("UTC")).toJson(alert);
        assertThat(json)
                .contains("\"firstTime\":\"1970-01-01T00:00:00\",\"lastTime\":\"1970-01-01T00:00:00\"")
                .contains("\"window_start\":\"1969-12-31T23:50:00Z\",\"window_end\":\"1970-01-01T00:50:00Z\"");
    }
}
