package dev.tunnelwatch.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tunnelwatch.job.config.DetectionConfig;
import dev.tunnelwatch.job.config.DetectionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streaming from a real KRaft broker: events behind the watermark within the allowed lateness
 * update their window's row (same alert id, next revision); beyond it they go to the late-events
 * output. And a window over its group limit reports the extra groups' events instead of growing.
 */
class LateDataIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @Test
    void lateEventsWithinTheAllowedLatenessUpdateTheRowAndLaterOnesAreReported() throws Exception {
        String events = "late-events-in";
        String alerts = "late-alerts";
        String deadLetters = "late-dead-letters";
        String late = "late-events-out";
        TestTopics.create(KAFKA.bootstrapServers(), events, 2);
        Configuration settings = new Configuration();
        settings.set(DetectionOptions.ALLOWED_LATENESS, Duration.ofMinutes(30));
        JobClient job = start("late-data",
                config(events, alerts, deadLetters, 2, settings).withLateEvents(kafka(late)));
        try {
            // Window [11:50, 12:50) of three hosts, all on partition 0; partition 1 stays idle.
            List<byte[]> window = new ArrayList<>();
            for (int host = 0; host < 3; host++) {
                for (int i = 0; i < 5; i++) {
                    window.add(utf8(Events.flat("WS-0" + host, "2026-12-01 12:" + (10 + i) + ":00", 50000 + i, 7844)));
                }
            }
            produce(events, window);
            produce(events, List.of(utf8(Events.flat("WS-09", "2026-12-01 13:01:00", 1, 7844)))); // offset 15
            List<JsonNode> rows = rows(alerts, 3);
            assertThat(rows).extracting(r -> r.get("alert_revision").asInt()).containsOnly(0);
            assertThat(rows).extracting(r -> r.get("alert_status").asText()).containsOnly("new");
            JsonNode ws01 = rows.stream().filter(r -> r.get("dvc").asText().equals("WS-01")).findFirst().orElseThrow();

            // 12:30 is behind the watermark (12:51 minus 1 ms) but within 30 minutes of lateness.
            produce(events, List.of(utf8(Events.flat("WS-01", "2026-12-01 12:30:00", 40000, 7844)))); // 16
            rows = rows(alerts, 4);
            JsonNode update = rows.get(3);
            assertThat(update.get("alert_id").asText()).isEqualTo(ws01.get("alert_id").asText());
            assertThat(update.get("alert_revision").asInt()).isEqualTo(1);
            assertThat(update.get("alert_status").asText()).isEqualTo("updated");
            assertThat(update.get("count").asInt()).isEqualTo(6);
            assertThat(update.get("firstTime").asText()).isEqualTo("2026-12-01T12:10:00");
            assertThat(update.get("lastTime").asText()).isEqualTo("2026-12-01T12:30:00");
            assertThat(update.get("src_port").toString())
                    .isEqualTo("[\"40000\",\"50000\",\"50001\",\"50002\",\"50003\",\"50004\"]");
            assertThat(update.get("window_start").asText()).isEqualTo("2026-12-01T11:50:00Z");

            // Move the watermark past 13:50, shown by the row of window [12:50, 13:50): by then
            // [11:50, 12:50) is past 12:50 + 30 minutes and closed for good.
            produce(events, List.of(utf8(Events.flat("WS-09", "2026-12-01 14:05:00", 2, 7844)))); // 17
            rows = rows(alerts, 5);
            assertThat(rows.get(4).get("dvc").asText()).isEqualTo("WS-09");
            assertThat(rows.get(4).get("window_start").asText()).isEqualTo("2026-12-01T12:50:00Z");

            produce(events, List.of(utf8(Events.flat("WS-01", "2026-12-01 12:31:00", 40001, 7844)))); // 18
            List<ConsumerRecord<String, byte[]>> reported = TestTopics.readCommitted(KAFKA.bootstrapServers(), late, 1);
            assertThat(reported).hasSize(1);
            JsonNode letter = DetectionRun.JSON.readTree(reported.get(0).value());
            assertThat(letter.get("reason").asText()).isEqualTo("late-event");
            assertThat(letter.get("origin").asText()).isEqualTo(events + "/0@18");
            assertThat(letter.get("event_time").asText()).isEqualTo("2026-12-01T12:31:00Z");
            assertThat(letter.get("dvc").asText()).isEqualTo("WS-01");
            assertThat(letter.get("src_port").asText()).isEqualTo("40001");
            // No further row, and nothing in the dead letters: late events have their own output.
            assertThat(rows(alerts, 5)).hasSize(5);
            assertThat(TestTopics.readCommitted(KAFKA.bootstrapServers(), deadLetters, 0)).isEmpty();
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aWindowOverItsGroupLimitReportsTheExtraGroupsEvents() throws Exception {
        String events = "many-groups-in";
        String alerts = "many-groups-alerts";
        String deadLetters = "many-groups-dead-letters";
        Configuration settings = new Configuration();
        settings.set(DetectionOptions.MAX_GROUPS_PER_WINDOW, 4);
        // One instance, so the whole limit is in one place and the first four hosts are the ones let in.
        JobClient job = start("group-limit", config(events, alerts, deadLetters, 1, settings));
        try {
            List<byte[]> window = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (int host = 0; host < 6; host++) {
                    window.add(utf8(Events.flat("WS-0" + host, "2026-12-01 12:1" + round + ":00", 50000 + round, 7844)));
                }
            }
            produce(events, window);
            produce(events, List.of(utf8(Events.flat("WS-09", "2026-12-01 13:01:00", 1, 7844))));

            List<JsonNode> rows = rows(alerts, 4);
            assertThat(rows).extracting(r -> r.get("dvc").asText())
                    .containsExactlyInAnyOrder("WS-00", "WS-01", "WS-02", "WS-03");
            assertThat(rows).extracting(r -> r.get("count").asInt()).containsOnly(2);

            List<ConsumerRecord<String, byte[]>> letters =
                    TestTopics.readCommitted(KAFKA.bootstrapServers(), deadLetters, 4);
            List<String> reported = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : letters) {
                JsonNode letter = DetectionRun.JSON.readTree(r.value());
                assertThat(letter.get("reason").asText()).isEqualTo("group-limit");
                reported.add(letter.get("dvc").asText() + " " + letter.get("origin").asText());
            }
            assertThat(reported).containsExactlyInAnyOrder(
                    "WS-04 " + events + "/0@4", "WS-05 " + events + "/0@5",
                    "WS-04 " + events + "/0@10", "WS-05 " + events + "/0@11");
        } finally {
            job.cancel().get();
        }
    }

    /**
     * The fast path passes over records that cannot match, and they carry no event time; the job
     * still decodes one now and then, so ordinary traffic, not only the rare match, closes windows.
     */
    @Test
    void ordinaryTrafficClosesWindowsDespiteTheFastPath() throws Exception {
        Configuration settings = new Configuration();
        settings.set(DetectionOptions.PROBE_EVERY, 3);
        String events = "probe-in";
        String alerts = "probe-alerts";
        JobClient job = start("probe", config(events, alerts, "probe-dead-letters", 1, settings));
        try {
            produce(events, List.of(utf8(Events.flat("WS-01", "2026-12-01 12:10:00", 50000, 7844))));
            // Only port-443 events after it: the third in a row is decoded, and its 13:01 closes [11:50, 12:50).
            List<byte[]> later = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                later.add(utf8(Events.flat("WS-02", "2026-12-01 13:01:0" + i, 50001, 443)));
            }
            produce(events, later);
            List<JsonNode> rows = rows(alerts, 1);
            assertThat(rows.get(0).get("dvc").asText()).isEqualTo("WS-01");
            assertThat(rows.get(0).get("window_start").asText()).isEqualTo("2026-12-01T11:50:00Z");
        } finally {
            job.cancel().get();
        }
    }

    private static JobClient start(String name, DetectionConfig config) throws Exception {
        return run().start(name, config);
    }

    private static List<JsonNode> rows(String topic, int expected) throws Exception {
        return run().rows(topic, expected);
    }

    private static void produce(String topic, List<byte[]> records) throws Exception {
        run().produce(topic, records);
    }

    private static DetectionConfig config(String in, String alerts, String deadLetters, int parallelism,
            Configuration settings) {
        return run().config(in, alerts, deadLetters, parallelism, settings);
    }

    private static String kafka(String topic) {
        return run().kafka(topic);
    }

    private static byte[] utf8(String s) {
        return StreamingRun.utf8(s);
    }

    private static StreamingRun run() {
        return new StreamingRun(KAFKA.bootstrapServers());
    }
}
