package dev.tunnelwatch.job.functions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tunnelwatch.connectors.record.JsonLine;
import dev.tunnelwatch.job.model.GroupKey;
import dev.tunnelwatch.job.model.NetworkConnection;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.util.OutputTag;

/**
 * A matching event that no row will count, reported as one JSON line with its reason, origin,
 * time and group, and counted: events behind the watermark beyond the allowed lateness (Splunk
 * would silently miss them), and events of groups over the per-window group limit. Nothing is
 * lost without a trace.
 */
public final class ConnectionReport extends RichMapFunction<NetworkConnection, JsonLine> {

    /** Events behind the watermark beyond the allowed lateness: their window was emitted and purged. */
    public static final OutputTag<NetworkConnection> LATE = new OutputTag<>("late-events") {};

    /** Events of a new group in a window that already holds the most groups allowed. */
    public static final OutputTag<NetworkConnection> OVER_GROUP_LIMIT = new OutputTag<>("over-group-limit") {};

    private static final JsonFactory JSON = new JsonFactory();

    /** A report, not evidence: long values are cut so the line always fits a Kafka message. */
    static final int MAX_VALUE_CHARS = 8192;

    private final String reason;
    private final String detail;
    private final String counterName;
    private transient RunCount counter;

    private ConnectionReport(String reason, String detail, String counterName) {
        this.reason = reason;
        this.detail = detail;
        this.counterName = counterName;
    }

    public static ConnectionReport late() {
        return new ConnectionReport("late-event",
                "event time is behind the watermark by more than the allowed lateness: its window was already"
                        + " emitted and closed", RunCounters.LATE);
    }

    public static ConnectionReport overGroupLimit() {
        return new ConnectionReport("group-limit",
                "its window already holds the most groups allowed (tunnelwatch.max-groups-per-window, or"
                        + " tunnelwatch.max-group-chars-per-window for the size of their fields); this group"
                        + " is not counted in that window", RunCounters.OVER_GROUP_LIMIT);
    }

    @Override
    public void open(OpenContext openContext) {
        counter = new RunCount(getRuntimeContext(), counterName);
    }

    @Override
    public JsonLine map(NetworkConnection event) {
        counter.inc();
        return new JsonLine(event.origin(), toJson(event));
    }

    String toJson(NetworkConnection event) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("reason", reason);
            g.writeStringField("detail", detail);
            g.writeStringField("origin", event.origin());
            g.writeStringField("event_time", Instant.ofEpochMilli(event.time()).toString());
            String[] values = event.key().values();
            for (int i = 0; i < values.length; i++) {
                g.writeStringField(GroupKey.FIELD_NAMES[i], cut(values[i]));
            }
            g.writeStringField("src_port", cut(event.srcPort()));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static String cut(String value) {
        return value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS) + "...(cut)";
    }
}
