package dev.tunnelwatch.job;

import dev.tunnelwatch.connectors.decode.PortScreen;
import dev.tunnelwatch.connectors.file.EventFileSource;
import dev.tunnelwatch.connectors.kafka.KafkaConnectors;
import dev.tunnelwatch.connectors.kafka.KafkaEndpoint;
import dev.tunnelwatch.connectors.record.DeadLetter;
import dev.tunnelwatch.connectors.record.DecodedRecord;
import dev.tunnelwatch.connectors.record.EventTimeWatermarks;
import dev.tunnelwatch.connectors.record.JsonLine;
import dev.tunnelwatch.connectors.sink.DeadLetterJson;
import dev.tunnelwatch.connectors.sink.JsonLinesSinks;
import dev.tunnelwatch.job.config.DetectionConfig;
import dev.tunnelwatch.job.config.DetectionOptions;
import dev.tunnelwatch.job.functions.AlertRowFormat;
import dev.tunnelwatch.job.functions.AlertSuppression;
import dev.tunnelwatch.job.functions.AlertWindowFunction;
import dev.tunnelwatch.job.functions.AllowlistFilter;
import dev.tunnelwatch.job.functions.AllowlistMessage;
import dev.tunnelwatch.job.functions.AllowlistTopic;
import dev.tunnelwatch.job.functions.LiveAllowlistFilter;
import dev.tunnelwatch.job.functions.ConnectionReport;
import dev.tunnelwatch.job.functions.ConnectionStatsAggregate;
import dev.tunnelwatch.job.functions.GroupsPerWindowLimit;
import dev.tunnelwatch.job.functions.MatchConnections;
import dev.tunnelwatch.job.functions.MessageSizeGuard;
import dev.tunnelwatch.job.functions.PortFilter;
import dev.tunnelwatch.job.model.GroupKey;
import dev.tunnelwatch.job.model.NetworkConnection;
import dev.tunnelwatch.job.model.TunnelAlert;
import dev.tunnelwatch.job.rules.RuleSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The job graph, built in one place for the command line, the cluster entry point and the tests:
 * sources that decode (files, Kafka), CIM mapping and port filter, event-time windows per group,
 * allowlist, sinks (console, files, Kafka). Every operator has a name and a stable uid, so
 * savepoints survive upgrades.
 */
public final class DetectionJob {

    /** Operator uids: part of the savepoint format, never change them. */
    public static final String UID_FILE_SOURCE = "file-source";
    public static final String UID_KAFKA_SOURCE_PREFIX = "kafka-source-";
    public static final String UID_MATCH = "match-connections";
    public static final String UID_WINDOWS = "tunnel-windows";
    public static final String UID_ALLOWLIST = "allowlist";
    public static final String UID_ALERT_JSON = "alert-json";
    public static final String UID_ALERT_SINK = "alert-sink";
    public static final String UID_DEAD_LETTER_JSON = "dead-letter-json";
    public static final String UID_DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String UID_LATE_EVENTS = "late-events";
    public static final String UID_LATE_EVENT_SINK = "late-event-sink";
    public static final String UID_GROUP_LIMIT = "group-limit";
    public static final String UID_GROUP_LIMIT_REPORT = "group-limit-report";
    public static final String UID_ALERT_SIZE_GUARD = "alert-size-guard";
    public static final String UID_SUPPRESSION = "suppression";
    public static final String UID_RULE_PORTS = "rule-ports-";
    public static final String UID_ALLOWLIST_SOURCE = "allowlist-source";
    public static final String UID_LIVE_ALLOWLIST = "live-allowlist";
    public static final String UID_GROUP_BY = "group-by";

    private DetectionJob() {}

    /**
     * An environment for this run: its Flink configuration and parallelism. Bounded input runs in
     * batch mode, so every event lands in its window whatever the record order, as Splunk would
     * return it over indexed data (spec section 5); unbounded input streams, with checkpoints
     * that commit the Kafka transactions and output files.
     */
    public static StreamExecutionEnvironment environment(DetectionConfig config) {
        StreamExecutionEnvironment context = StreamExecutionEnvironment.getExecutionEnvironment();
        // Submitted with `flink run`: the cluster's configuration and the run's flags (-p, -s, -d)
        // rule; passing ours would override them. Locally and in tests, ours configures the cluster.
        StreamExecutionEnvironment env = context instanceof StreamContextEnvironment
                ? context
                : StreamExecutionEnvironment.getExecutionEnvironment(config.flink());
        if (config.parallelism() != null) {
            env.setParallelism(config.parallelism());
        }
        if (config.bounded()) {
            env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        } else {
            env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
            if (!config.flink().contains(CheckpointingOptions.CHECKPOINTING_INTERVAL)) {
                env.enableCheckpointing(config.flink().get(DetectionOptions.CHECKPOINT_INTERVAL).toMillis(),
                        CheckpointingMode.EXACTLY_ONCE);
            }
        }
        return env;
    }

    /** Builds the whole job for the configured inputs and outputs. */
    public static void define(StreamExecutionEnvironment env, DetectionConfig config) {
        define(env, config, sources(env, config));
    }

    /** Builds the job on any stream of decoded records, e.g. a test's own. */
    public static void define(StreamExecutionEnvironment env, DetectionConfig config, DataStream<DecodedRecord> records) {
        List<RuleSpec> rules = config.rules();
        SingleOutputStreamOperator<NetworkConnection> matched = records
                .process(new MatchConnections(new PortFilter(ports(rules))))
                .name("match-connections")
                .uid(UID_MATCH);

        // The allowlist topic, when given: every change reaches every instance of every rule's allowlist.
        String allowlistTopic = config.flink().get(DetectionOptions.ALLOWLIST_TOPIC);
        BroadcastStream<AllowlistMessage> allowlistChanges = null;
        if (allowlistTopic != null) {
            KafkaEndpoint endpoint = KafkaEndpoint.parse(allowlistTopic);
            allowlistChanges = env.fromSource(AllowlistTopic.source(endpoint, config.kafka()),
                            WatermarkStrategy.noWatermarks(), "allowlist-source " + endpoint.describeTopics())
                    .uid(UID_ALLOWLIST_SOURCE)
                    .setParallelism(1)
                    .broadcast(LiveAllowlistFilter.STATE);
        }
        DataStream<JsonLine> audits = null;

        // One branch per rule over the one decoded stream; their alerts, late events and reports meet again.
        DataStream<JsonLine> alertLines = null;
        DataStream<JsonLine> lateLines = null;
        DataStream<JsonLine> overLimitLines = null;
        for (RuleSpec rule : rules) {
            RuleBranch branch = defineRule(config, rule, rules.size() == 1 ? matched : matched
                    .filter(new RulePorts(rule.ports()))
                    .name("rule-ports " + rule.name())
                    .uid(UID_RULE_PORTS + rule.id()), uidSuffix(rule), allowlistChanges);
            if (branch.audits() != null && audits == null) {
                audits = branch.audits(); // the same changes in every branch: one branch's lines are enough
            }
            alertLines = alertLines == null ? branch.alerts() : alertLines.union(branch.alerts());
            lateLines = lateLines == null ? branch.late() : lateLines.union(branch.late());
            if (branch.overGroupLimit() != null) {
                overLimitLines = overLimitLines == null ? branch.overGroupLimit()
                        : overLimitLines.union(branch.overGroupLimit());
            }
        }
        int maxMessage = config.flink().get(DetectionOptions.KAFKA_MAX_MESSAGE_BYTES);
        DataStream<DeadLetter> rowsTooLarge = null;
        if (KafkaEndpoint.isKafka(config.output())) {
            SingleOutputStreamOperator<JsonLine> fitting = alertLines
                    .process(new MessageSizeGuard(maxMessage))
                    .name("alert-size-guard")
                    .uid(UID_ALERT_SIZE_GUARD);
            rowsTooLarge = fitting.getSideOutput(MessageSizeGuard.TOO_LARGE);
            alertLines = fitting;
        }
        sinkTo(alertLines, config.output(), config, config.kafka().delivery(), "alerts", UID_ALERT_SINK);

        DataStream<DeadLetter> deadLetters = matched.getSideOutput(MatchConnections.DEAD_LETTERS);
        if (rowsTooLarge != null) {
            deadLetters = deadLetters.union(rowsTooLarge);
        }
        boolean deadLettersToKafka = KafkaEndpoint.isKafka(config.deadLetter());
        DataStream<JsonLine> deadLetterLines = deadLetters
                .map(letter -> deadLettersToKafka
                        ? DeadLetterJson.toLine(letter, maxMessage)
                        : DeadLetterJson.toLine(letter))
                .returns(JsonLine.class)
                .name("dead-letter-json")
                .uid(UID_DEAD_LETTER_JSON);
        if (overLimitLines != null) {
            deadLetterLines = deadLetterLines.union(overLimitLines);
        }
        if (audits != null) {
            deadLetterLines = deadLetterLines.union(audits); // evidence too: what hid which rows, from when
        }
        // Dead letters and late events are evidence, not alerts: at least once is enough and needs no transaction.
        if (config.lateEvents().equals(config.deadLetter())) {
            deadLetterLines = deadLetterLines.union(lateLines);
        } else {
            sinkTo(lateLines, config.lateEvents(), config, DeliveryGuarantee.AT_LEAST_ONCE, "late-events",
                    UID_LATE_EVENT_SINK);
        }
        sinkTo(deadLetterLines, config.deadLetter(), config, DeliveryGuarantee.AT_LEAST_ONCE, "dead-letters",
                UID_DEAD_LETTER_SINK);
    }

    /** What one rule's branch gives: its alert lines, its late events, its over-limit reports (unbounded only). */
    private record RuleBranch(DataStream<JsonLine> alerts, DataStream<JsonLine> late,
            DataStream<JsonLine> overGroupLimit, DataStream<JsonLine> audits) {}

    /**
     * One rule: its groups (cap and early alerts on unbounded input), windows, allowlist,
     * suppression and row format, over the connections to its ports.
     */
    private static RuleBranch defineRule(DetectionConfig config, RuleSpec rule, DataStream<NetworkConnection> mine,
            String uid, BroadcastStream<AllowlistMessage> allowlistChanges) {
        if (rule.groupBy().size() < GroupKey.FIELD_NAMES.length) {
            List<String> fields = rule.groupBy();
            mine = mine.map(c -> c.withKey(c.key().keeping(fields)))
                    .name("group-by " + rule.name())
                    .uid(UID_GROUP_BY + uid);
        }
        KeyedStream<NetworkConnection, GroupKey> groups = mine.keyBy(NetworkConnection::key);
        long window = rule.window().toMillis();
        long offset = rule.offset().toMillis();
        DataStream<JsonLine> overGroupLimit = null;
        DataStream<TunnelAlert> earlyAlerts = null; // bounded runs write every row at the end: nothing to be early for
        if (!config.bounded()) {
            // Batch runs hold one group at a time (input sorted by key) and need no cap.
            SingleOutputStreamOperator<NetworkConnection> admitted = groups
                    .process(new GroupsPerWindowLimit(config.maxGroupsPerWindow(), config.maxGroupCharsPerWindow(),
                            window, offset, config.allowedLateness().toMillis(),
                            config.flink().get(DetectionOptions.EARLY_ALERTS)))
                    .name("group-limit")
                    .uid(UID_GROUP_LIMIT + uid);
            overGroupLimit = admitted.getSideOutput(ConnectionReport.OVER_GROUP_LIMIT)
                    .map(ConnectionReport.overGroupLimit())
                    .name("group-limit-report")
                    .uid(UID_GROUP_LIMIT_REPORT + uid);
            earlyAlerts = admitted.getSideOutput(GroupsPerWindowLimit.EARLY_ALERTS);
            // Same key, same instance: no second shuffle before the windows.
            groups = DataStreamUtils.reinterpretAsKeyedStream(admitted, NetworkConnection::key);
        }
        SingleOutputStreamOperator<TunnelAlert> rows = groups
                .window(TumblingEventTimeWindows.of(rule.window(), rule.offset()))
                .allowedLateness(config.allowedLateness())
                .sideOutputLateData(ConnectionReport.LATE)
                .aggregate(new ConnectionStatsAggregate(config.flink().get(DetectionOptions.ALERT_ORIGINS)),
                        new AlertWindowFunction(!config.bounded() && config.allowedLateness().toMillis() > 0))
                .name("tunnel-windows")
                .uid(UID_WINDOWS + uid);

        // Early alerts and rows share the allowlist and the output: one stream of alerts.
        DataStream<TunnelAlert> alerts = earlyAlerts == null ? rows : rows.union(earlyAlerts);
        DataStream<TunnelAlert> sent;
        DataStream<JsonLine> audits = null;
        if (allowlistChanges == null) {
            sent = alerts
                    .filter(new AllowlistFilter(config.allowlist()))
                    .name("allowlist")
                    .uid(UID_ALLOWLIST + uid);
        } else {
            SingleOutputStreamOperator<TunnelAlert> live = alerts
                    .connect(allowlistChanges)
                    .process(new LiveAllowlistFilter(config.allowlist()))
                    .name("live-allowlist")
                    .uid(UID_LIVE_ALLOWLIST + uid);
            audits = live.getSideOutput(LiveAllowlistFilter.AUDIT);
            sent = live;
        }
        Duration suppressFor = config.flink().get(DetectionOptions.SUPPRESS_FOR);
        if (!suppressFor.isZero()) {
            sent = sent
                    .keyBy(AlertSuppression.by(config.flink().get(DetectionOptions.SUPPRESS_FIELDS)))
                    .process(new AlertSuppression(rule.identity(), suppressFor, rule.window(),
                            config.bounded(), earlyAlerts != null))
                    .name("suppression")
                    .uid(UID_SUPPRESSION + uid);
        }
        AlertRowFormat format = new AlertRowFormat(rule, config.zone(),
                AlertRowFormat.OutputFormat.of(config.flink().get(DetectionOptions.OUTPUT_FORMAT)));
        DataStream<JsonLine> alertLines = sent
                .map(format::toLine)
                .returns(JsonLine.class)
                .name("alert-json")
                .uid(UID_ALERT_JSON + uid);
        DataStream<JsonLine> late = rows
                .getSideOutput(ConnectionReport.LATE)
                .map(ConnectionReport.late())
                .name("late-events")
                .uid(UID_LATE_EVENTS + uid);
        return new RuleBranch(alertLines, late, overGroupLimit, audits);
    }

    /**
     * The bundled detection keeps the uids it always had, so its savepoints restore; any other
     * rule's operators carry its id.
     */
    private static String uidSuffix(RuleSpec rule) {
        return rule.id().equals(RuleSpec.CLOUDFLARED.id()) ? "" : "-" + rule.id();
    }

    /** Every port of every rule: what the decoder and the fast path look for. */
    static List<String> ports(List<RuleSpec> rules) {
        java.util.LinkedHashSet<String> ports = new java.util.LinkedHashSet<>();
        rules.forEach(r -> ports.addAll(r.ports()));
        return List.copyOf(ports);
    }

    /** Keeps a rule's own connections, when rules with other ports share the stream. */
    private static final class RulePorts implements org.apache.flink.api.common.functions.FilterFunction<NetworkConnection> {
        private final PortFilter ports;

        RulePorts(List<String> ports) {
            this.ports = new PortFilter(ports);
        }

        @Override
        public boolean filter(NetworkConnection c) {
            return ports.matches(c.key().destPort());
        }
    }

    /**
     * Every input as one stream of decoded records. Each source decodes and stamps event time
     * itself, so watermarks are per file split and per Kafka partition; a partition without
     * events (idle, or carrying only other event IDs) stops holding the others back after the
     * idleness timeout.
     */
    static DataStream<DecodedRecord> sources(StreamExecutionEnvironment env, DetectionConfig config) {
        WatermarkStrategy<DecodedRecord> watermarks =
                EventTimeWatermarks.of(config.watermarkLag(), config.idleness());
        List<String> files = new ArrayList<>();
        List<DataStream<DecodedRecord>> streams = new ArrayList<>();
        java.util.Set<String> uids = new java.util.HashSet<>();
        for (String input : config.inputs()) {
            if (KafkaEndpoint.isKafka(input)) {
                KafkaEndpoint endpoint = KafkaEndpoint.parse(input);
                // The topics name the source's state (its offsets); the same topics twice (from
                // two clusters) get a running number.
                String uid = UID_KAFKA_SOURCE_PREFIX + endpoint.describeTopics();
                for (int n = 2; !uids.add(uid); n++) {
                    uid = UID_KAFKA_SOURCE_PREFIX + endpoint.describeTopics() + "-" + n;
                }
                KafkaSource<DecodedRecord> source = KafkaConnectors.source(
                        endpoint, config.kafka(), config.limits(), screen(config), probeEvery(config));
                streams.add(env.fromSource(source, watermarks, "kafka-source " + endpoint.describeTopics())
                        .uid(uid));
            } else {
                files.add(input);
            }
        }
        if (!files.isEmpty()) {
            FileSource<DecodedRecord> source = EventFileSource.of(
                    files, config.limits(), config.rawBytesKept(), screen(config), probeEvery(config));
            streams.add(env.fromSource(source, watermarks, "file-source")
                    .uid(UID_FILE_SOURCE));
        }
        DataStream<DecodedRecord> all = streams.get(0);
        for (DataStream<DecodedRecord> more : streams.subList(1, streams.size())) {
            all = all.union(more);
        }
        return all;
    }

    /** The fast path of spec section 7, unless --strict: records that cannot hold a port are not decoded. */
    private static PortScreen screen(DetectionConfig config) {
        return config.strict() ? null : new PortScreen(ports(config.rules()));
    }

    /**
     * Records the fast path passes over carry no event time: a stream of them alone would hold the
     * watermark, and so every window, until the next matching record. Unbounded runs decode one
     * now and then; bounded runs end with every window closed and need none.
     */
    private static int probeEvery(DetectionConfig config) {
        return config.bounded() ? 0 : config.flink().get(DetectionOptions.PROBE_EVERY);
    }

    /** Console (one writer, so lines never interleave), a folder of part files, or a Kafka topic. */
    private static void sinkTo(DataStream<JsonLine> lines, String target, DetectionConfig config,
            DeliveryGuarantee delivery, String name, String uid) {
        if (KafkaEndpoint.isKafka(target)) {
            lines.sinkTo(KafkaConnectors.sink(KafkaEndpoint.parse(target), config.kafka(), delivery, name))
                    .name(name + "-sink").uid(uid);
            return;
        }
        boolean console = target.equals(DetectionConfig.STDOUT) || target.equals(DetectionConfig.STDERR);
        SingleOutputStreamOperator<String> json = lines.map(JsonLine::json).returns(Types.STRING)
                .name(name + "-text").uid(uid + "-text");
        if (console) {
            json.setParallelism(1);
        }
        json.sinkTo(switch (target) {
                    case DetectionConfig.STDOUT -> JsonLinesSinks.stdout();
                    case DetectionConfig.STDERR -> JsonLinesSinks.stderr();
                    default -> JsonLinesSinks.folder(target, name);
                })
                .name(name + "-sink").uid(uid)
                .setParallelism(json.getParallelism());
    }
}
