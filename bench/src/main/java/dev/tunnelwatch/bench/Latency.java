package dev.tunnelwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tunnelwatch.job.DetectionJob;
import dev.tunnelwatch.job.config.CommandLine;
import dev.tunnelwatch.job.config.DetectionConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * End-to-end latency in streaming mode: the job (as {@code bin/detect} builds it) runs in this JVM
 * on a Kafka topic, alerts to another topic. Window w gets one port-7844 event at 11 minutes past
 * its start; that event also moves the watermark past the previous window's end plus the 10
 * minutes of out-of-orderness, so it is the event that closes window w-1. Latency is from sending
 * it (the job already running) to the previous window's row arriving at a consumer polling the
 * alerts topic.
 *
 * <pre>Latency --bootstrap HOST:PORT [--windows 6] [--delivery at-least-once|exactly-once] [--early-alerts] --home DIR</pre>
 *
 * <p>With {@code --early-alerts}: from sending each window's first event to its "opened" alert.
 */
public final class Latency {

    public static void main(String[] args) throws Exception {
        String bootstrap = "localhost:9092";
        int windows = 6;
        String delivery = "at-least-once";
        String home = null;
        boolean early = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--windows" -> windows = Integer.parseInt(args[++i]);
                case "--delivery" -> delivery = args[++i];
                case "--home" -> home = args[++i];
                case "--early-alerts" -> early = true;
                case "--classpath", "--work" -> i++;
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        String run = "bench-latency-" + System.currentTimeMillis();
        String in = run + "-in";
        String out = run + "-out";
        Produce.createTopic(bootstrap, in, 1);
        Produce.createTopic(bootstrap, out, 1);

        DetectionConfig config = CommandLine.parse(new String[] {
            "--input", "kafka://" + bootstrap + "/" + in, "--output", "kafka://" + bootstrap + "/" + out,
            "--dead-letter", "-", "--parallelism", "1", "--group-id", run, "--start", "earliest",
            "--delivery", delivery, "-Dtunnelwatch.progress-interval=0s",
            "-Dtunnelwatch.early-alerts=" + early}, home == null ? null : Path.of(home));
        StreamExecutionEnvironment env = DetectionJob.environment(config);
        DetectionJob.define(env, config);
        JobClient job = env.executeAsync("tunnelwatch latency");

        // windows [hh:50, hh+1:50) a day back, well inside the accepted time range
        Instant first = Instant.now().minus(Duration.ofHours(windows + 20)).truncatedTo(ChronoUnit.HOURS)
                .plus(Duration.ofMinutes(50));
        ObjectMapper json = new ObjectMapper();
        List<Long> latencies = new ArrayList<>();
        EventWriter writer = new EventWriter(7, 10, 0, 0, false);
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, run + "-reader");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "exactly-once".equals(delivery) ? "read_committed" : "read_uncommitted");
        cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer = Produce.producer(bootstrap, true);
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            consumer.subscribe(Collections.singletonList(out));
            // w = 0 opens the first window; w = 1 closes it while the job starts (warm-up, not counted)
            for (int w = 0; w <= windows + 1; w++) {
                if (w >= 2) {
                    Thread.sleep(1500); // let the job go idle between windows
                }
                Instant windowStart = first.plus(Duration.ofHours(w));
                Buf b = new Buf(4096);
                writer.writeMatching(b, windowStart.plus(Duration.ofMinutes(11)).toEpochMilli(),
                        "LAT-" + w + ".corp.example.com", "10.200.0." + (w + 1), 50000 + w, EventWriter.XML);
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(in, b.toString().getBytes(StandardCharsets.UTF_8))).get();
                if (w == 0 && !early) {
                    continue;
                }
                // Early alerts: the event's own window opens at once; else the row of the window it closes.
                String expect = early ? windowStart.toString() : first.plus(Duration.ofHours(w - 1)).toString();
                long deadline = sent + Duration.ofSeconds(w <= 1 ? 120 : 60).toNanos();
                long arrived = -1;
                while (arrived < 0 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(5))) {
                        JsonNode row = json.readTree(r.value());
                        if (expect.equals(row.path("window_start").asText())
                                && (!early || "opened".equals(row.path("alert_status").asText()))) {
                            arrived = System.nanoTime();
                        }
                    }
                }
                if (arrived < 0) {
                    System.err.println("latency: no row for window " + expect + " within the deadline");
                    continue;
                }
                long ms = (arrived - sent) / 1_000_000;
                System.err.printf("latency: window %s: %d ms%s%n", expect, ms, w <= 1 ? " (job start-up, not counted)" : "");
                if (w >= 2) {
                    latencies.add(ms);
                }
            }
        } finally {
            job.cancel().get();
        }
        Collections.sort(latencies);
        if (latencies.isEmpty()) {
            System.out.println("end-to-end latency: no measurement");
            System.exit(1);
        }
        System.out.printf(Locale.ROOT, "end-to-end latency%s (%s, %d windows, Kafka in and out, parallelism 1): p50 %d ms,"
                        + " min %d ms, max %d ms%n",
                early ? " from event to early alert" : " from closing event to row", delivery, latencies.size(), latencies.get(latencies.size() / 2), latencies.get(0),
                latencies.get(latencies.size() - 1));
        System.exit(0);
    }
}
