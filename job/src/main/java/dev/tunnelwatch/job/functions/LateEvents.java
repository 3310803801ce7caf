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
 * Matching events that arrive after their window closed (unbounded input only: event time behind
 * the watermark). Splunk would silently miss them; here each one is counted and written to the
 * dead-letter output with reason {@code late-event}, its origin, time and group, so nothing is
 * lost without a trace.
 */
public final class LateEvents extends RichMapFunction<NetworkConnection, JsonLine> {

    public static final OutputTag<NetworkConnection> TAG = new OutputTag<>("late-events") {};

    private static final JsonFactory JSON = new JsonFactory();

    /** A report, not evidence: long values are cut so the line always fits a Kafka message. */
    static final int MAX_VALUE_CHARS = 8192;

    private transient RunCount late;

    @Override
    public void open(OpenContext openContext) {
        late = new RunCount(getRuntimeContext(), RunCounters.LATE);
    }

    @Override
    public JsonLine map(NetworkConnection event) {
        late.inc();
        return new JsonLine(event.origin(), toJson(event));
    }

    static String toJson(NetworkConnection event) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("reason", "late-event");
            g.writeStringField("detail", "event time is behind the watermark: its window was already emitted");
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
