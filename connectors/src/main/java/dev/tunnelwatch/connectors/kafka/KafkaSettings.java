package dev.tunnelwatch.connectors.kafka;

import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * How the job talks to Kafka, the same for every source and sink.
 *
 * @param properties client properties applied to consumers and producers alike (security: SASL, TLS)
 * @param groupId the consumer group, whose committed offsets {@code committed} resumes from
 * @param start where reading starts: {@code earliest}, {@code latest}, {@code committed} or an ISO instant
 * @param bounded read up to the offsets that are latest at start, then end
 * @param delivery the alert sink's guarantee
 * @param transactionalIdPrefix the prefix of the exactly-once sink's transactional ids
 */
public record KafkaSettings(
        Properties properties, String groupId, String start, boolean bounded, DeliveryGuarantee delivery,
        String transactionalIdPrefix) implements Serializable {

    public static final String DEFAULT_GROUP_ID = "tunnelwatch";
    public static final String DEFAULT_START = "committed";
    public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "tunnelwatch";

    public KafkaSettings {
        startingOffsets(start); // fail early on a bad value
    }

    public static KafkaSettings defaults() {
        return new KafkaSettings(new Properties(), DEFAULT_GROUP_ID, DEFAULT_START, false,
                DeliveryGuarantee.EXACTLY_ONCE, DEFAULT_TRANSACTIONAL_ID_PREFIX);
    }

    /** {@code committed} falls back to the earliest offset for a partition the group never read. */
    public OffsetsInitializer startingOffsets() {
        return startingOffsets(start);
    }

    private static OffsetsInitializer startingOffsets(String start) {
        switch (start) {
            case "earliest":
                return OffsetsInitializer.earliest();
            case "latest":
                return OffsetsInitializer.latest();
            case "committed":
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default:
                try {
                    return OffsetsInitializer.timestamp(Instant.parse(start).toEpochMilli());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("--start: '" + start
                            + "' is not earliest, latest, committed or an ISO instant like 2026-12-01T00:00:00Z");
                }
        }
    }

    /** The delivery guarantee named as on the command line. */
    public static DeliveryGuarantee delivery(String name) {
        return switch (name) {
            case "exactly-once" -> DeliveryGuarantee.EXACTLY_ONCE;
            case "at-least-once" -> DeliveryGuarantee.AT_LEAST_ONCE;
            default -> throw new IllegalArgumentException(
                    "--delivery: '" + name + "' is not exactly-once or at-least-once");
        };
    }
}
