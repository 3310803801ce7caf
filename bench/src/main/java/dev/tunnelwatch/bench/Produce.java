package dev.tunnelwatch.bench;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a file's lines to a new one-partition topic (without --file: to an existing topic), then one more port-7844 event at
 * {@code --close-at} (of another group) whose watermark closes the windows before it.
 *
 * <pre>Produce --bootstrap HOST:PORT --topic T --file F [--close-at INSTANT]</pre>
 */
public final class Produce {

    public static void main(String[] args) throws Exception {
        String bootstrap = "localhost:9092";
        String topic = null;
        Path file = null;
        Instant closeAt = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--topic" -> topic = args[++i];
                case "--file" -> file = Path.of(args[++i]);
                case "--close-at" -> closeAt = Instant.parse(args[++i]);
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        if (file != null) {
            createTopic(bootstrap, topic, 1);
        }
        long n = 0;
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, false);
                BufferedReader in = file == null ? new BufferedReader(new java.io.StringReader(""))
                        : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; n++) {
                producer.send(new ProducerRecord<>(topic, line.getBytes(StandardCharsets.UTF_8)));
            }
            if (closeAt != null) {
                Buf b = new Buf(4096);
                new EventWriter(1, 10, 0, 0, false).writeMatching(b, closeAt.toEpochMilli(), "CLOSER.corp.example.com",
                        "10.255.255.254", 50000, EventWriter.FLAT);
                producer.send(new ProducerRecord<>(topic, b.toString().getBytes(StandardCharsets.UTF_8)));
                n++;
            }
            producer.flush();
        }
        System.err.printf("produce: %,d records to %s in %.1f s%n", n, topic, (System.nanoTime() - t0) / 1e9);
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap, boolean immediate) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
        if (immediate) {
            p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        } else {
            p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        }
        return new KafkaProducer<>(p);
    }
}
