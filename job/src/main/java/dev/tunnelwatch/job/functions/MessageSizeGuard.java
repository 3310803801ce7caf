package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.connectors.record.DeadLetter;
import dev.tunnelwatch.connectors.record.DeadLetterReason;
import dev.tunnelwatch.connectors.record.JsonLine;
import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps alert rows that fit one Kafka message. A larger row (a crafted event can carry a field of
 * nearly 1 MiB) would be refused by the producer or broker and fail the job again on every
 * restart; it goes to the dead-letter output instead, as {@code row-too-large}.
 */
public final class MessageSizeGuard extends ProcessFunction<JsonLine, JsonLine> {

    public static final OutputTag<DeadLetter> TOO_LARGE = new OutputTag<>("rows-too-large") {};

    private final int maxBytes;

    public MessageSizeGuard(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void processElement(JsonLine line, Context ctx, Collector<JsonLine> out) {
        byte[] bytes = line.json().getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            out.collect(line);
        } else {
            ctx.output(TOO_LARGE, new DeadLetter(DeadLetterReason.ROW_TOO_LARGE,
                    "alert row of " + bytes.length + " bytes exceeds tunnelwatch.kafka.max-message-bytes " + maxBytes,
                    "alert " + line.key(), bytes));
        }
    }
}
