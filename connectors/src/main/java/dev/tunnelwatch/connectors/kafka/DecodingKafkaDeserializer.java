package dev.tunnelwatch.connectors.kafka;

import dev.tunnelwatch.connectors.decode.DecodeLimits;
import dev.tunnelwatch.connectors.decode.PortScreen;
import dev.tunnelwatch.connectors.decode.RecordDecoder;
import dev.tunnelwatch.connectors.record.DecodedRecord;
import dev.tunnelwatch.connectors.record.RawRecord;
import java.time.Clock;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One Kafka message is one record (spec section 2). It is decoded here, in the source, so each
 * partition's watermark follows its own event times; a bad message becomes a dead letter whose
 * origin is {@code topic/partition@offset}. Never throws on a message's content.
 */
public final class DecodingKafkaDeserializer implements KafkaRecordDeserializationSchema<DecodedRecord> {

    private static final byte[] EMPTY = new byte[0];

    private final DecodeLimits limits;
    private final PortScreen screen;
    private transient RecordDecoder decoder;

    /** A strict deserializer: every message is decoded. */
    public DecodingKafkaDeserializer(DecodeLimits limits) {
        this(limits, null);
    }

    /** @param screen the fast path, or null to decode every message */
    public DecodingKafkaDeserializer(DecodeLimits limits, PortScreen screen) {
        this.limits = limits;
        this.screen = screen;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = new RecordDecoder(limits, Clock.systemUTC(), screen);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> message, Collector<DecodedRecord> out) {
        byte[] value = message.value() == null ? EMPTY : message.value();
        out.collect(decoder.decode(RawRecord.fromKafka(message.topic(), message.partition(), message.offset(), value)));
    }

    @Override
    public TypeInformation<DecodedRecord> getProducedType() {
        return TypeInformation.of(DecodedRecord.class);
    }
}
