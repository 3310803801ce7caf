package dev.tunnelwatch.connectors.kafka;

import dev.tunnelwatch.connectors.decode.DecodeLimits;
import dev.tunnelwatch.connectors.decode.PortScreen;
import dev.tunnelwatch.connectors.record.DecodedRecord;
import dev.tunnelwatch.connectors.record.JsonLine;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/** Builds the Kafka sources and sinks of the job from an endpoint and the shared settings. */
public final class KafkaConnectors {

    /**
     * Brokers refuse transactions longer than {@code transaction.max.timeout.ms} (15 minutes by
     * default), while Flink's sink asks for an hour; stay within the broker's default.
     */
    static final String TRANSACTION_TIMEOUT_MS = "900000";

    private KafkaConnectors() {}

    public static KafkaSource<DecodedRecord> source(KafkaEndpoint endpoint, KafkaSettings settings, DecodeLimits limits) {
        return source(endpoint, settings, limits, null, 0);
    }

    /**
     * @param screen the fast path, or null to decode every message
     * @param probeEvery with a screen, decode every this many messages in a row it passes over
     */
    public static KafkaSource<DecodedRecord> source(KafkaEndpoint endpoint, KafkaSettings settings, DecodeLimits limits,
            PortScreen screen, int probeEvery) {
        KafkaSourceBuilder<DecodedRecord> builder = KafkaSource.<DecodedRecord>builder()
                .setBootstrapServers(endpoint.bootstrapServers())
                .setGroupId(settings.groupId())
                .setStartingOffsets(settings.startingOffsets())
                .setDeserializer(new DecodingKafkaDeserializer(limits, screen, probeEvery))
                .setProperties(settings.properties())
                // read_committed: an upstream transactional producer's aborted records are not events
                .setProperty("isolation.level", "read_committed");
        if (endpoint.topicPattern() != null) {
            builder.setTopicPattern(Pattern.compile(endpoint.topicPattern()));
        } else {
            builder.setTopics(endpoint.topics());
        }
        if (settings.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * A sink of JSON lines to the endpoint's single topic.
     *
     * @param name distinguishes the transactional ids of several sinks of one job
     */
    public static KafkaSink<JsonLine> sink(KafkaEndpoint endpoint, KafkaSettings settings, DeliveryGuarantee delivery,
            String name) {
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        producer.putAll(settings.properties());
        return KafkaSink.<JsonLine>builder()
                .setBootstrapServers(endpoint.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new JsonLineKafkaSerializer(endpoint.singleTopic()))
                .setDeliveryGuarantee(delivery)
                .setTransactionalIdPrefix(settings.transactionalIdPrefix() + "-" + name)
                .build();
    }
}
