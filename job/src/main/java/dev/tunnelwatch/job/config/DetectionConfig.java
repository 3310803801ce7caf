package dev.tunnelwatch.job.config;

import dev.tunnelwatch.connectors.decode.DecodeLimits;
import dev.tunnelwatch.connectors.kafka.KafkaEndpoint;
import dev.tunnelwatch.connectors.kafka.KafkaSettings;
import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.functions.PortFilter;
import dev.tunnelwatch.job.rules.RuleFile;
import dev.tunnelwatch.job.rules.RuleSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;

/**
 * A fully resolved, validated run: where to read and write, and how to detect. Built by
 * {@link CommandLine} (or directly by tests); everything downstream reads only this.
 *
 * @param inputs files or folders to read, and {@code kafka://} topics
 * @param output a folder for alert part files, {@code -} for stdout, or a {@code kafka://} topic
 * @param deadLetter a folder, {@code -} for stdout, {@link #STDERR}, or a {@code kafka://} topic
 * @param lateEvents where late events beyond the allowed lateness go: like {@code deadLetter}, and
 *     by default the same
 * @param allowlist approved deployments; {@link Allowlist#EMPTY} by default
 * @param ports the destination ports that match
 * @param strict decode every record; otherwise records that cannot hold a port are passed over
 * @param window the tumbling window length
 * @param windowOffset the window start offset, taken modulo the window length
 * @param outOfOrderness the watermark's bounded out-of-orderness (unbounded input)
 * @param idleness when an idle split stops holding back the watermark (unbounded input)
 * @param allowedLateness how long a window takes late events after its row (unbounded input)
 * @param maxGroupsPerWindow the most groups one window holds (unbounded input)
 * @param maxGroupCharsPerWindow the most characters in the group fields of one window's groups (unbounded input)
 * @param zone zone of firstTime and lastTime
 * @param limits record limits
 * @param rawBytesKept the most bytes of one record held in memory, always above the size limit
 * @param parallelism the job's parallelism, or null for the Flink configuration's default
 * @param kafka how Kafka sources and sinks connect, start, end and deliver
 * @param progressInterval how often to report progress, zero for never
 * @param flink the Flink configuration (from {@code config.yaml}) the job runs with
 */
public record DetectionConfig(
        List<String> inputs,
        String output,
        String deadLetter,
        String lateEvents,
        Allowlist allowlist,
        PortFilter ports,
        boolean strict,
        Duration window,
        Duration windowOffset,
        Duration outOfOrderness,
        Duration idleness,
        Duration allowedLateness,
        int maxGroupsPerWindow,
        long maxGroupCharsPerWindow,
        ZoneId zone,
        DecodeLimits limits,
        int rawBytesKept,
        Integer parallelism,
        KafkaSettings kafka,
        Duration progressInterval,
        Configuration flink) {

    public static final String STDOUT = "-";
    /** Dead letters to standard error: the default when alerts go to standard output. */
    public static final String STDERR = "stderr";

    /** Settings from a Flink configuration (defaults where it has none), for the given I/O. */
    public static DetectionConfig of(Configuration flink, List<String> inputs, String output, String deadLetter,
            Allowlist allowlist, Integer parallelism) {
        return of(flink, inputs, output, deadLetter, allowlist, parallelism, KafkaSettings.defaults());
    }

    public static DetectionConfig of(Configuration flink, List<String> inputs, String output, String deadLetter,
            Allowlist allowlist, Integer parallelism, KafkaSettings kafka) {
        return new DetectionConfig(
                List.copyOf(inputs),
                output,
                deadLetter,
                deadLetter,
                allowlist,
                new PortFilter(flink.get(DetectionOptions.PORTS)),
                flink.get(DetectionOptions.STRICT),
                flink.get(DetectionOptions.WINDOW),
                flink.get(DetectionOptions.WINDOW_OFFSET),
                flink.get(DetectionOptions.OUT_OF_ORDERNESS),
                flink.get(DetectionOptions.IDLENESS),
                flink.get(DetectionOptions.ALLOWED_LATENESS),
                flink.get(DetectionOptions.MAX_GROUPS_PER_WINDOW),
                flink.get(DetectionOptions.MAX_GROUP_CHARS_PER_WINDOW),
                ZoneId.of(flink.get(DetectionOptions.TIME_ZONE)),
                limits(flink),
                Math.max(flink.get(DetectionOptions.MAX_KEPT_BYTES),
                        (int) Math.min(Integer.MAX_VALUE - 8, flink.get(DetectionOptions.MAX_RECORD_BYTES) + 1L)),
                parallelism,
                kafka,
                flink.get(DetectionOptions.PROGRESS_INTERVAL),
                flink);
    }

    /** This run with late events beyond the allowed lateness going to {@code target}. */
    public DetectionConfig withLateEvents(String target) {
        return new DetectionConfig(inputs, output, deadLetter, target, allowlist, ports, strict, window, windowOffset,
                outOfOrderness, idleness, allowedLateness, maxGroupsPerWindow, maxGroupCharsPerWindow, zone, limits, rawBytesKept,
                parallelism, kafka, progressInterval, flink);
    }

    /** The record limits of a configuration; "none" lifts an event-time bound. */
    static DecodeLimits limits(Configuration flink) {
        String min = flink.get(DetectionOptions.MIN_EVENT_TIME).strip();
        String ahead = flink.get(DetectionOptions.MAX_EVENT_TIME_AHEAD).strip();
        long minMillis;
        long aheadMillis;
        try {
            minMillis = min.equalsIgnoreCase("none") ? Long.MIN_VALUE : Instant.parse(min).toEpochMilli();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(DetectionOptions.MIN_EVENT_TIME.key() + ": '" + min
                    + "' is neither an ISO instant (2000-01-01T00:00:00Z) nor none");
        }
        try {
            aheadMillis = ahead.equalsIgnoreCase("none") ? Long.MAX_VALUE : TimeUtils.parseDuration(ahead).toMillis();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(DetectionOptions.MAX_EVENT_TIME_AHEAD.key() + ": '" + ahead
                    + "' is neither a duration (1d, 12h) nor none");
        }
        return new DecodeLimits(
                flink.get(DetectionOptions.MAX_RECORD_BYTES),
                flink.get(DetectionOptions.MAX_JSON_DEPTH),
                flink.get(DetectionOptions.MAX_XML_DEPTH),
                flink.get(DetectionOptions.MAX_FIELDS),
                flink.get(DetectionOptions.MAX_FIELD_CHARS),
                minMillis,
                aheadMillis);
    }

    /**
     * The rules this run runs: those of the rules file ({@code --rules}), else the bundled detection
     * with this run's ports, window, offset and out-of-orderness.
     *
     * @throws IllegalArgumentException for a rules file that cannot be read or holds a mistake, with one line saying which
     */
    public List<RuleSpec> rules() {
        String file = flink.get(DetectionOptions.RULES);
        if (file != null && !file.isBlank()) {
            try {
                return RuleFile.load(Path.of(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("--rules " + file + ": cannot be read: " + e.getMessage(), e);
            }
        }
        RuleSpec c = RuleSpec.CLOUDFLARED;
        return List.of(new RuleSpec(c.name(), c.id(), c.version(), c.description(), c.techniqueId(),
                c.techniqueName(), c.tacticId(), c.tacticName(), c.severity(), List.copyOf(new java.util.TreeSet<>(ports.ports())), c.groupBy(),
                window, windowOffset, outOfOrderness, c.reason()));
    }

    /**
     * The watermark's out-of-orderness: with a rules file, the largest lag of its rules, so no
     * rule finds an event late that its own lag would take.
     */
    public Duration watermarkLag() {
        if (flink.get(DetectionOptions.RULES) == null) {
            return outOfOrderness;
        }
        return rules().stream().map(RuleSpec::lag).max(Duration::compareTo).orElse(outOfOrderness);
    }

    /** True when every input ends by itself: files, and Kafka topics read with --bounded. */
    public boolean bounded() {
        return kafka.bounded() || inputs.stream().noneMatch(KafkaEndpoint::isKafka);
    }

    public DetectionConfig {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("at least one --input is required");
        }
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("--window must be at least 1 ms");
        }
        if (windowOffset.isNegative()) {
            throw new IllegalArgumentException("--window-offset must not be negative");
        }
        // The offset sets the windows' phase: with --window 30m the default 50m means windows
        // starting at minutes 20 and 50, which is what a user shortening the window expects.
        windowOffset = Duration.ofMillis(windowOffset.toMillis() % window.toMillis());
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("--out-of-orderness must not be negative");
        }
        if (idleness.isNegative() || idleness.isZero()) {
            throw new IllegalArgumentException("tunnelwatch.idleness must be positive");
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("--allowed-lateness must not be negative");
        }
        if (maxGroupsPerWindow < 1) {
            throw new IllegalArgumentException("--max-groups-per-window must be at least 1");
        }
        if (maxGroupCharsPerWindow < 1) {
            throw new IllegalArgumentException("tunnelwatch.max-group-chars-per-window must be at least 1");
        }
        if (parallelism != null && parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be at least 1");
        }
    }
}
