package dev.tunnelwatch.job.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * An alert as an Elastic Common Schema 8.x document (nested objects, as Elasticsearch indexes
 * them): {@code event.kind: alert} with the rule, the ATT&CK threat and the connection's source,
 * destination, network, host, process and user. Plain ECS fields only, none of Kibana's
 * {@code kibana.alert.*}, which Kibana's own alerting writes. What ECS has no field for (the
 * window, every source port, origins, the alert's id, status and revision) goes under the custom
 * {@code tunnelwatch} object, with the native row's names.
 *
 * <p>Checked against ECS 8.17's field list in the tests (testdata/ecs/).
 */
public final class EcsAlert {

    public static final String ECS_VERSION = "8.17.0";

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

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
        g.writeStartObject();
        g.writeStringField("@timestamp", date(a.lastTime()));
        g.writeObjectFieldStart("ecs");
        g.writeStringField("version", ECS_VERSION);
        g.writeEndObject();
        g.writeStringField("message", a.reason());
        writeEvent(g, a);
        writeRule(g, a);
        writeThreat(g, a);
        writeConnection(g, a);
        writeCustom(g, a);
        g.writeEndObject();
    }

    private static void writeEvent(JsonGenerator g, AlertView a) throws IOException {
        g.writeObjectFieldStart("event");
        g.writeStringField("kind", "alert");
        writeStrings(g, "category", List.of("network"));
        writeStrings(g, "type", eventTypes(a.field("action")));
        // The alert's id: every status and revision of one alert has it, and replaces the one before.
        g.writeStringField("id", a.alertId());
        g.writeNumberField("severity", a.severityRank());
        g.writeStringField("reason", a.reason());
        g.writeStringField("start", date(a.firstTime()));
        g.writeStringField("end", date(a.lastTime()));
        g.writeStringField("module", "tunnelwatch");
        g.writeStringField("dataset", "tunnelwatch.alerts");
        g.writeEndObject();
    }

    /** A connection, and whether it went through: ECS's network category expects allowed and denied. */
    static List<String> eventTypes(String cimAction) {
        String action = lower(cimAction);
        if (action == null) {
            return List.of("connection");
        }
        return switch (action) {
            case "allowed" -> List.of("connection", "allowed");
            case "blocked", "denied", "dropped" -> List.of("connection", "denied");
            default -> List.of("connection");
        };
    }

    private static void writeRule(JsonGenerator g, AlertView a) throws IOException {
        g.writeObjectFieldStart("rule");
        g.writeStringField("id", a.ruleId());
        g.writeStringField("name", a.ruleName());
        g.writeStringField("version", a.ruleVersion());
        if (a.ruleDescription() != null) {
            g.writeStringField("description", a.ruleDescription());
        }
        g.writeEndObject();
    }

    /** ECS's threat.* fields are arrays (one entry per technique or tactic). */
    private static void writeThreat(JsonGenerator g, AlertView a) throws IOException {
        g.writeObjectFieldStart("threat");
        g.writeStringField("framework", "MITRE ATT&CK");
        writeAttackEntity(g, "tactic", a.tactic(), a.tacticName());
        String technique = a.technique();
        int dot = technique.indexOf('.');
        if (dot < 0) {
            writeAttackEntity(g, "technique", technique, a.techniqueName());
            g.writeEndObject();
        } else {
            // T1071.001: the name is the sub-technique's; its parent technique is known by id only.
            g.writeObjectFieldStart("technique");
            String parent = technique.substring(0, dot);
            writeStrings(g, "id", List.of(parent));
            writeStrings(g, "reference", List.of(FieldValues.attackUrl(parent)));
            writeAttackEntity(g, "subtechnique", technique, a.techniqueName());
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    private static void writeAttackEntity(JsonGenerator g, String field, String id, String name) throws IOException {
        g.writeObjectFieldStart(field);
        writeStrings(g, "id", List.of(id));
        writeStrings(g, "name", List.of(name));
        writeStrings(g, "reference", List.of(FieldValues.attackUrl(id)));
        g.writeEndObject();
    }

    private static void writeConnection(JsonGenerator g, AlertView a) throws IOException {
        String dvc = FieldValues.known(a.field("dvc"));
        if (dvc != null) {
            g.writeObjectFieldStart("host");
            g.writeStringField("name", dvc);
            g.writeEndObject();
        }
        List<String> ports = a.srcPorts();
        // source.port holds one port: a group with several lists them in tunnelwatch.src_port only.
        writeEndpoint(g, "source", a.field("src"), a.field("src_ip"),
                ports.size() == 1 ? FieldValues.port(ports.get(0)) : OptionalInt.empty());
        writeEndpoint(g, "destination", a.field("dest"), a.field("dest_ip"), FieldValues.port(a.field("dest_port")));
        writeNetwork(g, a);

        String app = FieldValues.known(a.field("app"));
        if (app != null) {
            g.writeObjectFieldStart("process");
            g.writeStringField("executable", app);
            g.writeStringField("name", FieldValues.fileName(app));
            g.writeEndObject();
        }
        String user = FieldValues.known(a.field("user"));
        if (user != null) {
            g.writeObjectFieldStart("user");
            g.writeStringField("name", user);
            g.writeEndObject();
        }
        String vendorProduct = FieldValues.known(a.field("vendor_product"));
        if (vendorProduct != null) {
            g.writeObjectFieldStart("observer");
            g.writeStringField("product", vendorProduct);
            g.writeEndObject();
        }
    }

    /** address is CIM's value as given; domain only a name, ip only an IP literal. */
    private static void writeEndpoint(JsonGenerator g, String field, String host, String ip, OptionalInt port)
            throws IOException {
        String address = FieldValues.known(host);
        String domain = FieldValues.hostname(host);
        String literal = FieldValues.ip(ip);
        if (literal == null) {
            literal = FieldValues.ip(host);
        }
        if (address == null) {
            address = literal;
        }
        if (literal != null && literal.indexOf('%') >= 0) {
            literal = literal.substring(0, literal.indexOf('%')); // an ip field has no IPv6 zone; address keeps it
        }
        if (address == null && port.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart(field);
        if (address != null) {
            g.writeStringField("address", address);
        }
        if (domain != null) {
            g.writeStringField("domain", domain);
        }
        if (literal != null) {
            g.writeStringField("ip", literal);
        }
        if (port.isPresent()) {
            g.writeNumberField("port", port.getAsInt());
        }
        g.writeEndObject();
    }

    private static void writeNetwork(JsonGenerator g, AlertView a) throws IOException {
        String transport = lower(a.field("transport"));
        String type = lower(a.field("protocol_version"));
        String direction = direction(a.field("direction"), a.field("vendor_product"));
        if (transport == null && type == null && direction == null) {
            return;
        }
        g.writeObjectFieldStart("network");
        if (transport != null) {
            g.writeStringField("transport", transport);
            OptionalInt number = FieldValues.ianaNumber(transport);
            if (number.isPresent()) {
                g.writeStringField("iana_number", Integer.toString(number.getAsInt()));
            }
        }
        if (type != null) {
            g.writeStringField("type", type); // ipv4, ipv6: ECS's network layer (CIM's protocol "ip" says no more)
        }
        if (direction != null) {
            g.writeStringField("direction", direction);
        }
        g.writeEndObject();
    }

    /**
     * ECS wants a host's point of view (ingress, egress) from host-based sensors such as Sysmon,
     * and the perimeter's (inbound, outbound, internal, external) from network sensors.
     */
    static String direction(String cimDirection, String vendorProduct) {
        String d = lower(cimDirection);
        if (d == null) {
            return null;
        }
        boolean hostBased = vendorProduct != null && vendorProduct.toLowerCase(Locale.ROOT).contains("sysmon");
        return switch (d) {
            case "inbound" -> hostBased ? "ingress" : "inbound";
            case "outbound" -> hostBased ? "egress" : "outbound";
            case "ingress", "egress", "internal", "external" -> d;
            default -> "unknown";
        };
    }

    private static void writeCustom(JsonGenerator g, AlertView a) throws IOException {
        g.writeObjectFieldStart("tunnelwatch");
        g.writeStringField("alert_id", a.alertId());
        g.writeStringField("alert_status", a.status());
        g.writeNumberField("alert_revision", a.revision());
        g.writeStringField("severity", a.severity());
        g.writeNumberField("count", a.count());
        g.writeStringField("window_start", date(a.windowStart()));
        g.writeStringField("window_end", date(a.windowEnd()));
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

    private static String lower(String value) {
        String v = FieldValues.known(value);
        return v == null ? null : v.toLowerCase(Locale.ROOT);
    }

    private static String date(long epochMillis) {
        return DATE.format(Instant.ofEpochMilli(epochMillis));
    }
}
