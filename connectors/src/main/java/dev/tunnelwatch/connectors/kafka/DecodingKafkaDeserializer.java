package dev.tunnelwatch.connectors.kafka;

import dev.tunnelwatch.connectors.decode.DecodeLimits;
import dev.tunnelwatch.connectors.decode.PortScreen;
import dev.tunnelwatch.connectors.decode.RecordDecoder;
import dev.tunnelwatch.connectors.record.DecodedRecord;
import dev.tunnelwatch.connectors.record.RawRecord;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
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

    /** With the fast path, a partition's messages are decoded at least this often, whatever their content. */
    static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;

    private final DecodeLimits limits;
    private final PortScreen screen;
    private final int probeEvery;
    private transient RecordDecoder decoder;
    /** Per partition: messages passed over since the last decoded one, and when that was (nanoTime). */
    private transient Map<Long, long[]> sinceDecoded;

    /** A strict deserializer: every message is decoded. */
    public DecodingKafkaDeserializer(DecodeLimits limits) {
        this(limits, null, 0);
    }

    /**
     * @param screen the fast path, or null to decode every message
     * @param probeEvery with a screen, a partition's messages are decoded every this many passed
     *     over in a row, and at least once a second, so that its event time, and so the watermark,
     *     keeps moving when matches are rare (0: only by the second)
     */
    public DecodingKafkaDeserializer(DecodeLimits limits, PortScreen screen, int probeEvery) {
        this.limits = limits;
        this.screen = screen;
        this.probeEvery = probeEvery;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = new RecordDecoder(limits, Clock.systemUTC(), null);
        sinceDecoded = new HashMap<>();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> message, Collector<DecodedRecord> out) {
        byte[] value = message.value() == null ? EMPTY : message.value();
        if (screen != null && !screen.mayMatch(value, value.length) && !probeDue(message)) {
            out.collect(DecodedRecord.passedOver(1));
            return;
        }
        out.collect(decoder.decode(RawRecord.fromKafka(message.topic(), message.partition(), message.offset(), value)));
    }

    /** True when this message's partition is due a decode; counts it otherwise. */
    private boolean probeDue(ConsumerRecord<byte[], byte[]> message) {
        long now = System.nanoTime();
        // A partition's first message, and any after a second without a decode, is decoded.
        long[] state = sinceDecoded.computeIfAbsent(((long) message.topic().hashCode() << 32) | message.partition(),
                p -> new long[] {0, now - PROBE_INTERVAL_NANOS});
        if (++state[0] >= probeEvery && probeEvery > 0 || now - state[1] >= PROBE_INTERVAL_NANOS) {
            state[0] = 0;
            state[1] = now;
            return true;
        }
        return false;
    }

    @Override
    public TypeInformation<DecodedRecord> getProducedType() {
        return TypeInformation.of(DecodedRecord.class);
    }
}
