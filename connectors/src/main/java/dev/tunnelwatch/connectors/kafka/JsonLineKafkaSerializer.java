package dev.tunnelwatch.connectors.kafka;

import dev.tunnelwatch.connectors.record.JsonLine;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a line as a UTF-8 value under its key as a UTF-8 key, to one topic. */
public final class JsonLineKafkaSerializer implements KafkaRecordSerializationSchema<JsonLine> {

    private final String topic;

    public JsonLineKafkaSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(JsonLine line, KafkaSinkContext context, Long timestamp) {
        byte[] key = line.key() == null ? null : line.key().getBytes(StandardCharsets.UTF_8);
        // No record timestamp of ours: an event time from years ago would fall outside the topic's retention.
        return new ProducerRecord<>(topic, null, null, key, line.json().getBytes(StandardCharsets.UTF_8));
    }
}
