package dev.tunnelwatch.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tunnelwatch.connectors.kafka.KafkaSettings;
import dev.tunnelwatch.job.DetectionJob;
import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.config.DetectionConfig;
import dev.tunnelwatch.job.config.DetectionOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The real job streaming from one Kafka topic to others on the test's broker, started the way the
 * command line starts it, with short idleness and checkpoint intervals so tests run in seconds.
 */
final class StreamingRun {

    private final String servers;

    StreamingRun(String servers) {
        this.servers = servers;
    }

    /** Creates the run's one-partition topics (not the input, when it has more), then starts the job. */
    JobClient start(String name, DetectionConfig config) throws Exception {
        for (String target : List.of(config.inputs().get(0), config.output(), config.deadLetter(), config.lateEvents())) {
            String topic = target.substring(target.lastIndexOf('/') + 1);
            if (!TestTopics.exists(servers, topic)) {
                TestTopics.create(servers, topic, 1);
            }
        }
        StreamExecutionEnvironment env = DetectionJob.environment(config);
        DetectionJob.define(env, config);
        return env.executeAsync(name);
    }

    /** The alerts so far, in topic order (one partition), once at least {@code expected} arrived. */
    List<JsonNode> rows(String topic, int expected) throws Exception {
        List<ConsumerRecord<String, byte[]>> records = TestTopics.readCommitted(servers, topic, expected);
        records.sort(Comparator.comparingLong(ConsumerRecord::offset));
        List<JsonNode> rows = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            JsonNode row = DetectionRun.JSON.readTree(r.value());
            assertThat(r.key()).isEqualTo(row.get("alert_id").asText());
            rows.add(row);
        }
        assertThat(rows).hasSize(expected);
        return rows;
    }

    void produce(String topic, List<byte[]> records) throws Exception {
        TestTopics.produce(servers, topic, 0, records);
    }

    DetectionConfig config(String in, String alerts, String deadLetters, int parallelism, Configuration settings) {
        return config(in, alerts, deadLetters, parallelism, settings, DeliveryGuarantee.EXACTLY_ONCE);
    }

    DetectionConfig config(String in, String alerts, String deadLetters, int parallelism, Configuration settings,
            DeliveryGuarantee delivery) {
        Configuration flink = new Configuration();
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        flink.set(DetectionOptions.IDLENESS, Duration.ofSeconds(2));
        flink.set(DetectionOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        flink.addAll(settings);
        KafkaSettings kafka = new KafkaSettings(new Properties(), in, "earliest", false, delivery, in);
        return DetectionConfig.of(flink, List.of(kafka(in)), kafka(alerts), kafka(deadLetters), Allowlist.EMPTY,
                parallelism, kafka);
    }

    String kafka(String topic) {
        return "kafka://" + servers + "/" + topic;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
