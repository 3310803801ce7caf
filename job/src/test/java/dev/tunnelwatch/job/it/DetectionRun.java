package dev.tunnelwatch.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tunnelwatch.job.DetectionJob;
import dev.tunnelwatch.job.RunSummary;
import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.config.DetectionConfig;
import dev.tunnelwatch.job.config.DetectionOptions;
import dev.tunnelwatch.job.model.GroupKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the real job (the same builder the command line uses) on files, writing to folders, and
 * reads back what it wrote: the rows, the dead letters and the run's counts.
 */
final class DetectionRun {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The columns the spec fixes (section 6); other fields are metadata. */
    static final Set<String> SPEC_COLUMNS = specColumns();

    final List<JsonNode> rows;
    final List<JsonNode> deadLetters;
    final RunSummary summary;

    private DetectionRun(List<JsonNode> rows, List<JsonNode> deadLetters, RunSummary summary) {
        this.rows = rows;
        this.deadLetters = deadLetters;
        this.summary = summary;
    }

    static Path testdata() {
        return Path.of(System.getProperty("tunnelwatch.home", "..")).resolve("testdata").toAbsolutePath().normalize();
    }

    static DetectionRun of(Path work, List<Path> inputs) throws Exception {
        return of(work, inputs, Allowlist.EMPTY, new Configuration());
    }

    static DetectionRun of(Path work, List<Path> inputs, Allowlist allowlist, Configuration settings) throws Exception {
        return of(work, inputs, allowlist, settings, 2);
    }

    static DetectionRun of(Path work, List<Path> inputs, Allowlist allowlist, Configuration settings, int parallelism)
            throws Exception {
        Configuration flink = new Configuration();
        flink.set(PipelineOptions.GENERIC_TYPES, false); // proves no record type falls back to Kryo
        // Every record decoded, so every bad one is a dead letter; tests of the fast path say so.
        flink.set(DetectionOptions.STRICT, true);
        flink.addAll(settings);
        Path out = work.resolve("alerts");
        Path dl = work.resolve("dead-letter");
        DetectionConfig config = DetectionConfig.of(flink,
                inputs.stream().map(Path::toString).toList(), out.toString(), dl.toString(), allowlist, parallelism);
        StreamExecutionEnvironment env = DetectionJob.environment(config);
        DetectionJob.define(env, config);
        JobExecutionResult result = env.execute("detection-it");
        return new DetectionRun(readLines(out), readLines(dl), RunSummary.from(result.getAllAccumulatorResults()));
    }

    /** Rows reduced to the spec's columns, sorted by window then text, as the golden files are. */
    List<String> specRows() {
        List<String> out = new ArrayList<>();
        for (JsonNode row : rows) {
            ObjectNode spec = JSON.createObjectNode();
            row.fields().forEachRemaining(e -> {
                if (SPEC_COLUMNS.contains(e.getKey())) {
                    spec.set(e.getKey(), e.getValue());
                }
            });
            out.add(canonical(spec));
        }
        return sortedLikeGolden(out);
    }

    /** JSON text with keys in a fixed order, so rows compare by content, not field order. */
    static String canonical(JsonNode node) {
        try {
            return JSON.writeValueAsString(JSON.convertValue(node, java.util.TreeMap.class));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> sortedLikeGolden(List<String> rows) {
        return rows.stream()
                .sorted(Comparator.comparing((String r) -> java.time.Instant.parse(field(r, "window_start")))
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    private static String field(String json, String name) {
        try {
            return JSON.readTree(json).get(name).asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> readLines(Path folder) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isEmpty()) {
                        out.add(JSON.readTree(line));
                    }
                }
            }
        }
        return out;
    }

    private static Set<String> specColumns() {
        List<String> c = new ArrayList<>(List.of(GroupKey.FIELD_NAMES));
        c.addAll(List.of("count", "firstTime", "lastTime", "src_port", "window_start", "window_end"));
        return Set.copyOf(c);
    }
}
