package dev.tunnelwatch.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.job.allowlist.Allowlist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The allowlist removes exactly the approved rows and counts them. */
class AllowlistIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @Test
    void bundledExampleRemovesOnlyTheApprovedGroup(@TempDir Path work) throws Exception {
        Path input = DetectionRun.testdata().resolve("events/groups-case.jsonl");
        Allowlist allowlist = Allowlist.load(DetectionRun.testdata().resolve("allowlist.example.yaml"));

        DetectionRun all = DetectionRun.of(work.resolve("all"), List.of(input));
        DetectionRun filtered = DetectionRun.of(work.resolve("filtered"), List.of(input), allowlist, new Configuration());

        List<String> approved = all.specRows().stream()
                .filter(r -> r.contains("\"dvc\":\"ws-01\"")
                        && r.contains("\"app\":\"C:\\\\Program Files (x86)\\\\cloudflared\\\\cloudflared.exe\""))
                .toList();
        assertThat(approved).hasSize(1);
        assertThat(filtered.specRows()).containsExactlyElementsOf(
                all.specRows().stream().filter(r -> !approved.contains(r)).toList());
        assertThat(filtered.summary.rowsAllowlisted()).isEqualTo(1);
        assertThat(filtered.summary.rowsWritten()).isEqualTo(all.summary.rowsWritten() - 1);
    }

    @Test
    void cidrRuleRemovesRowsFromTheNetwork(@TempDir Path work) throws Exception {
        Path input = Files.write(work.resolve("in.jsonl"), List.of(
                Events.flat("LAB-1", "2026-12-01 12:00:00", 1, 7844).replace("10.0.0.5", "10.99.3.4"),
                Events.flat("WS-01", "2026-12-01 12:00:00", 1, 7844)));
        Path rules = Files.writeString(work.resolve("allow.json"),
                "{\"rules\":[{\"name\":\"lab\",\"src_ip\":{\"cidr\":\"10.99.0.0/16\"}}]}");

        DetectionRun run = DetectionRun.of(work.resolve("run"), List.of(input), Allowlist.load(rules), new Configuration());

        assertThat(run.rows).extracting(r -> r.get("dvc").asText()).containsExactly("WS-01");
    }
}
