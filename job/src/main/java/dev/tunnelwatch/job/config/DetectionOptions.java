package dev.tunnelwatch.job.config;

import dev.tunnelwatch.connectors.decode.DecodeLimits;
import dev.tunnelwatch.connectors.file.LineFormat;
import dev.tunnelwatch.connectors.kafka.KafkaSettings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every setting of the detection, with its default: the one typed place. Values come from these
 * defaults, then {@code config.yaml} (keys below), then command-line flags.
 */
public final class DetectionOptions {

    public static final ConfigOption<List<String>> PORTS = ConfigOptions.key("tunnelwatch.ports")
            .stringType().asList().defaultValues("7844")
            .withDescription("Destination ports that match (spec section 4).");

    public static final ConfigOption<Boolean> STRICT = ConfigOptions.key("tunnelwatch.strict")
            .booleanType().defaultValue(false)
            .withDescription("Decode every record. By default records whose bytes hold no spelling of a configured"
                    + " port are counted as cannot-match without decoding (spec section 7), so malformed ones"
                    + " among them are not dead-lettered.");

    public static final ConfigOption<Integer> PROBE_EVERY = ConfigOptions.key("tunnelwatch.fast-path.probe-every")
            .intType().defaultValue(1000)
            .withDescription("Unbounded input with the fast path: decode every this many records in a row it would pass"
                    + " over (and each Kafka partition's at least once a second), so that event time and the"
                    + " watermark move with all traffic, not only with the rare matching records. 0: by the second only.");

    public static final ConfigOption<Boolean> EARLY_ALERTS = ConfigOptions.key("tunnelwatch.early-alerts")
            .booleanType().defaultValue(false)
            .withDescription("Unbounded input: a group's first matching event in a window sends an \"opened\" alert at"
                    + " once, under the alert id of the window's row, which follows when the window closes.");

    public static final ConfigOption<Duration> SUPPRESS_FOR = ConfigOptions.key("tunnelwatch.suppress-for")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("After an alert, alerts of the same combination of tunnelwatch.suppress-fields whose"
                    + " windows start within this period are not sent; the next one sent counts them. 0: off.");

    public static final ConfigOption<List<String>> SUPPRESS_FIELDS = ConfigOptions.key("tunnelwatch.suppress-fields")
            .stringType().asList().defaultValues("dvc", "app", "dest")
            .withDescription("The group fields whose combination suppression is kept for.");

    public static final ConfigOption<String> OUTPUT_FORMAT = ConfigOptions.key("tunnelwatch.output-format")
            .stringType().defaultValue("native")
            .withDescription("Alerts as native (the spec's row and alert fields), ocsf (OCSF 1.8 Detection Finding,"
                    + " class 2004) or ecs (Elastic Common Schema 8.17).");

    public static final ConfigOption<Integer> ALERT_ORIGINS = ConfigOptions.key("tunnelwatch.alert-origins")
            .intType().defaultValue(3)
            .withDescription("How many origins (file:line, topic/partition@offset) of a window's earliest events an"
                    + " alert carries, to find the raw events; 0: none.");

    public static final ConfigOption<String> ALLOWLIST_TOPIC = ConfigOptions.key("tunnelwatch.allowlist-topic")
            .stringType().noDefaultValue()
            .withDescription("kafka://HOST:PORT/TOPIC, a compacted topic whose messages are whole allowlists (YAML or"
                    + " JSON): each one replaces the allowlist while the job runs, with an audit line. Unbounded input only.");

    public static final ConfigOption<String> RULES = ConfigOptions.key("tunnelwatch.rules")
            .stringType().noDefaultValue()
            .withDescription("A rules file (README, Rules): every rule in it runs over the one decoded stream. Without"
                    + " it, the bundled detection runs with tunnelwatch.ports, window, window-offset and"
                    + " out-of-orderness.");

    public static final ConfigOption<Duration> WINDOW = ConfigOptions.key("tunnelwatch.window")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("Tumbling window length.");

    public static final ConfigOption<Duration> WINDOW_OFFSET = ConfigOptions.key("tunnelwatch.window-offset")
            .durationType().defaultValue(Duration.ofMinutes(50))
            .withDescription("Window start offset from the epoch (50m: windows start at minute 50, UTC).");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOptions.key("tunnelwatch.out-of-orderness")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("Bounded out-of-orderness of the watermarks (the search's -10m lag).");

    public static final ConfigOption<Duration> IDLENESS = ConfigOptions.key("tunnelwatch.idleness")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("A source split without records for this long stops holding back the watermark.");

    public static final ConfigOption<Duration> ALLOWED_LATENESS = ConfigOptions.key("tunnelwatch.allowed-lateness")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("How long after its row a window still takes late events (unbounded input): each one"
                    + " emits the row again, updated, with the next alert_revision. Later events go to the"
                    + " late-events output.");

    public static final ConfigOption<Integer> MAX_GROUPS_PER_WINDOW = ConfigOptions
            .key("tunnelwatch.max-groups-per-window")
            .intType().defaultValue(100_000)
            .withDescription("Most groups one window holds (unbounded input; split evenly over the parallel"
                    + " instances); events of further groups are group-limit dead letters.");

    public static final ConfigOption<Long> MAX_GROUP_CHARS_PER_WINDOW = ConfigOptions
            .key("tunnelwatch.max-group-chars-per-window")
            .longType().defaultValue(32L << 20)
            .withDescription("Most characters in the fourteen fields of all of one window's groups together (unbounded"
                    + " input; split like max-groups-per-window), so that groups with huge fields cannot exhaust"
                    + " memory either; events of further groups are group-limit dead letters.");

    public static final ConfigOption<String> TIME_ZONE = ConfigOptions.key("tunnelwatch.time-zone")
            .stringType().defaultValue("UTC")
            .withDescription("Zone of firstTime/lastTime in output rows.");

    public static final ConfigOption<Integer> MAX_RECORD_BYTES = ConfigOptions.key("tunnelwatch.limits.max-record-bytes")
            .intType().defaultValue(DecodeLimits.DEFAULT_MAX_RECORD_BYTES)
            .withDescription("Largest accepted record; larger ones are dead letters.");

    public static final ConfigOption<Integer> MAX_JSON_DEPTH = ConfigOptions.key("tunnelwatch.limits.max-json-depth")
            .intType().defaultValue(DecodeLimits.DEFAULT_MAX_JSON_DEPTH)
            .withDescription("Deepest accepted JSON nesting.");

    public static final ConfigOption<Integer> MAX_XML_DEPTH = ConfigOptions.key("tunnelwatch.limits.max-xml-depth")
            .intType().defaultValue(DecodeLimits.DEFAULT_MAX_XML_DEPTH)
            .withDescription("Deepest accepted XML element nesting.");

    public static final ConfigOption<Integer> MAX_FIELDS = ConfigOptions.key("tunnelwatch.limits.max-fields")
            .intType().defaultValue(DecodeLimits.DEFAULT_MAX_FIELDS)
            .withDescription("Most fields in one record (JSON members, XML elements and attributes).");

    public static final ConfigOption<Integer> MAX_FIELD_CHARS = ConfigOptions.key("tunnelwatch.limits.max-field-chars")
            .intType().defaultValue(DecodeLimits.DEFAULT_MAX_FIELD_CHARS)
            .withDescription("Longest field name or value, in characters.");

    public static final ConfigOption<String> MIN_EVENT_TIME = ConfigOptions.key("tunnelwatch.limits.min-event-time")
            .stringType().defaultValue("2000-01-01T00:00:00Z")
            .withDescription("Earliest accepted event time, an ISO instant, or none; earlier events are"
                    + " time-out-of-range dead letters.");

    public static final ConfigOption<String> MAX_EVENT_TIME_AHEAD = ConfigOptions
            .key("tunnelwatch.limits.max-event-time-ahead")
            .stringType().defaultValue("1d")
            .withDescription("How far past the clock an event time may lie, a duration, or none; later events are"
                    + " time-out-of-range dead letters, so that one forged time cannot move the watermark.");

    public static final ConfigOption<Integer> MAX_KEPT_BYTES = ConfigOptions.key("tunnelwatch.limits.max-kept-bytes")
            .intType().defaultValue(LineFormat.DEFAULT_MAX_KEPT_BYTES)
            .withDescription("Most bytes of one record held in memory; a longer record is a dead letter carrying"
                    + " its start and true size. Raised to max-record-bytes + 1 if lower.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions
            .key("tunnelwatch.kafka.transactional-id-prefix")
            .stringType().defaultValue(KafkaSettings.DEFAULT_TRANSACTIONAL_ID_PREFIX)
            .withDescription("Prefix of the exactly-once Kafka sinks' transactional ids; unique per job on a cluster.");

    public static final ConfigOption<Integer> KAFKA_MAX_MESSAGE_BYTES = ConfigOptions
            .key("tunnelwatch.kafka.max-message-bytes")
            .intType().defaultValue(1_000_000)
            .withDescription("Largest line written to Kafka, within the broker's default message.max.bytes:"
                    + " larger alert rows become row-too-large dead letters, and dead letters keep only"
                    + " the start of raw. Raise it with the topics' max.message.bytes.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions
            .key("tunnelwatch.checkpoint-interval")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("Checkpoint interval of unbounded runs when execution.checkpointing.interval is not set:"
                    + " how often Kafka transactions and output files are committed.");

    public static final ConfigOption<Duration> PROGRESS_INTERVAL = ConfigOptions.key("tunnelwatch.progress-interval")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("How often a local run reports progress on stderr (0 turns it off).");

    /** The keys of every option above. */
    public static Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        for (Field field : DetectionOptions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
                try {
                    keys.add(((ConfigOption<?>) field.get(null)).key());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }

    private DetectionOptions() {}
}
