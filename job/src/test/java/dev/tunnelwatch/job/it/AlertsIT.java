package dev.tunnelwatch.job.it;

import static dev.tunnelwatch.job.it.StreamingRun.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.config.DetectionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Alerts as analysts get them (issue 7), streaming from a real KRaft broker. */
class AlertsIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    /**
     * With --early-alerts a group's first event in a window is an "opened" alert at once, long
     * before its window closes; the window's row follows under the same alert id, with the
     * origins of its earliest events.
     */
    @Test
    void earlyAlertsComeAtOnceAndTheRowFollowsUnderTheSameId() throws Exception {
        StreamingRun run = new StreamingRun(KAFKA.bootstrapServers());
        String events = "early-in";
        String alerts = "early-alerts";
        Configuration settings = new Configuration();
        settings.set(DetectionOptions.EARLY_ALERTS, true);
        // At least once: an alert is visible as soon as it is written, not at the next checkpoint.
        JobClient job = run.start("early-alerts", run.config(events, alerts, "early-dead-letters", 2, settings,
                DeliveryGuarantee.AT_LEAST_ONCE));
        try {
            long sent = System.nanoTime();
            run.produce(events, List.of(
                    utf8(Events.flat("WS-01", "2026-12-01 12:10:00", 50000, 7844)),    // @0
                    utf8(Events.flat("WS-01", "2026-12-01 12:11:00", 50001, 7844)),    // @1
                    utf8(Events.flat("WS-02", "2026-12-01 12:20:00", 50002, 7844)),    // @2
                    utf8(Events.flat("WS-01", "2026-12-01 12:05:00", 50003, 7844)),    // @3, earliest of WS-01
                    utf8(Events.flat("WS-01", "2026-12-01 12:40:00", 50004, 7844))));  // @4
            List<JsonNode> opened = run.rows(alerts, 2);
            System.out.printf("AlertsIT: first early alerts %d ms after their events were sent%n",
                    (System.nanoTime() - sent) / 1_000_000);
            assertThat(opened).extracting(a -> a.get("alert_status").asText()).containsOnly("opened");
            Map<String, JsonNode> byHost = opened.stream().collect(Collectors.toMap(a -> a.get("dvc").asText(),
                    Function.identity()));
            assertThat(byHost.keySet()).containsExactlyInAnyOrder("WS-01", "WS-02");
            JsonNode ws01 = byHost.get("WS-01");
            assertThat(ws01.get("count").asInt()).isEqualTo(1);
            assertThat(ws01.get("firstTime").asText()).isEqualTo("2026-12-01T12:10:00");
            assertThat(ws01.get("origins").toString()).isEqualTo("[\"" + events + "/0@0\"]");
            assertThat(ws01.get("window_start").asText()).isEqualTo("2026-12-01T11:50:00Z");

            // 13:01 closes [11:50, 12:50) and opens WS-09's group in the next window.
            run.produce(events, List.of(utf8(Events.flat("WS-09", "2026-12-01 13:01:00", 1, 7844)))); // @5
            List<JsonNode> all = run.rows(alerts, 5);
            List<JsonNode> rows = all.stream().filter(a -> a.get("alert_status").asText().equals("new")).toList();
            assertThat(rows).hasSize(2);
            assertThat(all.stream().filter(a -> a.get("alert_status").asText().equals("opened")))
                    .extracting(a -> a.get("dvc").asText()).containsExactlyInAnyOrder("WS-01", "WS-02", "WS-09");
            JsonNode row01 = rows.stream().filter(r -> r.get("dvc").asText().equals("WS-01")).findFirst().orElseThrow();
            assertThat(row01.get("alert_id").asText()).isEqualTo(ws01.get("alert_id").asText());
            assertThat(row01.get("count").asInt()).isEqualTo(4);
            assertThat(row01.get("firstTime").asText()).isEqualTo("2026-12-01T12:05:00");
            assertThat(row01.get("origins").toString())
                    .isEqualTo("[\"" + events + "/0@3\",\"" + events + "/0@0\",\"" + events + "/0@1\"]");
            JsonNode row02 = rows.stream().filter(r -> r.get("dvc").asText().equals("WS-02")).findFirst().orElseThrow();
            assertThat(row02.get("alert_id").asText()).isEqualTo(byHost.get("WS-02").get("alert_id").asText());
            assertThat(row02.get("count").asInt()).isEqualTo(1);
        } finally {
            job.cancel().get();
        }
    }

    /**
     * --suppress-for 3h on dvc, app, dest: WS-01's tunnel in five hourly windows, and a second user
     * in the second: the first window's alert is sent, the next alert of the combination whose
     * window starts three hours later or more is sent counting the suppressed ones (two in the
     * second window, one in the third), the rest are not.
     */
    @Test
    void suppressionSendsOneAlertPerCombinationAndPeriodAndCountsTheRest(@TempDir Path work) throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        for (int hour = 10; hour <= 14; hour++) {
            lines.add(Events.flat("WS-01", "2026-12-01 " + hour + ":00:00", 50000 + hour, 7844));
        }
        lines.add(Events.flat("WS-01", "2026-12-01 11:10:00", 40000, 7844).replace("CORP\\\\svc", "CORP\\\\admin"));
        lines.add(Events.flat("WS-02", "2026-12-01 10:20:00", 40001, 7844)); // another combination
        Path input = Files.write(work.resolve("events.jsonl"), lines);

        DetectionRun all = DetectionRun.of(work.resolve("all"), List.of(input));
        assertThat(all.rows).hasSize(7);

        Configuration settings = new Configuration();
        settings.set(DetectionOptions.SUPPRESS_FOR, java.time.Duration.ofHours(3));
        DetectionRun suppressed = DetectionRun.of(work.resolve("suppressed"), List.of(input), Allowlist.EMPTY, settings);
        List<String> sent = suppressed.rows.stream()
                .map(r -> r.get("dvc").asText() + " " + r.get("user").asText() + " " + r.get("window_start").asText()
                        + " suppressed " + r.get("suppressed_windows").asInt())
                .sorted().toList();
        assertThat(sent).containsExactly(
                "WS-01 svc 2026-12-01T09:50:00Z suppressed 0",
                "WS-01 svc 2026-12-01T12:50:00Z suppressed 3",
                "WS-02 svc 2026-12-01T09:50:00Z suppressed 0");
        assertThat(suppressed.summary.alertsSuppressed()).isEqualTo(4);
        // The rows that are sent are the spec's rows, unchanged.
        assertThat(all.specRows()).containsAll(suppressed.specRows());
    }

    /**
     * The allowlist changed mid-stream through its topic: rows of the approved host stop from the
     * next window on, without a restart, and each change (applied, or refused for a mistake) is an
     * audit line with the dead letters.
     */
    @Test
    void theAllowlistChangesWhileTheJobRuns() throws Exception {
        StreamingRun run = new StreamingRun(KAFKA.bootstrapServers());
        String events = "live-in";
        String alerts = "live-alerts";
        String evidence = "live-dead-letters";
        String allowlist = "live-allowlist";
        TestTopics.create(KAFKA.bootstrapServers(), allowlist, 1);
        Configuration settings = new Configuration();
        settings.setString(DetectionOptions.ALLOWLIST_TOPIC.key(), run.kafka(allowlist));
        JobClient job = run.start("live-allowlist", run.config(events, alerts, evidence, 2, settings));
        try {
            run.produce(events, List.of(
                    utf8(Events.flat("WS-01", "2026-12-01 12:10:00", 50000, 7844)),
                    utf8(Events.flat("WS-02", "2026-12-01 12:10:00", 50001, 7844)),
                    utf8(Events.flat("WS-09", "2026-12-01 13:01:00", 50002, 7844))));
            assertThat(run.rows(alerts, 2)).extracting(r -> r.get("dvc").asText())
                    .containsExactlyInAnyOrder("WS-01", "WS-02");

            run.produce(allowlist, List.of(utf8("rules:\n  - name: jump host\n    dvc: WS-01\n")));
            JsonNode applied = audits(evidence, 1).get(0);
            assertThat(applied.get("audit").asText()).isEqualTo("allowlist-applied");
            assertThat(applied.get("origin").asText()).isEqualTo(allowlist + "/0@0");
            assertThat(applied.get("rules_before").toString()).isEqualTo("[]");
            assertThat(applied.get("rules_after").toString()).isEqualTo("[\"jump host\"]");

            run.produce(events, List.of(
                    utf8(Events.flat("WS-01", "2026-12-01 13:10:00", 50003, 7844)),
                    utf8(Events.flat("WS-02", "2026-12-01 13:10:00", 50004, 7844)),
                    utf8(Events.flat("WS-09", "2026-12-01 14:05:00", 50005, 7844))));
            List<JsonNode> rows = run.rows(alerts, 4);
            assertThat(rows.subList(2, 4)).extracting(r -> r.get("dvc").asText() + " " + r.get("window_start").asText())
                    .containsExactlyInAnyOrder("WS-02 2026-12-01T12:50:00Z", "WS-09 2026-12-01T12:50:00Z");

            run.produce(allowlist, List.of(utf8("rules: [")));
            JsonNode refused = audits(evidence, 2).get(1);
            assertThat(refused.get("audit").asText()).isEqualTo("allowlist-refused");
            assertThat(refused.get("rules_after").toString()).isEqualTo("[\"jump host\"]");
            assertThat(refused.get("error").asText()).isNotBlank();
        } finally {
            job.cancel().get();
        }
    }

    private static List<JsonNode> audits(String topic, int expected) throws Exception {
        List<JsonNode> lines = new java.util.ArrayList<>();
        var records = TestTopics.readCommitted(KAFKA.bootstrapServers(), topic, expected);
        records.sort(java.util.Comparator.comparingLong(org.apache.kafka.clients.consumer.ConsumerRecord::offset));
        for (var r : records) {
            JsonNode line = DetectionRun.JSON.readTree(r.value());
            if (line.has("audit")) {
                lines.add(line);
            }
        }
        assertThat(lines).hasSize(expected);
        return lines;
    }
}
