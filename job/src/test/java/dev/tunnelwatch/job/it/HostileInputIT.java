package dev.tunnelwatch.job.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tunnelwatch.connectors.record.DeadLetterReason;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real job on a MiniCluster (parallelism 2) over a generated file of a few thousand hostile
 * records, real events mutated: the run ends normally, accounts for every record (read = matched +
 * not matching + skipped + dead-lettered) and every dead letter holds its line's exact bytes.
 * Seeded: {@code -Dtunnelwatch.fuzz.seed=N} runs another file.
 */
class HostileInputIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    private static final long SEED = Long.getLong("tunnelwatch.fuzz.seed", 7844L);
    private static final int RECORDS = 4_000;

    private static final String[] TOKENS = {
        "\u0000", "\u001f", "\ufeff", "\ud83d\ude00", "\r", "\t", "&#0;", "&#xD800;", "&#55;", "&amp;", "&bogus;", "&",
        "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "<![CDATA[", "]]>", "<!--", "<?pi?>", "<", "/>",
        ":x", "\\ud800", "\\u0037", "\\", "\"", "{", "}", "[", "]", ",", ":", "NaN", "-0", "1e999999", "07844",
        "9".repeat(3000), "\"DestinationPort\":\"7844\",", "\"EventID\":3,", "<Data Name='DestinationPort'>7844</Data>",
        "1999-12-31 23:59:59", "2099-01-01T00:00:00Z", "[".repeat(70), "<a>".repeat(70),
    };

    @Test
    void everyRecordIsAccountedForAndEveryDeadLetterKeepsItsBytes(@TempDir Path work) throws Exception {
        Random rnd = new Random(SEED);
        List<byte[]> corpus = corpus();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (int i = 0; i < RECORDS; i++) {
            content.writeBytes(hostile(rnd, corpus));
            content.writeBytes(rnd.nextInt(10) == 0 ? "\r\n".getBytes(UTF_8) : "\n".getBytes(UTF_8));
        }
        Path input = Files.write(work.resolve("hostile.log"), content.toByteArray());
        List<byte[]> lines = GoldenFilesIT.physicalLines(input);
        long records = lines.stream().filter(l -> !isBlank(l)).count();

        DetectionRun run = DetectionRun.of(work.resolve("run"), List.of(input));

        var s = run.summary;
        System.out.printf("hostile input seed %d: %s%n", SEED, s.format().replace(System.lineSeparator(), " | "));
        assertThat(s.read()).as("seed %d", SEED).isEqualTo(records);
        assertThat(s.read()).isEqualTo(s.matched() + s.notMatching() + s.skipped() + s.deadLettered());
        assertThat(s.deadLetteredByReason().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(s.deadLettered());
        assertThat(s.late()).isZero();
        // enough of each outcome that the file exercised the whole pipeline
        assertThat(s.matched()).isPositive();
        assertThat(s.skipped()).isPositive();
        assertThat(s.deadLettered()).isPositive();
        assertThat(run.rows).isNotEmpty();

        assertThat(run.deadLetters).hasSize((int) s.deadLettered());
        Set<String> codes = new HashSet<>();
        for (DeadLetterReason r : DeadLetterReason.values()) {
            codes.add(r.code());
        }
        Map<Long, String> seen = new TreeMap<>();
        for (JsonNode d : run.deadLetters) {
            String origin = d.get("origin").asText();
            assertThat(origin).startsWith(input.toAbsolutePath() + ":");
            long line = Long.parseLong(origin.substring(origin.lastIndexOf(':') + 1));
            assertThat(seen.put(line, d.get("reason").asText())).as("one dead letter for line %d", line).isNull();
            assertThat(codes).contains(d.get("reason").asText());
            assertThat(GoldenFilesIT.rawBytes(d)).as("raw bytes of line %d, seed %d", line, SEED)
                    .isEqualTo(lines.get((int) line - 1));
        }
        sameAsTheOracle(input, run, seen);
    }

    /**
     * The independent Python implementation of the spec (testdata/oracle), when python3 is there,
     * reads the same hostile file the same way: counts, rows, and each dead letter's line and reason.
     * Only which of two ambiguities is named first may differ: the spec does not order them.
     */
    private static void sameAsTheOracle(Path input, DetectionRun run, Map<Long, String> reasons) throws Exception {
        Path oracle = DetectionRun.testdata().resolve("oracle").resolve("oracle.py");
        Process p;
        try {
            p = new ProcessBuilder("python3", oracle.toString(), input.toString())
                    .redirectError(input.resolveSibling("oracle.err").toFile())
                    .start();
        } catch (java.io.IOException e) {
            System.out.println("hostile input: no python3, the oracle comparison is skipped");
            return;
        }
        List<String> rows = new String(p.getInputStream().readAllBytes(), UTF_8).lines().toList();
        assertThat(p.waitFor()).as("oracle exit code").isZero();
        List<String> err = Files.readAllLines(input.resolveSibling("oracle.err"));
        JsonNode counts = DetectionRun.JSON.readTree(err.get(err.size() - 1));
        var s = run.summary;
        assertThat(List.of(s.read(), s.matched(), s.notMatching(), s.skipped(), s.deadLettered(), s.rowsWritten()))
                .as("counts: job vs oracle, seed %d", SEED)
                .isEqualTo(Stream.of("read", "matched", "not_matching", "skipped", "dead_lettered", "rows")
                        .map(k -> counts.get(k).asLong()).toList());
        List<String> expectedRows = rows.stream().map(r -> {
            try {
                return DetectionRun.canonical(DetectionRun.JSON.readTree(r));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(run.specRows()).as("rows: job vs oracle, seed %d", SEED)
                .containsExactlyElementsOf(DetectionRun.sortedLikeGolden(expectedRows));
        Map<Long, String> oracleReasons = new TreeMap<>();
        for (String line : err.subList(0, err.size() - 1)) {
            JsonNode d = DetectionRun.JSON.readTree(line);
            String origin = d.get("origin").asText();
            oracleReasons.put(Long.parseLong(origin.substring(origin.lastIndexOf(':') + 1)), d.get("reason").asText());
        }
        assertThat(oracleReasons.keySet()).as("dead-lettered lines, seed %d", SEED).isEqualTo(reasons.keySet());
        Set<String> ambiguities = Set.of("duplicate-field", "not-a-scalar");
        reasons.forEach((line, reason) -> {
            String expected = oracleReasons.get(line);
            if (!(ambiguities.contains(reason) && ambiguities.contains(expected))) {
                assertThat(reason).as("reason of line %d, seed %d", line, SEED).isEqualTo(expected);
            }
        });
    }

    /** Every record of testdata/events: real events in every encoding. */
    private static List<byte[]> corpus() throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DetectionRun.testdata().resolve("events"))) {
            for (Path f : files.sorted().toList()) {
                GoldenFilesIT.physicalLines(f).stream().filter(l -> !isBlank(l)).forEach(out::add);
            }
        }
        return out;
    }

    /** A real event, mostly with one to three mutations; sometimes random bytes or a cut. */
    private static byte[] hostile(Random rnd, List<byte[]> corpus) {
        byte[] b = corpus.get(rnd.nextInt(corpus.size()));
        int kind = rnd.nextInt(10);
        if (kind == 0) { // random bytes
            b = new byte[rnd.nextInt(60)];
            rnd.nextBytes(b);
            return b;
        }
        if (kind == 1) { // unchanged: real events keep the matched count up
            return b;
        }
        for (int m = 1 + rnd.nextInt(3); m > 0; m--) {
            int at = rnd.nextInt(b.length + 1);
            b = switch (rnd.nextInt(6)) {
                case 0 -> Arrays.copyOf(b, at); // cut
                case 1 -> { // one byte changed, mostly to ASCII
                    byte[] c = b.clone();
                    if (c.length > 0) {
                        c[Math.min(at, c.length - 1)] = (byte) (rnd.nextInt(8) == 0 ? rnd.nextInt(256) : rnd.nextInt(128));
                    }
                    yield c;
                }
                case 2 -> { // a range repeated: duplicate keys and elements
                    int end = Math.min(b.length, at + rnd.nextInt(100));
                    yield insert(b, end, Arrays.copyOfRange(b, at, end));
                }
                case 3 -> { // a range removed
                    int end = Math.min(b.length, at + rnd.nextInt(30));
                    yield insert(Arrays.copyOf(b, at), at, Arrays.copyOfRange(b, end, b.length));
                }
                default -> insert(b, at, TOKENS[rnd.nextInt(TOKENS.length)].getBytes(UTF_8));
            };
        }
        return b;
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + what.length);
        out.write(b, 0, at);
        out.writeBytes(what);
        out.write(b, at, b.length - at);
        return out.toByteArray();
    }

    private static boolean isBlank(byte[] line) {
        for (byte c : line) {
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }
}
