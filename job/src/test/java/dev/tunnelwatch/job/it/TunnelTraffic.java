package dev.tunnelwatch.job.it;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Cloudflared traffic of a few hosts, hour after hour of event time, sent to a Kafka topic by a
 * thread of its own while the job runs (so failures strike mid-stream), and recorded in a file in
 * the order sent, for a failure-free reference run of exactly the same events.
 *
 * <p>Each host's events go to one partition, in time order, so no event is late. Event times
 * start at 2025-01-01 and stay in the past. {@link #finish()} ends with one closing event per
 * partition a day after the last hour (host {@code CLOSER-n}): it moves every partition's watermark
 * past every window of the data, so all of them close; its own window stays open. It matches (port
 * 7844): only records that can match are decoded (the fast path), so only they move event time.
 */
final class TunnelTraffic implements AutoCloseable {

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    /** 2025-01-01 plus this many hours is still in the past, within the job's event-time limits. */
    static final int MAX_HOURS = 6000;
    /** The host name of the closing events, whose rows a streaming run never emits. */
    static final String CLOSER = "CLOSER-";
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final String topic;
    private final int partitions;
    private final int hosts;
    private final Path recorded;
    private final KafkaProducer<byte[], byte[]> producer;
    private final BufferedWriter record;
    private final AtomicInteger hoursSent = new AtomicInteger();
    private volatile Thread feeder;
    private volatile boolean stopping;
    private volatile boolean pauseRequested;
    private volatile boolean paused;
    private volatile Throwable failure;

    TunnelTraffic(String servers, String topic, int partitions, int hosts, Path recorded) throws IOException {
        this.topic = topic;
        this.partitions = partitions;
        this.hosts = hosts;
        this.recorded = recorded;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.record = Files.newBufferedWriter(recorded, StandardCharsets.UTF_8);
    }

    /** The events of hour {@code h}: every host connects at minutes 5, 15, ..., 55. */
    List<String> hour(int h) {
        List<String> lines = new ArrayList<>();
        for (int minute = 5; minute < 60; minute += 10) {
            String time = UTC_TIME.format(START.plus(Duration.ofHours(h).plusMinutes(minute)));
            for (int host = 0; host < hosts; host++) {
                lines.add(Events.flat(String.format("WS-%03d", host), time, 40000 + (h * 7 + minute + host) % 20000, 7844));
            }
        }
        return lines;
    }

    /** Starts sending one hour of traffic every {@code pace}, until paused or finished. */
    void feed(Duration pace) {
        Thread t = new Thread(() -> {
            try {
                while (!stopping && hoursSent.get() < MAX_HOURS) {
                    if (pauseRequested) {
                        paused = true;
                        Thread.sleep(20);
                        continue;
                    }
                    paused = false;
                    send(hour(hoursSent.get()));
                    hoursSent.incrementAndGet();
                    Thread.sleep(pace.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failure = e;
            }
        }, "tunnel-traffic-" + topic);
        t.setDaemon(true);
        feeder = t;
        t.start();
    }

    /** True while the feeder sends and has hours left: a failure now strikes mid-stream. */
    boolean feeding() {
        Thread t = feeder;
        return t != null && t.isAlive() && !pauseRequested && hoursSent.get() < MAX_HOURS;
    }

    int hoursSent() {
        return hoursSent.get();
    }

    /** Stops sending between two hours (e.g. before the broker goes away); returns once idle. */
    void pause() throws Exception {
        pauseRequested = true;
        LocalFlinkCluster.await(Duration.ofMinutes(1), "traffic paused", () -> paused || !feeder.isAlive());
    }

    void resume() {
        pauseRequested = false;
    }

    /** Ends the feeding, sends the closing events and returns the file of every line sent. */
    Path finish() throws Exception {
        stopping = true;
        if (feeder != null) {
            feeder.join(Duration.ofMinutes(1).toMillis());
        }
        if (failure != null) {
            throw new IllegalStateException("sending traffic failed", failure);
        }
        String time = UTC_TIME.format(START.plus(Duration.ofHours(hoursSent.get()).plusDays(1)));
        for (int p = 0; p < partitions; p++) {
            String closer = Events.flat(CLOSER + p, time, 1000 + p, 7844);
            producer.send(new ProducerRecord<>(topic, p, null, closer.getBytes(StandardCharsets.UTF_8))).get();
            write(closer);
        }
        record.flush();
        return recorded;
    }

    private void send(List<String> lines) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int host = i % hosts;
            sent.add(producer.send(
                    new ProducerRecord<>(topic, host % partitions, null, lines.get(i).getBytes(StandardCharsets.UTF_8))));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get(); // acknowledged by the broker, or the test learns why not
        }
        for (String line : lines) {
            write(line);
        }
    }

    private void write(String line) throws IOException {
        record.write(line);
        record.write('\n');
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        if (feeder != null) {
            feeder.join(Duration.ofMinutes(1).toMillis());
        }
        producer.close(Duration.ofSeconds(10));
        record.close();
    }
}
