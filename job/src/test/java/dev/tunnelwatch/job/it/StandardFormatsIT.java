package dev.tunnelwatch.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.config.DetectionOptions;
import dev.tunnelwatch.job.output.EcsValidator;
import dev.tunnelwatch.job.output.OcsfValidator;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * --output-format ocsf and ecs on the bundled testdata: one alert per native row, under the same
 * alert ids, and every OCSF alert valid against the shipped OCSF 1.8.0 schema
 * (testdata/ocsf/), every ECS alert's fields ECS 8.17 fields (testdata/ecs/).
 */
class StandardFormatsIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @Test
    void everyAlertOfTheTestdataIsAValidOcsfFindingAndEcsDocument(@TempDir Path work) throws Exception {
        Path events = DetectionRun.testdata().resolve("events");
        DetectionRun nativeRun = DetectionRun.of(work.resolve("native"), List.of(events));
        Set<String> ids = alertIds(nativeRun.rows, "alert_id");
        assertThat(ids).hasSize(75);

        DetectionRun ocsf = DetectionRun.of(work.resolve("ocsf"), List.of(events), Allowlist.EMPTY, format("ocsf"));
        OcsfValidator schema = OcsfValidator.load();
        for (JsonNode finding : ocsf.rows) {
            assertThat(schema.validate(finding.toString())).as(finding.toString()).isEmpty();
            assertThat(finding.get("class_uid").asInt()).isEqualTo(2004);
        }
        assertThat(alertIds(ocsf.rows, "finding_info")).isEqualTo(ids);

        DetectionRun ecs = DetectionRun.of(work.resolve("ecs"), List.of(events), Allowlist.EMPTY, format("ecs"));
        EcsValidator fields = EcsValidator.load();
        for (JsonNode alert : ecs.rows) {
            assertThat(fields.validate(alert.toString())).as(alert.toString()).isEmpty();
        }
        assertThat(ecs.rows).hasSize(75);
    }

    /** The same alert ids on a replay and at another parallelism: downstream systems de-duplicate on them. */
    @Test
    void alertIdsAreTheSameOnEveryRunAndParallelism(@TempDir Path work) throws Exception {
        Path events = DetectionRun.testdata().resolve("events");
        Set<String> first = alertIds(DetectionRun.of(work.resolve("a"), List.of(events)).rows, "alert_id");
        Set<String> again = alertIds(DetectionRun.of(work.resolve("b"), List.of(events)).rows, "alert_id");
        Set<String> one = alertIds(DetectionRun.of(work.resolve("c"), List.of(events), Allowlist.EMPTY,
                new Configuration(), 1).rows, "alert_id");
        assertThat(first).hasSize(75).isEqualTo(again).isEqualTo(one);
    }

    private static Configuration format(String name) {
        Configuration c = new Configuration();
        c.setString(DetectionOptions.OUTPUT_FORMAT.key(), name);
        return c;
    }

    private static Set<String> alertIds(List<JsonNode> rows, String field) {
        Set<String> ids = new TreeSet<>();
        for (JsonNode row : rows) {
            JsonNode id = row.get(field);
            ids.add(id.isObject() ? id.get("uid").asText() : id.asText());
        }
        return ids;
    }
}
