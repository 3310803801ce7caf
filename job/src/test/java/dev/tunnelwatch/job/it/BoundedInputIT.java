package dev.tunnelwatch.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bounded file input: order independence, folders, gzip, mixed encodings, big groups. */
class BoundedInputIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @Test
    void shuffledInputGivesTheSameRowsAsSortedInput(@TempDir Path work) throws Exception {
        Path sorted = DetectionRun.testdata().resolve("events/shuffle-source.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(sorted));
        Collections.shuffle(lines, new Random(20261204));
        assertThat(lines).isNotEqualTo(Files.readAllLines(sorted));
        Path shuffled = Files.write(work.resolve("shuffled.jsonl"), lines);

        DetectionRun fromSorted = DetectionRun.of(work.resolve("a"), List.of(sorted));
        DetectionRun fromShuffled = DetectionRun.of(work.resolve("b"), List.of(shuffled));

        assertThat(fromSorted.rows).hasSize(19);
        assertThat(fromShuffled.specRows()).containsExactlyElementsOf(fromSorted.specRows());
        assertThat(fromShuffled.summary.matched()).isEqualTo(200);
    }

    @Test
    void reverseOrderAcrossWindowEdgesStillLandsEveryEvent(@TempDir Path work) throws Exception {
        // Far apart and reversed: a streaming watermark would drop the older events as late.
        List<String> lines = List.of(
                Events.flat("WS-01", "2026-12-03 08:00:00", 1000, 7844),
                Events.flat("WS-01", "2026-12-01 12:50:00.000", 1001, 7844),
                Events.flat("WS-01", "2026-12-01 12:49:59.999", 1002, 7844));
        Path input = Files.write(work.resolve("reversed.jsonl"), lines);

        DetectionRun run = DetectionRun.of(work, List.of(input));

        assertThat(run.rows).extracting(r -> r.get("window_start").asText() + " " + r.get("count").asInt()
                        + " " + r.get("src_port"))
                .containsExactlyInAnyOrder(
                        "2026-12-01T11:50:00Z 1 [\"1002\"]",
                        "2026-12-01T12:50:00Z 1 [\"1001\"]",
                        "2026-12-03T07:50:00Z 1 [\"1000\"]");
    }

    @Test
    void mixedEncodingsInOneFileMakeOneGroup(@TempDir Path work) throws Exception {
        Path input = Files.write(work.resolve("mixed.log"), List.of(
                Events.flat("WS-01", "2026-12-01 12:00:00", 50001, 7844),
                Events.xml("WS-01", "2026-12-01 12:01:00", 50002, 7844),
                Events.flat("WS-01", "2026-12-01 12:02:00", 50001, 443),
                Events.xml("WS-01", "2026-12-01 12:03:00", 50003, 7844)));

        DetectionRun run = DetectionRun.of(work, List.of(input));

        assertThat(run.rows).hasSize(1);
        JsonNode row = run.rows.get(0);
        assertThat(row.get("count").asInt()).isEqualTo(3);
        assertThat(row.get("src_port").toString()).isEqualTo("[\"50001\",\"50002\",\"50003\"]");
        assertThat(row.get("user").asText()).isEqualTo("svc");
        assertThat(row.get("firstTime").asText()).isEqualTo("2026-12-01T12:00:00");
        assertThat(row.get("lastTime").asText()).isEqualTo("2026-12-01T12:03:00");
        assertThat(run.summary.notMatching()).isEqualTo(1);
    }

    @Test
    void threeThousandSourcePortsInOneGroupAreAllKeptInLexicographicOrder(@TempDir Path work) throws Exception {
        List<String> lines = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int port = 1024 + i * 19;
            lines.add(Events.flat("WS-01", "2026-12-01 12:" + String.format("%02d:%02d", i % 50, (i / 50) % 60), port, 7844));
            expected.add(Integer.toString(port));
        }
        Collections.shuffle(lines, new Random(7));
        Collections.sort(expected);
        Path input = Files.write(work.resolve("ports.jsonl"), lines);

        DetectionRun run = DetectionRun.of(work, List.of(input));

        assertThat(run.rows).as("rows").extracting(r -> r.get("window_start").asText())
                .containsExactly("2026-12-01T11:50:00Z");
        JsonNode ports = run.rows.get(0).get("src_port");
        List<String> actual = new ArrayList<>();
        ports.forEach(p -> actual.add(p.asText()));
        assertThat(actual).hasSize(3000).containsExactlyElementsOf(expected);
        assertThat(run.rows.get(0).get("count").asInt()).isEqualTo(3000);
    }

    @Test
    void readsFoldersAndGzipFilesWithOriginsPerFile(@TempDir Path work) throws Exception {
        Path folder = Files.createDirectories(work.resolve("in/nested"));
        Files.write(folder.resolve("a.jsonl"), List.of(Events.flat("WS-01", "2026-12-01 12:00:00", 1, 7844)));
        Path gz = folder.resolve("b.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write((Events.flat("WS-01", "2026-12-01 12:10:00", 2, 7844) + "\nnot an event\n")
                    .getBytes(StandardCharsets.UTF_8));
        }

        DetectionRun run = DetectionRun.of(work.resolve("run"), List.of(work.resolve("in")));

        assertThat(run.rows).hasSize(1);
        assertThat(run.rows.get(0).get("count").asInt()).isEqualTo(2);
        assertThat(run.deadLetters).hasSize(1);
        assertThat(run.deadLetters.get(0).get("origin").asText()).isEqualTo(gz.toAbsolutePath() + ":2");
        assertThat(run.deadLetters.get(0).get("raw").asText()).isEqualTo("not an event");
    }
}
