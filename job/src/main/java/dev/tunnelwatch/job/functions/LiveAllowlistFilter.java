package dev.tunnelwatch.job.functions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tunnelwatch.connectors.record.JsonLine;
import dev.tunnelwatch.connectors.record.OneLine;
import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.model.TunnelAlert;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The allowlist, changed while the job runs: each message of the allowlist topic is a whole new
 * allowlist (YAML or JSON, as the file), broadcast to every instance and kept in broadcast state,
 * so a restore resumes with the allowlist in force at the checkpoint. A message that does not
 * parse changes nothing. Every change, applied or refused, is an audit line on {@link #AUDIT}
 * (from the first instance only, so once per change), written with the dead letters.
 *
 * <p>State holds the allowlist's text, not its parsed form: text is a Flink type, the rules are
 * not, and generic (Kryo) types are off.
 */
public final class LiveAllowlistFilter extends BroadcastProcessFunction<TunnelAlert, AllowlistMessage, TunnelAlert> {

    private static final JsonFactory JSON = new JsonFactory();

    /** The broadcast state: the text of the allowlist in force, and where it came from. */
    public static final MapStateDescriptor<String, String> STATE =
            new MapStateDescriptor<>("allowlist", Types.STRING, Types.STRING);
    private static final String TEXT = "text";
    private static final String ORIGIN = "origin";

    /** Audit lines, one per allowlist change. */
    public static final OutputTag<JsonLine> AUDIT = new OutputTag<>("allowlist-audit") {};

    private final Allowlist initial;
    private transient Allowlist current;
    private transient String currentText;
    private transient AllowlistCounts counts;

    /** @param initial the allowlist before any message (the --allowlist file, or empty) */
    public LiveAllowlistFilter(Allowlist initial) {
        this.initial = initial;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = new AllowlistCounts(getRuntimeContext());
    }

    @Override
    public void processElement(TunnelAlert alert, ReadOnlyContext ctx, Collector<TunnelAlert> out) throws Exception {
        if (counts.passes(allowlist(ctx.getBroadcastState(STATE)), alert)) {
            out.collect(alert);
        }
    }

    @Override
    public void processBroadcastElement(AllowlistMessage message, Context ctx, Collector<TunnelAlert> out)
            throws Exception {
        BroadcastState<String, String> state = ctx.getBroadcastState(STATE);
        Allowlist previous = allowlist(state);
        String text = new String(message.text(), StandardCharsets.UTF_8);
        Allowlist next;
        try {
            next = Allowlist.parse(message.text());
        } catch (IOException | IllegalArgumentException e) {
            audit(ctx, "refused", message.origin(), previous.names(), previous.names(), OneLine.of(e.getMessage(), "unreadable"));
            return;
        }
        state.put(TEXT, text);
        state.put(ORIGIN, message.origin());
        current = next;
        currentText = text;
        audit(ctx, "applied", message.origin(), previous.names(), next.names(), null);
    }

    /** The allowlist in force: the last one applied (from state after a restore), else the initial one. */
    private Allowlist allowlist(ReadOnlyBroadcastState<String, String> state) throws Exception {
        String text = state.get(TEXT);
        if (text == null) {
            return initial;
        }
        if (!text.equals(currentText)) {
            current = Allowlist.parse(text.getBytes(StandardCharsets.UTF_8));
            currentText = text;
        }
        return current;
    }

    private void audit(Context ctx, String outcome, String origin, List<String> before, List<String> after,
            String error) {
        String line = auditLine(outcome, origin, before, after, error);
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            ctx.output(AUDIT, new JsonLine("allowlist", line));
        }
    }

    static String auditLine(String outcome, String origin, List<String> before, List<String> after, String error) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("audit", "allowlist-" + outcome);
            g.writeStringField("origin", origin);
            g.writeStringField("time", Instant.now().toString());
            g.writeArrayFieldStart("rules_before");
            for (String name : before) {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rules_after");
            for (String name : after) {
                g.writeString(name);
            }
            g.writeEndArray();
            if (error != null) {
                g.writeStringField("error", error);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

}
