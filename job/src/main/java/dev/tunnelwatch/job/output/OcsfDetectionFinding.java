package dev.tunnelwatch.job.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * An alert as an OCSF 1.8.0 Detection Finding (class_uid 2004, category Findings), one JSON object
 * per alert. Times are epoch milliseconds (OCSF's timestamp_t). A group value that has no typed
 * OCSF attribute, or whose value does not fit its type (an IP field that is no IP literal, a port
 * that is no port), is left out rather than written wrong; the window, source ports, origins and
 * the alert's own status go to {@code unmapped}, under the native row's names.
 *
 * <p>Checked against OCSF's compiled schema in the tests (testdata/ocsf/).
 */
public final class OcsfDetectionFinding {

    public static final String OCSF_VERSION = "1.8.0";
    static final int CLASS_UID = 2004;
    static final int CATEGORY_UID = 2;
    static final String PRODUCT = "tunnelwatch";

    private static final JsonFactory JSON = new JsonFactory();
    private static final List<String> SEVERITY_CAPTIONS = List.of("Informational", "Low", "Medium", "High", "Critical");

    public String toJson(AlertView a) {
        StringWriter out = new StringWriter(2048);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, a);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, AlertView a) throws IOException {
        // An update (late events) is the same finding (same uid) written again; "opened" and "new"
        // both create it: the early alert and the window's row replace one another downstream.
        boolean update = a.status().equals("updated");
        int activityId = update ? 2 : 1;

        g.writeStartObject();
        g.writeObjectFieldStart("metadata");
        g.writeStringField("version", OCSF_VERSION);
        g.writeObjectFieldStart("product");
        g.writeStringField("name", PRODUCT);
        g.writeStringField("vendor_name", PRODUCT);
        g.writeEndObject();
        // security_control brings the top-level attacks and action_id (the class says to apply it).
        g.writeArrayFieldStart("profiles");
        g.writeString("security_control");
        g.writeEndArray();
        g.writeStringField("uid", a.alertId());
        g.writeEndObject();

        g.writeNumberField("time", a.lastTime());
        g.writeNumberField("class_uid", CLASS_UID);
        g.writeStringField("class_name", "Detection Finding");
        g.writeNumberField("category_uid", CATEGORY_UID);
        g.writeStringField("category_name", "Findings");
        g.writeNumberField("activity_id", activityId);
        g.writeStringField("activity_name", update ? "Update" : "Create");
        g.writeNumberField("type_uid", CLASS_UID * 100L + activityId);
        g.writeStringField("type_name", "Detection Finding: " + (update ? "Update" : "Create"));
        g.writeNumberField("severity_id", a.severityRank());
        g.writeStringField("severity", SEVERITY_CAPTIONS.get(a.severityRank() - 1));
        // The finding's workflow status (set by whoever triages it): new until someone looks at it.
        g.writeNumberField("status_id", 1);
        g.writeStringField("status", "New");
        g.writeBooleanField("is_alert", true);
        writeAction(g, a.field("action"));
        g.writeStringField("message", a.reason());

        writeFindingInfo(g, a);
        g.writeFieldName("attacks");
        writeAttacks(g, a);
        g.writeNumberField("count", a.count());
        g.writeNumberField("start_time", a.firstTime());
        g.writeNumberField("end_time", a.lastTime());
        g.writeArrayFieldStart("evidences");
        writeEvidence(g, a);
        g.writeEndArray();
        writeUnmapped(g, a);
        g.writeEndObject();
    }

    /** CIM's action (allowed, blocked, teardown) as the security_control profile's action_id. */
    private static void writeAction(JsonGenerator g, String cimAction) throws IOException {
        String action = FieldValues.known(cimAction);
        int id;
        String caption;
        if (action == null) {
            id = 0;
            caption = "Unknown";
        } else {
            switch (action.toLowerCase(Locale.ROOT)) {
                case "allowed" -> {
                    id = 1;
                    caption = "Allowed";
                }
                case "blocked", "denied", "dropped" -> {
                    id = 2;
                    caption = "Denied";
                }
                default -> {
                    id = 99;
                    caption = action; // Other: the source's own word
                }
            }
        }
        g.writeNumberField("action_id", id);
        g.writeStringField("action", caption);
    }

    private static void writeFindingInfo(JsonGenerator g, AlertView a) throws IOException {
        g.writeObjectFieldStart("finding_info");
        g.writeStringField("uid", a.alertId());
        g.writeStringField("title", a.ruleName());
        if (a.ruleDescription() != null) {
            g.writeStringField("desc", a.ruleDescription());
        }
        g.writeObjectFieldStart("analytic");
        g.writeStringField("uid", a.ruleId());
        g.writeStringField("name", a.ruleName());
        g.writeNumberField("type_id", 1);
        g.writeStringField("type", "Rule");
        g.writeStringField("version", a.ruleVersion());
        g.writeEndObject();
        g.writeNumberField("first_seen_time", a.firstTime());
        g.writeNumberField("last_seen_time", a.lastTime());
        g.writeArrayFieldStart("types");
        g.writeString(a.techniqueName());
        g.writeEndArray();
        String dataSource = FieldValues.known(a.field("vendor_product"));
        if (dataSource != null) {
            g.writeArrayFieldStart("data_sources");
            g.writeString(dataSource);
            g.writeEndArray();
        }
        // Detection Finding: with security_control, the attacks are duplicated into finding_info.
        g.writeFieldName("attacks");
        writeAttacks(g, a);
        g.writeEndObject();
    }

    private static void writeAttacks(JsonGenerator g, AlertView a) throws IOException {
        g.writeStartArray();
        g.writeStartObject();
        String technique = a.technique();
        int dot = technique.indexOf('.');
        if (dot < 0) {
            writeAttackEntity(g, "technique", technique, a.techniqueName());
        } else {
            // T1071.001: the sub-technique has the name; its parent technique is known by id only.
            writeAttackEntity(g, "technique", technique.substring(0, dot), null);
            writeAttackEntity(g, "sub_technique", technique, a.techniqueName());
        }
        writeAttackEntity(g, "tactic", a.tactic(), a.tacticName());
        g.writeEndObject();
        g.writeEndArray();
    }

    private static void writeAttackEntity(JsonGenerator g, String field, String uid, String name) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("uid", uid);
        if (name != null) {
            g.writeStringField("name", name);
        }
        g.writeStringField("src_url", FieldValues.attackUrl(uid));
        g.writeEndObject();
    }

    private static void writeEvidence(JsonGenerator g, AlertView a) throws IOException {
        g.writeStartObject();
        List<String> ports = a.srcPorts();
        // One endpoint has one port: a group with several source ports lists them in unmapped only.
        writeEndpoint(g, "src_endpoint", a.field("src"), a.field("src_ip"),
                ports.size() == 1 ? FieldValues.port(ports.get(0)) : OptionalInt.empty());
        writeEndpoint(g, "dst_endpoint", a.field("dest"), a.field("dest_ip"), FieldValues.port(a.field("dest_port")));
        writeConnectionInfo(g, a);

        // The connecting image. Not process.file: OCSF's process needs a pid, uid or cpid, which
        // the group fields do not have.
        String app = FieldValues.known(a.field("app"));
        if (app != null) {
            g.writeObjectFieldStart("file");
            g.writeStringField("name", FieldValues.fileName(app));
            g.writeStringField("path", app);
            g.writeNumberField("type_id", 1);
            g.writeStringField("type", "Regular File");
            g.writeEndObject();
        }
        String user = FieldValues.known(a.field("user"));
        if (user != null) {
            g.writeObjectFieldStart("actor");
            g.writeObjectFieldStart("user");
            g.writeStringField("name", user);
            g.writeEndObject();
            g.writeEndObject();
        }
        String dvc = FieldValues.known(a.field("dvc"));
        if (dvc != null) {
            g.writeObjectFieldStart("device");
            g.writeStringField("hostname", dvc);
            g.writeNumberField("type_id", 0); // server or desktop: the event does not say
            g.writeStringField("type", "Unknown");
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** An endpoint needs an ip or a hostname (OCSF's constraint): with neither, none is written. */
    private static void writeEndpoint(JsonGenerator g, String field, String host, String ip, OptionalInt port)
            throws IOException {
        String hostname = FieldValues.hostname(host);
        String address = FieldValues.ip(ip);
        if (address == null) {
            address = FieldValues.ip(host); // CIM's src/dest may hold the address itself
        }
        if (hostname == null && address == null) {
            return;
        }
        g.writeObjectFieldStart(field);
        if (hostname != null) {
            g.writeStringField("hostname", hostname);
        }
        if (address != null) {
            g.writeStringField("ip", address);
        }
        if (port.isPresent()) {
            g.writeNumberField("port", port.getAsInt());
        }
        g.writeEndObject();
    }

    private static void writeConnectionInfo(JsonGenerator g, AlertView a) throws IOException {
        g.writeObjectFieldStart("connection_info");
        String direction = FieldValues.known(a.field("direction"));
        String lower = direction == null ? "unknown" : direction.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "unknown" -> writeEnum(g, "direction_id", 0, "direction", "Unknown");
            case "inbound" -> writeEnum(g, "direction_id", 1, "direction", "Inbound");
            case "outbound" -> writeEnum(g, "direction_id", 2, "direction", "Outbound");
            case "lateral" -> writeEnum(g, "direction_id", 3, "direction", "Lateral");
            default -> writeEnum(g, "direction_id", 99, "direction", direction);
        }
        String transport = FieldValues.known(a.field("transport"));
        if (transport != null) {
            String name = transport.toLowerCase(Locale.ROOT);
            g.writeStringField("protocol_name", name);
            OptionalInt number = FieldValues.ianaNumber(name);
            if (number.isPresent()) {
                g.writeNumberField("protocol_num", number.getAsInt());
            }
        }
        String version = FieldValues.known(a.field("protocol_version"));
        if (version != null) {
            switch (version.toLowerCase(Locale.ROOT)) {
                case "ipv4" -> g.writeNumberField("protocol_ver_id", 4);
                case "ipv6" -> g.writeNumberField("protocol_ver_id", 6);
                default -> writeEnum(g, "protocol_ver_id", 99, "protocol_ver", version);
            }
        }
        g.writeEndObject();
    }

    private static void writeEnum(JsonGenerator g, String idField, int id, String captionField, String caption)
            throws IOException {
        g.writeNumberField(idField, id);
        g.writeStringField(captionField, caption);
    }

    private static void writeUnmapped(JsonGenerator g, AlertView a) throws IOException {
        g.writeObjectFieldStart("unmapped");
        g.writeStringField("alert_status", a.status());
        g.writeNumberField("alert_revision", a.revision());
        g.writeNumberField("window_start", a.windowStart());
        g.writeNumberField("window_end", a.windowEnd());
        writeStrings(g, "src_port", a.srcPorts());
        writeStrings(g, "origins", a.origins());
        g.writeNumberField("suppressed_windows", a.suppressedWindows());
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
