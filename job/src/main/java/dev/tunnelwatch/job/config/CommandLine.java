package dev.tunnelwatch.job.config;

import dev.tunnelwatch.connectors.decode.IntegerText;
import dev.tunnelwatch.connectors.kafka.KafkaClientProperties;
import dev.tunnelwatch.connectors.kafka.KafkaEndpoint;
import dev.tunnelwatch.connectors.kafka.KafkaSettings;
import dev.tunnelwatch.connectors.record.OneLine;
import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.functions.AlertRowFormat;
import dev.tunnelwatch.job.model.GroupKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.util.TimeUtils;

/**
 * The {@code bin/detect} command line. Every flag and path is checked here, so that a mistake
 * costs one clear line on stderr and no work.
 */
public final class CommandLine {

    public static final String USAGE = """
            Usage: bin/detect [--input PATH|kafka://HOST:PORT/TOPIC[,TOPIC...]]... [--output DIR|-|kafka://HOST:PORT/TOPIC]
                              [--dead-letter DIR|-|kafka://HOST:PORT/TOPIC] [--late-events DIR|-|kafka://HOST:PORT/TOPIC]
                              [--allowlist FILE] [--ports 7844[,N...]] [--strict] [--early-alerts]
                              [--suppress-for D] [--suppress-fields dvc,app,dest] [--rules FILE]
                              [--output-format native|ocsf|ecs] [--allowlist-topic kafka://HOST:PORT/TOPIC]
                              [--window 1h] [--window-offset 50m]
                              [--out-of-orderness 10m] [--allowed-lateness 0] [--max-groups-per-window 100000]
                              [--parallelism N] [--config FILE]
                              [--bounded] [--group-id ID] [--start earliest|latest|committed|INSTANT]
                              [--delivery exactly-once|at-least-once] [--kafka-property KEY=VALUE]... [--kafka-properties FILE]
                              [-D KEY=VALUE]...

              --input PATH          file or folder of events (.gz too), or kafka://HOST:PORT/TOPIC[,TOPIC...] (a topic
                                    part that is not a topic name is a regular expression); repeatable.
                                    Default: the bundled testdata/events
              --output DIR|-        alert rows: a folder of JSON-lines part files, - for stdout (default), or a Kafka topic
              --output-format F     native (the spec's row and alert fields; default), ocsf (OCSF 1.8 Detection
                                    Finding) or ecs (Elastic Common Schema 8.17)
              --dead-letter DIR|-   bad records, likewise; default: dead-letter/ beside an --output folder, else stderr
              --late-events DIR|-   matching events too late for their window, likewise; default: with the dead letters
              --allowlist FILE      YAML or JSON rules of approved deployments; rows they match are not written
              --allowlist-topic T   kafka://HOST:PORT/TOPIC: each message a whole allowlist that replaces the one in
                                    force while the job runs (unbounded input), with an audit line per change
              --ports LIST          destination ports that match, comma-separated (default 7844)
              --rules FILE          a rules file (flink-conf/rules.yaml is the bundled detection): every rule in it
                                    runs over one pass of the input, each with its own ports, fields and windows
              --strict              decode every record, also those whose bytes hold no spelling of a port (slower;
                                    every malformed record is then a dead letter)
              --early-alerts        unbounded input: an "opened" alert at a group's first event in a window, at once;
                                    the window's row follows with the same alert_id
              --suppress-for D      after an alert, no alert of the same --suppress-fields combination whose window
                                    starts within D (default 0: off); the next alert sent counts them
              --suppress-fields F   comma-separated group fields of the combination (default dvc,app,dest)
              --window D            window length (default 1h)
              --window-offset D     window start offset (default 50m: windows start at minute 50, UTC)
              --out-of-orderness D  watermark lag for unbounded input (default 10m)
              --allowed-lateness D  unbounded input: a window's row is emitted again, updated (alert_revision 1, 2, ...),
                                    for events up to D behind the watermark (default 0)
              --max-groups-per-window N  unbounded input: the most groups a window holds; events of more groups are
                                    group-limit dead letters (default 100000)
              --parallelism N       job parallelism (default: parallelism.default of the configuration)
              --config FILE         Flink config.yaml, also holding tunnelwatch.* settings (default flink-conf/config.yaml)
              --bounded             read Kafka up to the offsets that are latest at start, then end (like a file)
              --group-id ID         Kafka consumer group (default tunnelwatch)
              --start WHERE         earliest, latest, committed or an ISO instant; default: committed (earliest for a
                                    new group), or earliest with --bounded
              --delivery D          alerts to Kafka: exactly-once (default; transactions, checkpoints) or at-least-once
              --kafka-property K=V  a Kafka client property for every source and sink (security: SASL, TLS); repeatable
              --kafka-properties F  a Java properties file of Kafka client properties
              -D KEY=VALUE          any setting of the configuration (tunnelwatch.* or Flink's), over --config; repeatable
              --help                this text
            Durations: 1h, 50m, 10 min, 30s, 500ms.
            """;

    private CommandLine() {}

    /**
     * @param home the project folder (for the default config and inputs), or null when running
     *     from a job jar on a cluster
     */
    public static DetectionConfig parse(String[] args, Path home) throws UsageException {
        List<String> inputs = new ArrayList<>();
        String output = null;
        String deadLetter = null;
        String lateEvents = null;
        String allowlistFile = null;
        String rulesFile = null;
        java.util.Set<String> ruleFlags = new java.util.HashSet<>();
        String configFile = null;
        Integer parallelism = null;
        Configuration overrides = new Configuration();
        boolean bounded = false;
        String groupId = KafkaSettings.DEFAULT_GROUP_ID;
        String start = null;
        String delivery = "exactly-once";
        List<String> kafkaPropertyFiles = new ArrayList<>();
        List<String> kafkaPropertyFlags = new ArrayList<>();

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageException(USAGE);
            }
            if (arg.startsWith("-D")) {
                String setting = arg.length() > 2 ? arg.substring(2) : i + 1 < args.length ? args[++i] : "";
                setting(setting, overrides);
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "' (see --help)");
            }
            if (arg.equals("--strict")) {
                if (value != null) {
                    throw new UsageException("--strict takes no value");
                }
                overrides.set(DetectionOptions.STRICT, true);
                continue;
            }
            if (arg.equals("--early-alerts")) {
                if (value != null) {
                    throw new UsageException("--early-alerts takes no value");
                }
                overrides.set(DetectionOptions.EARLY_ALERTS, true);
                continue;
            }
            if (arg.equals("--bounded")) {
                if (value != null) {
                    throw new UsageException("--bounded takes no value");
                }
                bounded = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value (see --help)");
                }
                value = args[++i];
            }
            ruleFlags.add(arg);
            switch (arg) {
                case "--input" -> inputs.add(value);
                case "--output" -> output = value;
                case "--dead-letter" -> deadLetter = value;
                case "--late-events" -> lateEvents = value;
                case "--allowed-lateness" -> overrides.set(DetectionOptions.ALLOWED_LATENESS, duration(arg, value));
                case "--max-groups-per-window" -> overrides.set(DetectionOptions.MAX_GROUPS_PER_WINDOW,
                        positiveInt(arg, value));
                case "--allowlist" -> allowlistFile = value;
                case "--rules" -> rulesFile = value;
                case "--allowlist-topic" -> {
                    kafkaEndpoint(arg, value);
                    overrides.setString(DetectionOptions.ALLOWLIST_TOPIC.key(), value);
                }
                case "--output-format" -> overrides.setString(DetectionOptions.OUTPUT_FORMAT.key(), value);
                case "--config" -> configFile = value;
                case "--ports" -> overrides.set(DetectionOptions.PORTS, ports(value));
                case "--suppress-for" -> overrides.set(DetectionOptions.SUPPRESS_FOR, duration(arg, value));
                case "--suppress-fields" -> overrides.set(DetectionOptions.SUPPRESS_FIELDS, groupFields(arg, value));
                case "--window" -> overrides.set(DetectionOptions.WINDOW, duration(arg, value));
                case "--window-offset" -> overrides.set(DetectionOptions.WINDOW_OFFSET, duration(arg, value));
                case "--out-of-orderness" -> overrides.set(DetectionOptions.OUT_OF_ORDERNESS, duration(arg, value));
                case "--parallelism" -> parallelism = positiveInt(arg, value);
                case "--group-id" -> groupId = value;
                case "--start" -> start = value;
                case "--delivery" -> delivery = value;
                case "--kafka-property" -> kafkaPropertyFlags.add(value);
                case "--kafka-properties" -> kafkaPropertyFiles.add(value);
                default -> throw new UsageException("unknown option '" + arg + "' (see --help)");
            }
        }

        Configuration flink = loadFlinkConfig(configFile, home);
        flink.addAll(overrides);
        if (home != null && !flink.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)) {
            // A local streaming run: checkpoints kept in the JobManager's memory are refused beyond
            // a few MiB of state, and every such failure would restart the job from scratch.
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    home.resolve(".run").resolve("checkpoints").toAbsolutePath().toUri().toString());
        }

        if (inputs.isEmpty()) {
            if (home == null) {
                throw new UsageException("--input is required");
            }
            inputs.add(home.resolve("testdata").resolve("events").toString());
        }
        for (String input : inputs) {
            if (KafkaEndpoint.isKafka(input)) {
                kafkaEndpoint("--input", input);
            } else {
                checkReadable("--input", Path.of(input));
                checkNotHidden(absolute(input));
            }
        }
        // On a cluster the TaskManagers do not share the client's working folder.
        inputs.replaceAll(input -> KafkaEndpoint.isKafka(input) ? input : absolute(input).toString());
        if (output != null && isFolder(output)) {
            output = absolute(output).toString();
        }
        if (deadLetter != null && isFolder(deadLetter)) {
            deadLetter = absolute(deadLetter).toString();
        }
        if (lateEvents != null && isFolder(lateEvents)) {
            lateEvents = absolute(lateEvents).toString();
        }
        if (output == null) {
            output = DetectionConfig.STDOUT;
        }
        if (deadLetter == null) {
            deadLetter = output.equals(DetectionConfig.STDOUT) || KafkaEndpoint.isKafka(output)
                    ? DetectionConfig.STDERR
                    : absolute(output).resolveSibling("dead-letter").toString();
        }
        boolean boundedRun = bounded || inputs.stream().noneMatch(KafkaEndpoint::isKafka);
        checkOutput("--output", output, boundedRun);
        checkOutput("--dead-letter", deadLetter, boundedRun);
        if (lateEvents == null) {
            lateEvents = deadLetter;
        } else if (!lateEvents.equals(deadLetter)) {
            checkOutput("--late-events", lateEvents, boundedRun);
            if (!lateEvents.equals(DetectionConfig.STDOUT) && lateEvents.equals(output)) {
                throw new UsageException("--output and --late-events must be different");
            }
        }
        if (!output.equals(DetectionConfig.STDOUT) && output.equals(deadLetter)
                || isFolder(output) && isFolder(deadLetter) && absolute(output).equals(absolute(deadLetter))) {
            throw new UsageException("--output and --dead-letter must be different");
        }
        KafkaSettings kafka;
        try {
            // A bounded read is a dataset, read whole like a file; a stream resumes where its group left off.
            if (start == null) {
                start = bounded ? "earliest" : KafkaSettings.DEFAULT_START;
            }
            Properties kafkaProperties = KafkaClientProperties.of(kafkaPropertyFiles, kafkaPropertyFlags);
            kafka = new KafkaSettings(kafkaProperties, groupId, start, bounded, KafkaSettings.delivery(delivery),
                    flink.get(DetectionOptions.TRANSACTIONAL_ID_PREFIX));
        } catch (IllegalArgumentException e) {
            throw new UsageException(OneLine.of(e.getMessage(), "invalid"));
        }
        Allowlist allowlist = Allowlist.EMPTY;
        if (allowlistFile != null) {
            Path file = Path.of(allowlistFile);
            checkReadable("--allowlist", file);
            try {
                allowlist = Allowlist.load(file);
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException("--allowlist " + allowlistFile + ": " + OneLine.of(e.getMessage(), "invalid"));
            }
        }
        if (rulesFile != null) {
            Path file = Path.of(rulesFile);
            checkReadable("--rules", file);
            for (String flag : List.of("--ports", "--window", "--window-offset", "--out-of-orderness")) {
                if (ruleFlags.contains(flag)) {
                    throw new UsageException(flag + " cannot be combined with --rules: each rule in the file sets its own");
                }
            }
            flink.set(DetectionOptions.RULES, file.toAbsolutePath().toString());
        }
        try {
            DetectionConfig config = DetectionConfig.of(flink, inputs, output, deadLetter, allowlist, parallelism, kafka)
                    .withLateEvents(lateEvents);
            config.rules(); // a rules file's mistakes now, in one line, before any work
            if (config.bounded() && flink.get(DetectionOptions.ALLOWLIST_TOPIC) != null) {
                throw new UsageException("--allowlist-topic needs unbounded input: a bounded run ends, the topic does not");
            }
            AlertRowFormat.OutputFormat.of(flink.get(DetectionOptions.OUTPUT_FORMAT));
            return config;
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new UsageException(OneLine.of(e.getMessage(), "invalid"));
        }
    }

    private static Configuration loadFlinkConfig(String configFile, Path home) throws UsageException {
        Path file;
        if (configFile != null) {
            file = Path.of(configFile);
            checkReadable("--config", file);
            if (Files.isDirectory(file)) {
                throw new UsageException("--config " + configFile + ": is a folder; give its config.yaml");
            }
        } else if (home != null && Files.isRegularFile(home.resolve("flink-conf").resolve("config.yaml"))) {
            file = home.resolve("flink-conf").resolve("config.yaml");
        } else if (System.getenv(ConfigConstants.ENV_FLINK_CONF_DIR) != null
                && Files.isRegularFile(Path.of(System.getenv(ConfigConstants.ENV_FLINK_CONF_DIR), "config.yaml"))) {
            // `flink run` on a cluster: the tunnelwatch.* settings of the installation's configuration
            file = Path.of(System.getenv(ConfigConstants.ENV_FLINK_CONF_DIR), "config.yaml");
        } else {
            return new Configuration();
        }
        try {
            return load(file.toAbsolutePath());
        } catch (RuntimeException | IOException e) {
            throw new UsageException("--config " + file + ": " + OneLine.of(e.getMessage(), "invalid"));
        }
    }

    /** Flink reads {@code config.yaml} from a folder; a file of another name is read through a copy. */
    private static Configuration load(Path file) throws IOException {
        if (file.getFileName().toString().equals("config.yaml")) {
            return GlobalConfiguration.loadConfiguration(file.getParent().toString());
        }
        Path dir = Files.createTempDirectory("tunnelwatch-conf");
        try {
            Files.copy(file, dir.resolve("config.yaml"));
            return GlobalConfiguration.loadConfiguration(dir.toString());
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            Files.delete(dir);
        }
    }

    /** {@code -D KEY=VALUE}: any Flink or tunnelwatch.* setting; a misspelt tunnelwatch key is an error. */
    private static void setting(String setting, Configuration overrides) throws UsageException {
        int eq = setting.indexOf('=');
        if (eq < 1) {
            throw new UsageException("-D needs KEY=VALUE, e.g. -Dtunnelwatch.limits.min-event-time=none");
        }
        String key = setting.substring(0, eq).strip();
        if (key.startsWith("tunnelwatch.") && !DetectionOptions.keys().contains(key)) {
            throw new UsageException("-D " + key + ": no such setting (see the README's Configuration section)");
        }
        overrides.setString(key, setting.substring(eq + 1).strip());
    }

    private static List<String> groupFields(String flag, String value) throws UsageException {
        List<String> fields = new ArrayList<>();
        for (String f : value.split(",", -1)) {
            String name = f.strip();
            if (!List.of(GroupKey.FIELD_NAMES).contains(name)) {
                throw new UsageException(flag + ": '" + name + "' is not a group field (one of "
                        + String.join(", ", GroupKey.FIELD_NAMES) + ")");
            }
            fields.add(name);
        }
        return fields;
    }

    private static List<String> ports(String value) throws UsageException {
        List<String> ports = new ArrayList<>();
        for (String p : value.split(",", -1)) {
            String canonical = IntegerText.canonical(p);
            if (canonical == null || canonical.equals("0")) {
                throw new UsageException("--ports: '" + p + "' is not a port number that can match (1 and up)");
            }
            ports.add(canonical);
        }
        return ports;
    }

    private static KafkaEndpoint kafkaEndpoint(String flag, String target) throws UsageException {
        try {
            return KafkaEndpoint.parse(target);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + " " + e.getMessage());
        }
    }

    /**
     * Flink's file source skips names starting with '.' or '_' (hidden, or in progress); for a
     * path given by name that would read nothing without a word, so say so instead.
     */
    private static void checkNotHidden(Path input) throws UsageException {
        for (Path part : input) {
            String name = part.toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                throw new UsageException("--input " + input + ": names starting with '.' or '_' are skipped by"
                        + " the file source; rename or link it");
            }
        }
    }

    private static boolean isFolder(String target) {
        return !target.equals(DetectionConfig.STDOUT) && !target.equals(DetectionConfig.STDERR)
                && !KafkaEndpoint.isKafka(target);
    }

    /**
     * A Kafka target must name exactly one topic; a folder must be writable, and for a bounded run
     * new or empty, so two runs' rows never mix. A stream resumed from a savepoint goes on
     * writing into its folder.
     */
    private static void checkOutput(String flag, String target, boolean mustBeEmpty) throws UsageException {
        if (KafkaEndpoint.isKafka(target)) {
            try {
                kafkaEndpoint(flag, target).singleTopic();
            } catch (IllegalArgumentException e) {
                throw new UsageException(flag + ": " + e.getMessage());
            }
            return;
        }
        checkWritableFolder(flag, target, mustBeEmpty);
    }

    private static Duration duration(String flag, String value) throws UsageException {
        try {
            return TimeUtils.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": '" + value + "' is not a duration (e.g. 1h, 50m, 30s)");
        }
    }

    private static int positiveInt(String flag, String value) throws UsageException {
        String canonical = IntegerText.canonical(value);
        if (canonical == null || canonical.length() > 9 || Integer.parseInt(canonical) < 1) {
            throw new UsageException(flag + ": '" + value + "' is not a positive number");
        }
        return Integer.parseInt(canonical);
    }

    private static void checkReadable(String flag, Path path) throws UsageException {
        if (!Files.exists(path)) {
            throw new UsageException(flag + " " + path + ": no such file or folder");
        }
        if (!Files.isReadable(path) || (Files.isDirectory(path) && !Files.isExecutable(path))) {
            throw new UsageException(flag + " " + path + ": not readable");
        }
    }

    private static void checkWritableFolder(String flag, String target, boolean mustBeEmpty) throws UsageException {
        if (target.equals(DetectionConfig.STDOUT) || target.equals(DetectionConfig.STDERR)) {
            return;
        }
        Path dir = absolute(target);
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new UsageException(flag + " " + target + ": exists and is not a folder");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                if (mustBeEmpty && entries.findAny().isPresent()) {
                    throw new UsageException(flag + " " + target
                            + ": folder is not empty; choose a new one so runs never mix");
                }
            } catch (IOException e) {
                throw new UsageException(flag + " " + target + ": not readable");
            }
        }
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new UsageException(flag + " " + target + ": cannot create or write this folder");
        }
    }

    private static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }

}
