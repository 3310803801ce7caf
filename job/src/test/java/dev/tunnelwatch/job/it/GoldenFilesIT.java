package dev.tunnelwatch.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tunnelwatch.job.RunSummary;
import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.config.DetectionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of testdata/events through the real job on a MiniCluster (parallelism 2): exactly the
 * rows, dead letters and counts in testdata/expected, which an independent implementation of the
 * spec (testdata/oracle) produced and a person checked.
 */
class GoldenFilesIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    static Stream<Path> cases() throws Exception {
        try (Stream<Path> files = Files.list(DetectionRun.testdata().resolve("events"))) {
            return files.sorted().toList().stream();
        }
    }

    /** Cases that also have expected files for a run without the event-time range. */
    static Stream<Path> casesWithoutTimeRange() throws Exception {
        Path expected = DetectionRun.testdata().resolve("expected");
        return cases().filter(input -> Files.exists(expected.resolve(caseName(input) + NO_TIME_RANGE + ".counts.json")));
    }

    private static final String NO_TIME_RANGE = ".no-time-range";

    /** A JSON \\u escape: a 'u' after an odd run of backslashes. */
    private static final java.util.regex.Pattern JSON_ESCAPED_U = java.util.regex.Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*\\\\u");

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void producesExactlyTheExpectedRowsDeadLettersAndCounts(Path input, @TempDir Path work) throws Exception {
        check(input, caseName(input), new Configuration(), work);
    }

    /**
     * The default time range refuses the epoch-edge cases (1970, 9999); without it they still
     * reach their windows, as the command line's {@code -D tunnelwatch.limits.min-event-time=none}
     * would run them.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithoutTimeRange")
    void withoutTheTimeRange(Path input, @TempDir Path work) throws Exception {
        Configuration settings = new Configuration();
        settings.setString("tunnelwatch.limits.min-event-time", "none");
        settings.setString("tunnelwatch.limits.max-event-time-ahead", "none");
        check(input, caseName(input) + NO_TIME_RANGE, settings, work);
    }

    /**
     * The fast path (the default) passes over records whose bytes hold no spelling of the port:
     * the rows must be exactly the same, every matched event still counted, and only records that
     * could not have matched may leave the other counts, dead letters included.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theFastPathChangesNoRowAndHidesNoRecordThatCouldMatch(Path input, @TempDir Path work) throws Exception {
        Path expected = DetectionRun.testdata().resolve("expected");
        String caseName = caseName(input);
        Configuration fast = new Configuration();
        fast.set(DetectionOptions.STRICT, false);
        DetectionRun run = DetectionRun.of(work, List.of(input), Allowlist.EMPTY, fast);

        assertThat(run.specRows()).containsExactlyElementsOf(DetectionRun.sortedLikeGolden(
                Files.readAllLines(expected.resolve(caseName + ".rows.jsonl")).stream()
                        .filter(l -> !l.isBlank()).map(GoldenFilesIT::reserialise).toList()));
        Map<Long, String> strictDeadLetters = new TreeMap<>();
        for (String line : Files.readAllLines(expected.resolve(caseName + ".dead-letters.jsonl"))) {
            if (!line.isBlank()) {
                JsonNode d = DetectionRun.JSON.readTree(line);
                strictDeadLetters.put(d.get("line").asLong(), d.get("reason").asText());
            }
        }
        List<byte[]> lines = physicalLines(input);
        for (JsonNode d : run.deadLetters) {
            String origin = d.get("origin").asText();
            long line = Long.parseLong(origin.substring(origin.lastIndexOf(':') + 1));
            assertThat(strictDeadLetters).containsEntry(line, d.get("reason").asText());
            assertThat(rawBytes(d)).isEqualTo(lines.get((int) line - 1));
        }
        // Every strict dead letter the fast path did not report holds no spelling of the port in
        // the encoding the decoder reads it in (its first character after whitespace): in XML no
        // character reference, comment, CDATA section or processing instruction; in JSON no \\u
        // escape (a 'u' after an odd run of backslashes); in anything else none of these.
        java.util.Set<Long> reported = new java.util.HashSet<>();
        run.deadLetters.forEach(d -> {
            String origin = d.get("origin").asText();
            reported.add(Long.parseLong(origin.substring(origin.lastIndexOf(':') + 1)));
        });
        for (long line : strictDeadLetters.keySet()) {
            if (!reported.contains(line)) {
                String text = new String(lines.get((int) line - 1), java.nio.charset.StandardCharsets.ISO_8859_1);
                String start = text.replaceFirst("^[ \\t\\r\\n]+", "");
                boolean xml = start.startsWith("<");
                boolean json = start.startsWith("{");
                assertThat(text).as("line %d passed over", line).doesNotContain("7844");
                if (!json) {
                    assertThat(text).as("line %d passed over", line)
                            .doesNotContain("&#").doesNotContain("<!").doesNotContain("<?");
                }
                if (!xml) {
                    assertThat(JSON_ESCAPED_U.matcher(text).find() || !json && text.contains("\\u"))
                            .as("line %d passed over", line).isFalse();
                }
            }
        }
        JsonNode counts = DetectionRun.JSON.readTree(expected.resolve(caseName + ".counts.json").toFile());
        RunSummary s = run.summary;
        assertThat(s.read()).isEqualTo(counts.get("read").asLong());
        assertThat(s.matched()).isEqualTo(counts.get("matched").asLong());
        assertThat(s.rowsWritten()).isEqualTo(counts.get("rows").asLong());
        assertThat(s.notMatching()).isLessThanOrEqualTo(counts.get("not_matching").asLong());
        assertThat(s.skipped()).isLessThanOrEqualTo(counts.get("skipped").asLong());
        assertThat(s.deadLettered()).isEqualTo(run.deadLetters.size());
        assertThat(s.notMatching() + s.skipped() + s.deadLettered() + s.cannotMatch()).isEqualTo(
                counts.get("not_matching").asLong() + counts.get("skipped").asLong()
                        + counts.get("dead_lettered").asLong());
        assertThat(s.balances()).isTrue();
    }

    @Test
    void everyCaseWithoutTimeRangeHasItsInput() throws Exception {
        assertThat(casesWithoutTimeRange().map(GoldenFilesIT::caseName))
                .containsExactlyInAnyOrder("extreme-windows", "time-range");
    }

    private static String caseName(Path input) {
        String name = input.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    /** Strict: every record decoded, so every count is the oracle's. */
    private static void check(Path input, String caseName, Configuration settings, Path work) throws Exception {
        Path expected = DetectionRun.testdata().resolve("expected");
        settings.set(DetectionOptions.STRICT, true);

        DetectionRun run = DetectionRun.of(work, List.of(input), Allowlist.EMPTY, settings);

        List<String> expectedRows = Files.readAllLines(expected.resolve(caseName + ".rows.jsonl")).stream()
                .filter(l -> !l.isBlank())
                .map(l -> reserialise(l))
                .toList();
        assertThat(run.specRows()).containsExactlyElementsOf(DetectionRun.sortedLikeGolden(expectedRows));

        Map<Long, String> expectedDeadLetters = new TreeMap<>();
        for (String line : Files.readAllLines(expected.resolve(caseName + ".dead-letters.jsonl"))) {
            if (!line.isBlank()) {
                JsonNode d = DetectionRun.JSON.readTree(line);
                expectedDeadLetters.put(d.get("line").asLong(), d.get("reason").asText());
            }
        }
        Map<Long, String> actualDeadLetters = new TreeMap<>();
        List<byte[]> lines = physicalLines(input);
        for (JsonNode d : run.deadLetters) {
            String origin = d.get("origin").asText();
            assertThat(origin).startsWith(input.toAbsolutePath() + ":");
            long line = Long.parseLong(origin.substring(origin.lastIndexOf(':') + 1));
            actualDeadLetters.put(line, d.get("reason").asText());
            assertThat(rawBytes(d)).as("raw bytes of line %d", line).isEqualTo(lines.get((int) line - 1));
        }
        assertThat(actualDeadLetters).isEqualTo(expectedDeadLetters);
        assertThat(run.deadLetters).hasSize(expectedDeadLetters.size());

        JsonNode counts = DetectionRun.JSON.readTree(expected.resolve(caseName + ".counts.json").toFile());
        assertThat(run.summary.read()).isEqualTo(counts.get("read").asLong());
        assertThat(run.summary.matched()).isEqualTo(counts.get("matched").asLong());
        assertThat(run.summary.notMatching()).isEqualTo(counts.get("not_matching").asLong());
        assertThat(run.summary.skipped()).isEqualTo(counts.get("skipped").asLong());
        assertThat(run.summary.deadLettered()).isEqualTo(counts.get("dead_lettered").asLong());
        assertThat(run.summary.rowsWritten()).isEqualTo(counts.get("rows").asLong());
        assertThat(run.summary.cannotMatch()).isZero();
        assertThat(run.summary.balances()).isTrue();
    }

    /** Same JSON, serialised the way the job's rows are compared (key order kept). */
    private static String reserialise(String json) {
        try {
            return DetectionRun.canonical(DetectionRun.JSON.readTree(json));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] rawBytes(JsonNode deadLetter) {
        if (deadLetter.has("raw_base64")) {
            return Base64.getDecoder().decode(deadLetter.get("raw_base64").asText());
        }
        return deadLetter.get("raw").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The file's lines as the spec cuts them: on \n, one \r before it removed, BOM off line 1. */
    static List<byte[]> physicalLines(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        if (all.length >= 3 && all[0] == (byte) 0xEF && all[1] == (byte) 0xBB && all[2] == (byte) 0xBF) {
            start = 3;
        }
        for (int i = start; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                int end = i > start && i < all.length && all[i - 1] == '\r' ? i - 1 : i;
                if (i < all.length || end > start) {
                    out.add(java.util.Arrays.copyOfRange(all, start, end));
                }
                start = i + 1;
            }
        }
        return out;
    }
}
