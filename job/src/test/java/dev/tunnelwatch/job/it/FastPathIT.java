package dev.tunnelwatch.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.config.DetectionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path never changes a row (issue 6): a large generated mix of both encodings, with every
 * spelling of the port the screen must catch (character references, comments inside the digits,
 * JSON escapes, leading zeros), near misses (17844, 78440, 7844 as the source port), other event
 * IDs, truncated records and blank lines, run with and without it.
 */
class FastPathIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    private static final int RECORDS = 60_000;
    private static final long SEED = Long.getLong("tunnelwatch.fastpath.seed", 7844L);

    @Test
    void aLargeMixGivesTheSameRowsWithAndWithoutTheFastPath(@TempDir Path work) throws Exception {
        Path input = work.resolve("mix.log");
        Files.write(input, mix(new Random(SEED)));

        DetectionRun strict = run(work.resolve("strict"), input, true);
        DetectionRun fast = run(work.resolve("fast"), input, false);

        assertThat(strict.rows).as("seed %d", SEED).hasSizeGreaterThan(200);
        assertThat(fast.specRows()).as("seed %d", SEED).containsExactlyElementsOf(strict.specRows());
        assertThat(fast.summary.read()).isEqualTo(strict.summary.read()).isEqualTo(RECORDS);
        assertThat(fast.summary.matched()).isEqualTo(strict.summary.matched());
        assertThat(fast.summary.rowsWritten()).isEqualTo(strict.summary.rowsWritten());
        assertThat(fast.summary.cannotMatch()).isGreaterThan(RECORDS / 2);
        assertThat(strict.summary.cannotMatch()).isZero();
        assertThat(fast.summary.balances()).isTrue();
        assertThat(strict.summary.balances()).isTrue();
        // What the fast path still dead-letters, strict dead-letters too, for the same reason.
        Set<String> strictDeadLetters = new HashSet<>();
        for (JsonNode d : strict.deadLetters) {
            strictDeadLetters.add(d.get("origin").asText() + " " + d.get("reason").asText());
        }
        assertThat(strict.deadLetters).hasSizeGreaterThan(100);
        for (JsonNode d : fast.deadLetters) {
            assertThat(strictDeadLetters).contains(d.get("origin").asText() + " " + d.get("reason").asText());
        }
    }

    private static DetectionRun run(Path work, Path input, boolean strict) throws Exception {
        Configuration settings = new Configuration();
        settings.set(DetectionOptions.STRICT, strict);
        return DetectionRun.of(work, List.of(input), Allowlist.EMPTY, settings);
    }

    /** {@value #RECORDS} records (and some blank lines) over six hours of 2026-12-01, 40 hosts. */
    static List<String> mix(Random random) {
        List<String> lines = new ArrayList<>();
        int records = 0;
        while (records < RECORDS) {
            if (random.nextInt(200) == 0) {
                lines.add(random.nextBoolean() ? "" : "  \t");
                continue;
            }
            lines.add(record(random));
            records++;
        }
        return lines;
    }

    private static String record(Random random) {
        String host = "WS-" + random.nextInt(40);
        String time = String.format("2026-12-01 %02d:%02d:%02d.%03d", 10 + random.nextInt(6), random.nextInt(60),
                random.nextInt(60), random.nextInt(1000));
        int pick = random.nextInt(100);
        int destPort = pick < 3 ? 7844 : pick < 4 ? 17844 : pick < 5 ? 78440 : 1 + random.nextInt(65535);
        int srcPort = random.nextInt(50) == 0 ? 7844 : 49152 + random.nextInt(16384);
        boolean xml = random.nextBoolean();
        String line = xml ? Events.xml(host, time, srcPort, destPort) : Events.flat(host, time, srcPort, destPort);
        int variant = random.nextInt(100);
        if (destPort == 7844 && variant < 40) {
            line = xml
                    ? line.replace("'DestinationPort'>7844<", switch (variant % 4) {
                        case 0 -> "'DestinationPort'>&#55;844<";
                        case 1 -> "'DestinationPort'>78<!-- split -->44<";
                        case 2 -> "'DestinationPort'>0007844<";
                        default -> "'DestinationPort'>7<![CDATA[8]]>44<";
                    })
                    : line.replace("\"DestinationPort\":\"7844\"", variant % 2 == 0
                            ? "\"DestinationPort\":\"\\u0037844\""
                            : "\"DestinationPort\":\"07844\"");
        } else if (variant < 10) {
            line = xml ? line.replace("<EventID>3<", "<EventID>" + (variant < 5 ? 1 : 22) + "<")
                    : line.replace("\"EventID\":3", "\"EventID\":" + (variant < 5 ? 1 : 22));
        } else if (variant < 13) {
            line = line.substring(0, 1 + random.nextInt(line.length() - 1)); // truncated: malformed
        }
        return line;
    }
}
