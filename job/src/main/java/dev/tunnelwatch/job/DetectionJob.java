package dev.tunnelwatch.job;

import dev.tunnelwatch.connectors.file.EventFileSource;
import dev.tunnelwatch.connectors.record.DeadLetter;
import dev.tunnelwatch.connectors.record.RawRecord;
import dev.tunnelwatch.connectors.sink.DeadLetterJson;
import dev.tunnelwatch.connectors.sink.JsonLinesSinks;
import dev.tunnelwatch.job.config.DetectionConfig;
import dev.tunnelwatch.job.functions.AlertRowFormat;
import dev.tunnelwatch.job.functions.AlertWindowFunction;
import dev.tunnelwatch.job.functions.AllowlistFilter;
import dev.tunnelwatch.job.functions.ConnectionStatsAggregate;
import dev.tunnelwatch.job.functions.DecodeAndFilter;
import dev.tunnelwatch.job.model.DetectionRule;
import dev.tunnelwatch.job.model.NetworkConnection;
import dev.tunnelwatch.job.model.TunnelAlert;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The job graph, built in one place for the command line, the cluster entry point and the tests:
 * source, decode-map-filter, event-time windows per group, allowlist, sinks. Every operator has a
 * name and a stable uid, so savepoints survive upgrades.
 */
public final class DetectionJob {

    /** Operator uids: part of the savepoint format, never change them. */
    public static final String UID_SOURCE = "event-source";
    public static final String UID_DECODE = "decode-map-filter";
    public static final String UID_EVENT_TIME = "event-time";
    public static final String UID_WINDOWS = "tunnel-windows";
    public static final String UID_ALLOWLIST = "allowlist";
    public static final String UID_ALERT_JSON = "alert-json";
    public static final String UID_ALERT_SINK = "alert-sink";
    public static final String UID_DEAD_LETTER_JSON = "dead-letter-json";
    public static final String UID_DEAD_LETTER_SINK = "dead-letter-sink";

    private DetectionJob() {}

    /** The two outputs a run writes, as JSON lines. */
    public record Outputs(Sink<String> alerts, Sink<String> deadLetters, boolean alertsToConsole,
            boolean deadLettersToConsole) {}

    /** An environment for this run: its Flink configuration and parallelism; batch mode for files. */
    public static StreamExecutionEnvironment environment(DetectionConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config.flink());
        if (config.parallelism() != null) {
            env.setParallelism(config.parallelism());
        }
        // Files are bounded: in batch mode every event lands in its window whatever the record
        // order, as Splunk would return it over indexed data (spec section 5).
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        return env;
    }

    /** Builds the whole job for the configured files and outputs. */
    public static void define(StreamExecutionEnvironment env, DetectionConfig config) {
        define(env, config, EventFileSource.of(config.inputs(), config.rawBytesKept()), outputs(config));
    }

    /** Builds the job on any source of raw records, e.g. a test's own. */
    public static void define(StreamExecutionEnvironment env, DetectionConfig config,
            Source<RawRecord, ?, ?> source, Outputs outputs) {
        DataStream<RawRecord> raw = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "event-source")
                .uid(UID_SOURCE);

        SingleOutputStreamOperator<NetworkConnection> matched = raw
                .process(new DecodeAndFilter(config.limits(), config.ports()))
                .name("decode-map-filter")
                .uid(UID_DECODE);

        SingleOutputStreamOperator<TunnelAlert> rows = matched
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<NetworkConnection>forBoundedOutOfOrderness(config.outOfOrderness())
                        .withTimestampAssigner((connection, previous) -> connection.time())
                        .withIdleness(config.idleness()))
                .name("event-time")
                .uid(UID_EVENT_TIME)
                .keyBy(NetworkConnection::key)
                .window(TumblingEventTimeWindows.of(config.window(), config.windowOffset()))
                .aggregate(new ConnectionStatsAggregate(), new AlertWindowFunction())
                .name("tunnel-windows")
                .uid(UID_WINDOWS);

        AlertRowFormat format = new AlertRowFormat(DetectionRule.CLOUDFLARED, config.zone());
        SingleOutputStreamOperator<String> alertJson = rows
                .filter(new AllowlistFilter(config.allowlist()))
                .name("allowlist")
                .uid(UID_ALLOWLIST)
                .map(format::toJson)
                .returns(Types.STRING)
                .name("alert-json")
                .uid(UID_ALERT_JSON);
        if (outputs.alertsToConsole()) {
            alertJson.setParallelism(1); // one writer: console lines never interleave
        }
        alertJson.sinkTo(outputs.alerts()).name("alert-sink").uid(UID_ALERT_SINK)
                .setParallelism(alertJson.getParallelism());

        DataStream<DeadLetter> deadLetters = matched.getSideOutput(DecodeAndFilter.DEAD_LETTERS);
        SingleOutputStreamOperator<String> deadLetterJson = deadLetters
                .map(DeadLetterJson::toJson)
                .returns(Types.STRING)
                .name("dead-letter-json")
                .uid(UID_DEAD_LETTER_JSON);
        if (outputs.deadLettersToConsole()) {
            deadLetterJson.setParallelism(1);
        }
        deadLetterJson.sinkTo(outputs.deadLetters()).name("dead-letter-sink").uid(UID_DEAD_LETTER_SINK)
                .setParallelism(deadLetterJson.getParallelism());
    }

    static Outputs outputs(DetectionConfig config) {
        boolean alertsToConsole = config.output().equals(DetectionConfig.STDOUT);
        Sink<String> alerts = alertsToConsole ? JsonLinesSinks.stdout() : JsonLinesSinks.folder(config.output(), "alerts");
        String dl = config.deadLetter();
        boolean deadLettersToConsole = dl.equals(DetectionConfig.STDOUT) || dl.equals(DetectionConfig.STDERR);
        Sink<String> deadLetters = switch (dl) {
            case DetectionConfig.STDOUT -> JsonLinesSinks.stdout();
            case DetectionConfig.STDERR -> JsonLinesSinks.stderr();
            default -> JsonLinesSinks.folder(dl, "dead-letters");
        };
        return new Outputs(alerts, deadLetters, alertsToConsole, deadLettersToConsole);
    }
}
