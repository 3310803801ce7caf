package dev.tunnelwatch.job.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ECS alert: exact documents, the fields we chose, and ECS's field list accepts them. */
class EcsAlertTest {

    static final EcsAlert ECS = new EcsAlert();
    static final EcsValidator FIELDS = EcsValidator.load();
    static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode tree(AlertView a) throws Exception {
        return MAPPER.readTree(ECS.toJson(a));
    }

    /** The dotted names of a document's leaves (an array is a leaf). */
    static List<String> leaves(JsonNode node, String path, List<String> out) {
        if (!node.isObject()) {
            out.add(path);
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            leaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
        }
        return out;
    }

    @Test
    void exactDocumentOfAnOpenedAlert() {
        assertThat(ECS.toJson(AlertViews.opened())).isEqualTo(Golden.compact("ecs-opened.json"));
    }

    @Test
    void exactDocumentOfAWindowsRow() {
        assertThat(ECS.toJson(AlertViews.finalRow())).isEqualTo(Golden.compact("ecs-new.json"));
    }

    @Test
    void exactDocumentOfAnUpdatedRow() {
        assertThat(ECS.toJson(AlertViews.updated())).isEqualTo(Golden.compact("ecs-updated.json"));
    }

    static Stream<AlertView> alerts() {
        return AlertViews.all().stream();
    }

    @ParameterizedTest
    @MethodSource("alerts")
    void everyFieldIsEcsOrUnderTheCustomObject(AlertView alert) {
        assertThat(FIELDS.validate(ECS.toJson(alert))).isEmpty();
    }

    @Test
    void theFieldsWeChose() throws Exception {
        List<String> names = leaves(tree(AlertViews.finalRow()), "", new ArrayList<>());
        assertThat(names).containsExactly(
                "@timestamp", "ecs.version", "message",
                "event.kind", "event.category", "event.type", "event.id", "event.severity", "event.reason",
                "event.start", "event.end", "event.module", "event.dataset",
                "rule.id", "rule.name", "rule.version", "rule.description",
                "threat.framework", "threat.tactic.id", "threat.tactic.name", "threat.tactic.reference",
                "threat.technique.id", "threat.technique.name", "threat.technique.reference",
                "host.name",
                "source.address", "source.domain", "source.ip",
                "destination.address", "destination.domain", "destination.ip", "destination.port",
                "network.transport", "network.iana_number", "network.type", "network.direction",
                "process.executable", "process.name", "user.name", "observer.product",
                "tunnelwatch.alert_id", "tunnelwatch.alert_status", "tunnelwatch.alert_revision",
                "tunnelwatch.severity", "tunnelwatch.count", "tunnelwatch.window_start", "tunnelwatch.window_end",
                "tunnelwatch.src_port", "tunnelwatch.origins", "tunnelwatch.suppressed_windows");
        for (String name : names) {
            assertThat(FIELDS.isEcsField(name)).as(name).isEqualTo(!name.startsWith("tunnelwatch."));
        }
        assertThat(FIELDS.version()).isEqualTo(EcsAlert.ECS_VERSION);
    }

    @Test
    void anAlertAboutANetworkConnection() throws Exception {
        JsonNode d = tree(AlertViews.finalRow());
        assertThat(d.at("/event/kind").asText()).isEqualTo("alert");
        assertThat(d.at("/event/category").toString()).isEqualTo("[\"network\"]");
        assertThat(d.at("/event/type").toString()).isEqualTo("[\"connection\",\"allowed\"]");
        assertThat(d.at("/event/severity").asInt()).isEqualTo(3);
        assertThat(d.at("/threat/framework").asText()).isEqualTo("MITRE ATT&CK");
        assertThat(d.at("/threat/technique/id/0").asText()).isEqualTo("T1572");
        assertThat(d.at("/threat/tactic/name/0").asText()).isEqualTo("Command and Control");
        assertThat(d.get("@timestamp").asText()).isEqualTo("2026-12-01T12:40:00.000Z");
        assertThat(d.at("/tunnelwatch/window_start").asText()).isEqualTo("2026-12-01T11:50:00.000Z");
    }

    @Test
    void sysmonSeesDirectionFromTheHostANetworkSensorFromThePerimeter() {
        assertThat(EcsAlert.direction("outbound", "Microsoft Sysmon")).isEqualTo("egress");
        assertThat(EcsAlert.direction("inbound", "Microsoft Sysmon")).isEqualTo("ingress");
        assertThat(EcsAlert.direction("outbound", "Palo Alto Networks Firewall")).isEqualTo("outbound");
        assertThat(EcsAlert.direction("internal", null)).isEqualTo("internal");
        assertThat(EcsAlert.direction("sideways", null)).isEqualTo("unknown");
        assertThat(EcsAlert.direction("unknown", null)).isNull();
    }

    @Test
    void theActionIsAnEventType() throws Exception {
        assertThat(tree(AlertViews.manyPorts()).at("/event/type").toString()).isEqualTo("[\"connection\",\"denied\"]");
        assertThat(tree(AlertViews.ipv6()).at("/event/type").toString()).isEqualTo("[\"connection\"]"); // teardown
        assertThat(tree(AlertViews.nothingKnown()).at("/event/type").toString()).isEqualTo("[\"connection\"]");
    }

    @Test
    void ipv6KeepsItsZoneInAddressOnly() throws Exception {
        JsonNode source = tree(AlertViews.ipv6()).get("source");
        assertThat(source.toString()).isEqualTo("{\"address\":\"fe80::1%12\",\"ip\":\"fe80::1\",\"port\":443}");
    }

    @Test
    void missingValuesAreLeftOut() throws Exception {
        JsonNode d = tree(AlertViews.nothingKnown());
        assertThat(d.fieldNames()).toIterable()
                .containsExactly("@timestamp", "ecs", "message", "event", "rule", "threat", "tunnelwatch");
    }

    @Test
    void manySourcePortsAndASubTechnique() throws Exception {
        JsonNode d = tree(AlertViews.manyPorts());
        assertThat(d.at("/tunnelwatch/src_port")).hasSize(1000);
        assertThat(d.at("/source/port").isMissingNode()).isTrue();
        assertThat(d.at("/source/ip").isMissingNode()).isTrue(); // 999.1.2.3
        assertThat(d.at("/threat/technique").toString()).isEqualTo("{\"id\":[\"T1071\"],"
                + "\"reference\":[\"https://attack.mitre.org/techniques/T1071/\"],\"subtechnique\":{\"id\":[\"T1071.001\"],"
                + "\"name\":[\"Web Protocols\"],\"reference\":[\"https://attack.mitre.org/techniques/T1071/001/\"]}}");
        assertThat(d.has("rule")).isTrue();
        assertThat(d.at("/rule/description").isMissingNode()).isTrue();
    }

    // The ECS check is strict: each of these breaks one thing.

    static List<String> problemsAfter(Consumer<ObjectNode> change) throws Exception {
        ObjectNode d = (ObjectNode) tree(AlertViews.finalRow());
        change.accept(d);
        return FIELDS.validate(d.toString());
    }

    @Test
    void aFieldEcsDoesNotHaveIsAProblem() throws Exception {
        assertThat(problemsAfter(d -> ((ObjectNode) d.get("source")).put("hostname", "ws-01")))
                .containsExactly("source.hostname: not an ECS 8.17.0 field");
        assertThat(problemsAfter(d -> ((ObjectNode) d.get("event")).put("count", 3)))
                .containsExactly("event.count: not an ECS 8.17.0 field");
        assertThat(problemsAfter(d -> d.putObject("alert").put("id", "x")))
                .containsExactly("alert.id: not an ECS 8.17.0 field");
    }

    @Test
    void aValueOfTheWrongTypeIsAProblem() throws Exception {
        assertThat(problemsAfter(d -> ((ObjectNode) d.get("destination")).put("port", "7844")))
                .containsExactly("destination.port: \"7844\" is not a valid ECS long");
        assertThat(problemsAfter(d -> ((ObjectNode) d.get("source")).put("ip", "ws-01")))
                .containsExactly("source.ip: \"ws-01\" is not a valid ECS ip");
        assertThat(problemsAfter(d -> d.put("@timestamp", "2026-12-01 12:40")))
                .containsExactly("@timestamp: \"2026-12-01 12:40\" is not a valid ECS date");
        assertThat(problemsAfter(d -> ((ObjectNode) d.get("host")).putArray("name").add("a")))
                .containsExactly("host.name: an array, but ECS does not normalize this keyword field to one");
        assertThat(problemsAfter(d -> ((ObjectNode) d.get("user")).putObject("name").put("first", "a")))
                .containsExactly("user.name: ECS's keyword field holds an object");
    }

    @Test
    void categorizationValuesAreChecked() throws Exception {
        assertThat(problemsAfter(d -> ((ObjectNode) d.get("event")).put("kind", "detection")))
                .containsExactly("event.kind: \"detection\" is not an allowed value");
        assertThat(problemsAfter(d -> ((ObjectNode) d.get("event")).putArray("type").add("creation")))
                .containsExactly("event.type: \"creation\" is not expected for event.category [\"network\"]");
    }
}
