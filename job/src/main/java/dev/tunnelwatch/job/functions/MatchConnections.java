package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.connectors.record.DeadLetter;
import dev.tunnelwatch.connectors.record.DeadLetterReason;
import dev.tunnelwatch.connectors.record.DecodedRecord;
import dev.tunnelwatch.job.model.NetworkConnection;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Maps each decoded event to CIM and keeps it when its destination port is configured. Every
 * record ends in exactly one count: matched, not matching, skipped or dead-lettered; bad ones
 * leave through the {@link #DEAD_LETTERS} side output with their bytes.
 */
public final class MatchConnections extends ProcessFunction<DecodedRecord, NetworkConnection> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final PortFilter ports;

    private transient RunCount read;
    private transient RunCount matched;
    private transient RunCount notMatching;
    private transient RunCount skipped;
    private transient RunCount cannotMatch;
    private transient RunCount deadLettered;
    private transient Map<DeadLetterReason, RunCount> deadLetteredBy;

    public MatchConnections(PortFilter ports) {
        this.ports = ports;
    }

    @Override
    public void open(OpenContext openContext) {
        RuntimeContext ctx = getRuntimeContext();
        read = new RunCount(ctx, RunCounters.READ);
        matched = new RunCount(ctx, RunCounters.MATCHED);
        notMatching = new RunCount(ctx, RunCounters.NOT_MATCHING);
        skipped = new RunCount(ctx, RunCounters.SKIPPED);
        cannotMatch = new RunCount(ctx, RunCounters.CANNOT_MATCH);
        deadLettered = new RunCount(ctx, RunCounters.DEAD_LETTERED);
        deadLetteredBy = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetteredBy.put(reason, new RunCount(ctx, RunCounters.deadLettered(reason)));
        }
    }

    @Override
    public void processElement(DecodedRecord record, Context ctx, Collector<NetworkConnection> out) {
        if (record.cannotMatch() > 0) {
            // One record may stand for a run the fast path passed over in the source.
            read.add(record.cannotMatch());
            cannotMatch.add(record.cannotMatch());
            return;
        }
        read.inc();
        if (record.event() != null) {
            NetworkConnection connection = CimMapping.map(record.event()).withOrigin(record.origin());
            if (ports.matches(connection.key().destPort())) {
                matched.inc();
                out.collect(connection);
            } else {
                notMatching.inc();
            }
        } else if (record.deadLetter() != null) {
            deadLettered.inc();
            deadLetteredBy.get(record.deadLetter().reason()).inc();
            ctx.output(DEAD_LETTERS, record.deadLetter());
        } else {
            skipped.inc();
        }
    }
}
