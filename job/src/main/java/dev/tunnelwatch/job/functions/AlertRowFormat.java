package dev.tunnelwatch.job.functions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tunnelwatch.connectors.record.JsonLine;
import dev.tunnelwatch.job.model.DetectionRule;
import dev.tunnelwatch.job.model.GroupKey;
import dev.tunnelwatch.job.model.TunnelAlert;
import dev.tunnelwatch.job.output.AlertView;
import dev.tunnelwatch.job.output.EcsAlert;
import dev.tunnelwatch.job.output.OcsfDetectionFinding;
import dev.tunnelwatch.job.rules.RuleSpec;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a row as one JSON line with the spec's fields and formats (section 6), in the search's
 * column order, followed by a stable alert id, its revision and the rule's metadata.
 */
public final class AlertRowFormat implements Serializable {

    private static final JsonFactory JSON = new JsonFactory();

    /** The shapes an alert can be written in. */
    public enum OutputFormat {
        /** The spec's row (section 6) followed by the alert's fields. */
        NATIVE,
        /** An OCSF Detection Finding (class 2004). */
        OCSF,
        /** Elastic Common Schema alert fields. */
        ECS;

        public static OutputFormat of(String name) {
            for (OutputFormat f : values()) {
                if (f.name().equalsIgnoreCase(name.strip())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("--output-format: '" + name + "' is not native, ocsf or ecs");
        }
    }

    private final RuleSpec spec;
    private final DetectionRule rule;
    private final OutputFormat outputFormat;
    private transient OcsfDetectionFinding ocsf;
    private transient EcsAlert ecs;
    private final ZoneId zone;
    private transient DateTimeFormatter timeFormat;

    public AlertRowFormat(RuleSpec spec, ZoneId zone) {
        this(spec, zone, OutputFormat.NATIVE);
    }

    public AlertRowFormat(RuleSpec spec, ZoneId zone, OutputFormat outputFormat) {
        this.outputFormat = outputFormat;
        this.spec = spec;
        this.rule = spec.identity();
        this.zone = zone;
    }

    /** The row as a line filed under its alert id. */
    public JsonLine toLine(TunnelAlert alert) {
        String id = alertId(rule, alert);
        return new JsonLine(id, switch (outputFormat) {
            case NATIVE -> toJson(alert, id);
            case OCSF -> {
                if (ocsf == null) {
                    ocsf = new OcsfDetectionFinding();
                }
                yield ocsf.toJson(view(alert, id));
            }
            case ECS -> {
                if (ecs == null) {
                    ecs = new EcsAlert();
                }
                yield ecs.toJson(view(alert, id));
            }
        });
    }

    /** Everything the alert says, for the standard formats. */
    public AlertView view(TunnelAlert alert, String id) {
        String[] values = alert.key().values();
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            fields.put(GroupKey.FIELD_NAMES[i], values[i]);
        }
        return new AlertView(spec.name(), spec.id(), Integer.toString(spec.version()), spec.description(),
                spec.techniqueId(), spec.techniqueName(), spec.tacticId(), spec.tacticName(), spec.severity().text(),
                reason(alert, values), id, alert.status(), alert.revision(), fields, alert.count(), alert.firstTime(),
                alert.lastTime(), List.of(alert.srcPorts()), alert.windowStart(), alert.windowEnd(),
                List.of(alert.origins()), alert.suppressedWindows());
    }

    public String toJson(TunnelAlert alert) {
        return toJson(alert, alertId(rule, alert));
    }

    private String toJson(TunnelAlert alert, String alertId) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            String[] values = alert.key().values();
            for (int i = 0; i < values.length; i++) {
                g.writeStringField(GroupKey.FIELD_NAMES[i], values[i]);
            }
            g.writeNumberField("count", alert.count());
            g.writeStringField("firstTime", formatTime(alert.firstTime()));
            g.writeStringField("lastTime", formatTime(alert.lastTime()));
            g.writeArrayFieldStart("src_port");
            for (String port : alert.srcPorts()) {
                g.writeString(port);
            }
            g.writeEndArray();
            g.writeStringField("window_start", Instant.ofEpochMilli(alert.windowStart()).toString());
            g.writeStringField("window_end", Instant.ofEpochMilli(alert.windowEnd()).toString());
            g.writeStringField("alert_id", alertId);
            // An update (late events within the allowed lateness) replaces the row with the same id.
            g.writeNumberField("alert_revision", alert.revision());
            // "opened": an early alert; "new": the window's row; "updated": a revision after late events.
            g.writeStringField("alert_status", alert.status());
            g.writeArrayFieldStart("origins");
            for (String origin : alert.origins()) {
                g.writeString(origin);
            }
            g.writeEndArray();
            g.writeNumberField("suppressed_windows", alert.suppressedWindows());
            g.writeStringField("rule_name", rule.name());
            g.writeStringField("rule_id", rule.id());
            g.writeStringField("rule_version", rule.version());
            g.writeStringField("severity", spec.severity().text());
            g.writeStringField("reason", reason(alert, values));
            g.writeStringField("mitre_attack_technique", rule.technique());
            g.writeStringField("mitre_attack_tactic", rule.tactic());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** The rule's one sentence for this alert: its group fields, count and times. */
    String reason(TunnelAlert alert, String[] values) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            fields.put(GroupKey.FIELD_NAMES[i], values[i]);
        }
        fields.put("count", Long.toString(alert.count()));
        fields.put("first_time", formatTime(alert.firstTime()));
        fields.put("last_time", formatTime(alert.lastTime()));
        return spec.reason(fields);
    }

    /** {@code yyyy-MM-dd'T'HH:mm:ss}: seconds truncated, as Splunk's {@code convert ctime} does. */
    String formatTime(long epochMillis) {
        if (timeFormat == null) {
            timeFormat = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(zone);
        }
        return timeFormat.format(Instant.ofEpochMilli(Math.floorDiv(epochMillis, 1000) * 1000));
    }

    /**
     * A hash of rule id, window start and the fourteen group fields: the same on every run, replay
     * and parallelism, so downstream systems can de-duplicate.
     */
    public static String alertId(DetectionRule rule, TunnelAlert alert) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, rule.id());
            update(sha, Long.toString(alert.windowStart()));
            for (String v : alert.key().values()) {
                update(sha, v);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Length-prefixed, so that ("ab","c") and ("a","bc") hash differently. A field a rule does not
     * group by is null: its length -1 (no value's), so the ids of the fourteen-field rule stay as they were.
     */
    private static void update(MessageDigest sha, String value) {
        if (value == null) {
            sha.update(new byte[] {-1, -1, -1, -1});
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) (bytes.length >>> 24));
        sha.update((byte) (bytes.length >>> 16));
        sha.update((byte) (bytes.length >>> 8));
        sha.update((byte) bytes.length);
        sha.update(bytes);
    }
}
