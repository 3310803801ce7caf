package dev.tunnelwatch.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tunnelwatch.connectors.kafka.KafkaSettings;
import dev.tunnelwatch.job.DetectionJob;
import dev.tunnelwatch.job.RunSummary;
import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.config.DetectionConfig;
import dev.tunnelwatch.job.config.DetectionOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka in and out, against a real KRaft broker in the test JVM: the same rows as from files,
 * exactly-once alerts while streaming, and dead letters with topic/partition@offset origins.
 */
class KafkaDetectionIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final List<String> GOLDEN = List.of(
            "encodings-mixed.log", "window-edges.jsonl", "src-port-order.jsonl", "ports-mixed.log",
            "bad-records.log", "user-rules.jsonl");

    @Test
    void boundedReadOfATopicGivesExactlyTheRowsOfTheSameDataFromFiles(@TempDir Path work) throws Exception {
        List<Path> files = GOLDEN.stream().map(f -> DetectionRun.testdata().resolve("events").resolve(f)).toList();
        String topic = "events-bounded";
        TestTopics.create(KAFKA.bootstrapServers(), topic, 3);
        List<byte[]> records = new ArrayList<>();
        for (Path f : files) {
            records.addAll(GoldenFilesIT.physicalLines(f).stream().filter(l -> !isBlank(l)).toList());
        }
        TestTopics.produceRoundRobin(KAFKA.bootstrapServers(), topic, 3, records);

        DetectionRun fromFiles = DetectionRun.of(work.resolve("files"), files);

        String deadLetterTopic = "dead-letters-bounded";
        TestTopics.create(KAFKA.bootstrapServers(), deadLetterTopic, 1);
        Path out = work.resolve("kafka-alerts");
        DetectionConfig config = config(List.of(kafka(topic)), out.toString(), kafka(deadLetterTopic),
                settings(true, "bounded-test", DeliveryGuarantee.EXACTLY_ONCE), new Configuration());
        StreamExecutionEnvironment env = DetectionJob.environment(config);
        DetectionJob.define(env, config);
        JobExecutionResult result = env.execute("kafka-bounded");
        RunSummary summary = RunSummary.from(result.getAllAccumulatorResults());

        List<JsonNode> rows = DetectionRun.readLines(out);
        assertThat(DetectionRun.sortedLikeGolden(rows.stream().map(KafkaDetectionIT::spec).toList()))
                .containsExactlyElementsOf(fromFiles.specRows());
        assertThat(summary).isEqualTo(fromFiles.summary);

        List<ConsumerRecord<String, byte[]>> deadLetters =
                TestTopics.readCommitted(KAFKA.bootstrapServers(), deadLetterTopic, (int) summary.deadLettered());
        assertThat(deadLetters).hasSize((int) fromFiles.summary.deadLettered());
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> d : deadLetters) {
            JsonNode letter = DetectionRun.JSON.readTree(d.value());
            String origin = letter.get("origin").asText();
            assertThat(origin).matches(topic + "/[0-2]@[0-9]+").isEqualTo(d.key());
            int partition = Integer.parseInt(origin.substring(topic.length() + 1, origin.indexOf('@')));
            long offset = Long.parseLong(origin.substring(origin.indexOf('@') + 1));
            // round-robin: record i went to partition i % 3 at offset i / 3
            assertThat(GoldenFilesIT.rawBytes(letter)).isEqualTo(records.get((int) (offset * 3 + partition)));
            reasons.add(letter.get("reason").asText());
        }
        assertThat(reasons).containsExactlyInAnyOrderElementsOf(
                fromFiles.deadLetters.stream().map(d -> d.get("reason").asText()).toList());
    }

    @Test
    void streamingWithAnIdlePartitionEmitsEachRowExactlyOnceAndReportsLateEvents() throws Exception {
        String topic = "events-streaming";
        String alerts = "alerts-streaming";
        String deadLetters = "dead-letters-streaming";
        TestTopics.create(KAFKA.bootstrapServers(), topic, 4);
        TestTopics.create(KAFKA.bootstrapServers(), alerts, 2);
        TestTopics.create(KAFKA.bootstrapServers(), deadLetters, 1);
        Configuration settings = new Configuration();
        settings.set(DetectionOptions.IDLENESS, Duration.ofSeconds(2));
        settings.set(DetectionOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        DetectionConfig config = config(List.of(kafka(topic)), kafka(alerts), kafka(deadLetters),
                settings(false, "streaming-test", DeliveryGuarantee.EXACTLY_ONCE), settings);
        StreamExecutionEnvironment env = DetectionJob.environment(config);
        DetectionJob.define(env, config);
        JobClient job = env.executeAsync("kafka-streaming");
        // Partition 2 carries only other event IDs, all the time: like an idle one, it must not
        // hold the windows open. Partition 3 never sees a record.
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread otherEvents = new Thread(() -> {
            byte[] processCreate = utf8(Events.flat("WS-05", "2026-12-01 11:00:00", 1, 443)
                    .replace("\"EventID\":3", "\"EventID\":1"));
            while (running.get()) {
                try {
                    TestTopics.produce(KAFKA.bootstrapServers(), topic, 2, List.of(processCreate));
                    Thread.sleep(100);
                } catch (Exception e) {
                    return;
                }
            }
        });
        otherEvents.start();
        try {
            // Partitions 0 and 1 carry the window [11:50, 12:50) of three hosts.
            for (int host = 0; host < 3; host++) {
                List<byte[]> window = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    window.add(utf8(Events.flat("WS-0" + host, "2026-12-01 12:" + (10 + i) + ":00", 50000 + i, 7844)));
                }
                TestTopics.produce(KAFKA.bootstrapServers(), topic, host == 0 ? 0 : 1, window);
            }
            // A later event on partition 0 moves event time past 12:50 + 10 minutes of lag.
            TestTopics.produce(KAFKA.bootstrapServers(), topic, 0,
                    List.of(utf8(Events.flat("WS-09", "2026-12-01 13:01:00", 1, 7844))));

            List<ConsumerRecord<String, byte[]>> rows = TestTopics.readCommitted(KAFKA.bootstrapServers(), alerts, 3);
            assertThat(rows).hasSize(3);
            List<String> seen = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : rows) {
                JsonNode row = DetectionRun.JSON.readTree(r.value());
                assertThat(r.key()).isEqualTo(row.get("alert_id").asText());
                assertThat(row.get("count").asInt()).isEqualTo(5);
                assertThat(row.get("window_start").asText()).isEqualTo("2026-12-01T11:50:00Z");
                assertThat(row.get("src_port").toString())
                        .isEqualTo("[\"50000\",\"50001\",\"50002\",\"50003\",\"50004\"]");
                seen.add(row.get("dvc").asText());
            }
            assertThat(seen).containsExactlyInAnyOrder("WS-00", "WS-01", "WS-02");

            // Its window is closed: a 12:30 event now is late, reported, and changes no row.
            TestTopics.produce(KAFKA.bootstrapServers(), topic, 1,
                    List.of(utf8(Events.flat("WS-01", "2026-12-01 12:30:00", 1, 7844))));
            List<ConsumerRecord<String, byte[]>> late = TestTopics.readCommitted(KAFKA.bootstrapServers(), deadLetters, 1);
            assertThat(late).hasSize(1);
            JsonNode letter = DetectionRun.JSON.readTree(late.get(0).value());
            assertThat(letter.get("reason").asText()).isEqualTo("late-event");
            assertThat(letter.get("origin").asText()).isEqualTo(topic + "/1@10");
            assertThat(letter.get("event_time").asText()).isEqualTo("2026-12-01T12:30:00Z");
            assertThat(letter.get("dvc").asText()).isEqualTo("WS-01");
            assertThat(TestTopics.readCommitted(KAFKA.bootstrapServers(), alerts, 3)).hasSize(3);
        } finally {
            running.set(false);
            otherEvents.join();
            job.cancel().get();
        }
    }

    @Test
    void filesAndATopicTogetherGiveTheRowsOfAllTheirEvents(@TempDir Path work) throws Exception {
        String topic = "events-mixed";
        TestTopics.create(KAFKA.bootstrapServers(), topic, 2);
        TestTopics.produce(KAFKA.bootstrapServers(), topic, 0, List.of(
                utf8(Events.xml("WS-01", "2026-12-01 12:01:00", 50002, 7844)),
                utf8(Events.flat("WS-01", "2026-12-01 12:02:00", 50003, 7844))));
        Path file = Files.write(work.resolve("in.jsonl"), List.of(
                Events.flat("WS-01", "2026-12-01 12:00:00", 50001, 7844)));
        Path out = work.resolve("alerts");
        DetectionConfig config = config(List.of(file.toString(), kafka(topic)), out.toString(), DetectionConfig.STDERR,
                settings(true, "mixed-test", DeliveryGuarantee.EXACTLY_ONCE), new Configuration());
        StreamExecutionEnvironment env = DetectionJob.environment(config);
        DetectionJob.define(env, config);
        env.execute("mixed");

        List<JsonNode> rows = DetectionRun.readLines(out);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("count").asInt()).isEqualTo(3);
        assertThat(rows.get(0).get("src_port").toString()).isEqualTo("[\"50001\",\"50002\",\"50003\"]");
    }

    @Test
    void aTopicPatternReadsEveryMatchingTopicAndAtLeastOnceDeliveryWritesEachRow(@TempDir Path work)
            throws Exception {
        TestTopics.create(KAFKA.bootstrapServers(), "pattern-east", 1);
        TestTopics.create(KAFKA.bootstrapServers(), "pattern-west", 1);
        TestTopics.create(KAFKA.bootstrapServers(), "other-north", 1);
        TestTopics.create(KAFKA.bootstrapServers(), "alerts-pattern", 1);
        TestTopics.produce(KAFKA.bootstrapServers(), "pattern-east", 0,
                List.of(utf8(Events.flat("WS-01", "2026-12-01 12:00:00", 1, 7844))));
        TestTopics.produce(KAFKA.bootstrapServers(), "pattern-west", 0,
                List.of(utf8(Events.xml("WS-02", "2026-12-01 12:00:00", 2, 7844))));
        TestTopics.produce(KAFKA.bootstrapServers(), "other-north", 0,
                List.of(utf8(Events.flat("WS-03", "2026-12-01 12:00:00", 3, 7844))));

        DetectionConfig config = config(List.of(kafka("pattern-.*")), kafka("alerts-pattern"), DetectionConfig.STDERR,
                settings(true, "pattern-test", DeliveryGuarantee.AT_LEAST_ONCE), new Configuration());
        StreamExecutionEnvironment env = DetectionJob.environment(config);
        DetectionJob.define(env, config);
        RunSummary summary = RunSummary.from(env.execute("pattern").getAllAccumulatorResults());

        assertThat(summary.read()).isEqualTo(2);
        List<ConsumerRecord<String, byte[]>> rows = TestTopics.readCommitted(KAFKA.bootstrapServers(), "alerts-pattern", 2);
        List<String> hosts = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : rows) {
            hosts.add(DetectionRun.JSON.readTree(r.value()).get("dvc").asText());
        }
        assertThat(hosts).containsExactlyInAnyOrder("WS-01", "WS-02");
    }

    @Test
    void linesTooLargeForAKafkaMessageNeverFailTheJob(@TempDir Path work) throws Exception {
        String topic = "events-large";
        TestTopics.create(KAFKA.bootstrapServers(), topic, 1);
        TestTopics.create(KAFKA.bootstrapServers(), "alerts-large", 1);
        TestTopics.create(KAFKA.bootstrapServers(), "dead-letters-large", 1);
        String quotes = "{\"broken\": \"" + "\\\"".repeat(15_000); // escapes to twice its size, unterminated
        String hugeImage = Events.flat("WS-01", "2026-12-01 12:00:00", 1, 7844)
                .replace("C:\\\\cloudflared.exe", "C:\\\\" + "x".repeat(30_000) + ".exe");
        TestTopics.produce(KAFKA.bootstrapServers(), topic, 0, List.of(utf8(quotes), utf8(hugeImage),
                utf8(Events.flat("WS-02", "2026-12-01 12:00:00", 2, 7844))));
        Configuration settings = new Configuration();
        settings.set(DetectionOptions.KAFKA_MAX_MESSAGE_BYTES, 20_000);

        DetectionConfig config = config(List.of(kafka(topic)), kafka("alerts-large"), kafka("dead-letters-large"),
                settings(true, "large-test", DeliveryGuarantee.EXACTLY_ONCE), settings);
        StreamExecutionEnvironment env = DetectionJob.environment(config);
        DetectionJob.define(env, config);
        env.execute("large");

        List<ConsumerRecord<String, byte[]>> rows = TestTopics.readCommitted(KAFKA.bootstrapServers(), "alerts-large", 1);
        assertThat(rows).extracting(r -> DetectionRun.JSON.readTree(r.value()).get("dvc").asText())
                .containsExactly("WS-02");
        List<ConsumerRecord<String, byte[]>> letters =
                TestTopics.readCommitted(KAFKA.bootstrapServers(), "dead-letters-large", 2);
        assertThat(letters).hasSize(2).allSatisfy(r -> assertThat(r.value().length).isLessThanOrEqualTo(20_000));
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : letters) {
            JsonNode letter = DetectionRun.JSON.readTree(r.value());
            reasons.add(letter.get("reason").asText());
            assertThat(letter.get("raw_truncated").asBoolean()).isTrue();
            byte[] kept = GoldenFilesIT.rawBytes(letter);
            if (letter.get("reason").asText().equals("malformed-json")) {
                assertThat(letter.get("size").asLong()).isEqualTo(utf8(quotes).length);
                assertThat(quotes.getBytes(StandardCharsets.UTF_8)).startsWith(kept);
            } else {
                assertThat(letter.get("origin").asText()).startsWith("alert ");
                assertThat(new String(kept, StandardCharsets.UTF_8)).startsWith("{\"action\":\"allowed\"");
            }
        }
        assertThat(reasons).containsExactlyInAnyOrder("malformed-json", "row-too-large");
    }

    private static DetectionConfig config(List<String> inputs, String output, String deadLetter, KafkaSettings kafka,
            Configuration settings) {
        Configuration flink = new Configuration();
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        flink.set(DetectionOptions.STRICT, true); // these tests are about every bad message
        flink.addAll(settings);
        return DetectionConfig.of(flink, inputs, output, deadLetter, Allowlist.EMPTY, 2, kafka);
    }

    private static KafkaSettings settings(boolean bounded, String group, DeliveryGuarantee delivery) {
        return new KafkaSettings(new Properties(), group, "earliest", bounded, delivery, group);
    }

    private static String kafka(String topic) {
        return "kafka://" + KAFKA.bootstrapServers() + "/" + topic;
    }

    private static String spec(JsonNode row) {
        com.fasterxml.jackson.databind.node.ObjectNode spec = DetectionRun.JSON.createObjectNode();
        row.fields().forEachRemaining(e -> {
            if (DetectionRun.SPEC_COLUMNS.contains(e.getKey())) {
                spec.set(e.getKey(), e.getValue());
            }
        });
        return DetectionRun.canonical(spec);
    }

    private static boolean isBlank(byte[] line) {
        return new String(line, StandardCharsets.ISO_8859_1).isBlank();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
