package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.connectors.kafka.KafkaEndpoint;
import dev.tunnelwatch.connectors.kafka.KafkaSettings;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The allowlist as a (compacted) Kafka topic: each message a whole allowlist, the last one read in
 * force. Read from the beginning, so a job started anew finds the allowlist the topic holds now;
 * a restored job resumes from its checkpoint's offsets with the allowlist of its state.
 */
public final class AllowlistTopic {

    private AllowlistTopic() {}

    public static KafkaSource<AllowlistMessage> source(KafkaEndpoint endpoint, KafkaSettings settings) {
        return KafkaSource.<AllowlistMessage>builder()
                .setBootstrapServers(endpoint.bootstrapServers())
                .setTopics(endpoint.singleTopic())
                .setGroupId(settings.groupId() + "-allowlist")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new Messages())
                .setProperties(settings.properties())
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    /** Each message's bytes as they are (an empty value, a tombstone, is an empty allowlist). */
    private static final class Messages implements KafkaRecordDeserializationSchema<AllowlistMessage> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<AllowlistMessage> out) {
            out.collect(new AllowlistMessage(record.topic() + "/" + record.partition() + "@" + record.offset(),
                    record.value() == null ? new byte[0] : record.value()));
        }

        @Override
        public TypeInformation<AllowlistMessage> getProducedType() {
            return TypeInformation.of(AllowlistMessage.class);
        }
    }
}
