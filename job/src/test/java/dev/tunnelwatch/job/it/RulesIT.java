package dev.tunnelwatch.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.config.DetectionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** More than one rule (issue 7): one pass over the input gives every rule's rows. */
class RulesIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    private static final String CLOUDFLARED = "29798d45-c9c7-4240-a5ef-d7648c016024";
    private static final String RDP = "0bd906f3-c79e-4f6d-ba66-f01bf0503900";

    @Test
    void twoRulesInOnePassGiveEachRulesOwnRows(@TempDir Path work) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int minute = 0; minute < 180; minute += 7) {
            String time = String.format("2026-12-01 %02d:%02d:00", 10 + minute / 60, minute % 60);
            lines.add(Events.flat("WS-0" + minute % 3, time, 50000 + minute, 7844));
            lines.add(Events.xml("WS-0" + minute % 4, time, 51000 + minute, 3389));
            lines.add(Events.flat("WS-05", time, 52000 + minute, 443));
        }
        Path input = Files.write(work.resolve("events.log"), lines);

        Configuration rules = new Configuration();
        rules.set(DetectionOptions.RULES, DetectionRun.testdata().resolve("rules/two-rules.yaml").toString());
        DetectionRun both = DetectionRun.of(work.resolve("both"), List.of(input), Allowlist.EMPTY, rules);
        assertThat(both.summary.read()).isEqualTo(lines.size());
        assertThat(both.summary.matched()).isEqualTo(2 * lines.size() / 3);

        // Each rule alone, as the command line's own flags would run it.
        DetectionRun tunnel = DetectionRun.of(work.resolve("tunnel"), List.of(input));
        Configuration rdpFlags = new Configuration();
        rdpFlags.set(DetectionOptions.PORTS, List.of("3389"));
        rdpFlags.set(DetectionOptions.WINDOW, Duration.ofMinutes(30));
        rdpFlags.set(DetectionOptions.WINDOW_OFFSET, Duration.ZERO);
        DetectionRun rdp = DetectionRun.of(work.resolve("rdp"), List.of(input), Allowlist.EMPTY, rdpFlags);
        assertThat(tunnel.rows).hasSizeGreaterThan(8);  // up to 3 hosts in 4 hourly windows
        assertThat(rdp.rows).hasSizeGreaterThan(20);    // up to 4 hosts in 6 half hours

        assertThat(rowsOf(both, CLOUDFLARED)).containsExactlyElementsOf(specRows(tunnel.rows));
        assertThat(rowsOf(both, RDP)).containsExactlyElementsOf(specRows(rdp.rows));
        assertThat(both.rows).hasSize(tunnel.rows.size() + rdp.rows.size());
        JsonNode rdpRow = both.rows.stream().filter(r -> r.get("rule_id").asText().equals(RDP)).findFirst().orElseThrow();
        assertThat(rdpRow.get("rule_name").asText()).isEqualTo("Remote Access on Port 3389");
        assertThat(rdpRow.get("severity").asText()).isEqualTo("medium");
        assertThat(rdpRow.get("mitre_attack_technique").asText()).isEqualTo("T1021.001");
        assertThat(rdpRow.get("reason").asText()).startsWith("svc on WS-0").contains("Remote Desktop connections");
    }

    private static List<String> rowsOf(DetectionRun run, String ruleId) {
        return specRows(run.rows.stream().filter(r -> r.get("rule_id").asText().equals(ruleId)).toList());
    }

    private static List<String> specRows(List<JsonNode> rows) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : rows) {
            com.fasterxml.jackson.databind.node.ObjectNode spec = DetectionRun.JSON.createObjectNode();
            row.fields().forEachRemaining(e -> {
                if (DetectionRun.SPEC_COLUMNS.contains(e.getKey())) {
                    spec.set(e.getKey(), e.getValue());
                }
            });
            out.add(DetectionRun.canonical(spec));
        }
        return DetectionRun.sortedLikeGolden(out);
    }
}
