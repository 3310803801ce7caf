package dev.tunnelwatch.job.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The OCSF Detection Finding: exact documents, and OCSF's schema accepts every alert we write. */
class OcsfDetectionFindingTest {

    static final OcsfDetectionFinding OCSF = new OcsfDetectionFinding();
    static final OcsfValidator SCHEMA = OcsfValidator.load();
    static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode tree(AlertView a) throws Exception {
        return MAPPER.readTree(OCSF.toJson(a));
    }

    @Test
    void exactDocumentOfAnOpenedAlert() {
        assertThat(OCSF.toJson(AlertViews.opened())).isEqualTo(Golden.compact("ocsf-opened.json"));
    }

    @Test
    void exactDocumentOfAWindowsRow() {
        assertThat(OCSF.toJson(AlertViews.finalRow())).isEqualTo(Golden.compact("ocsf-new.json"));
    }

    @Test
    void exactDocumentOfAnUpdatedRow() {
        assertThat(OCSF.toJson(AlertViews.updated())).isEqualTo(Golden.compact("ocsf-updated.json"));
    }

    static Stream<AlertView> alerts() {
        return AlertViews.all().stream();
    }

    @ParameterizedTest
    @MethodSource("alerts")
    void validAgainstTheOcsfSchema(AlertView alert) {
        assertThat(SCHEMA.validate(OCSF.toJson(alert))).isEmpty();
    }

    @Test
    void writesTheSchemaVersionItIsValidatedAgainst() {
        assertThat(SCHEMA.version()).isEqualTo(OcsfDetectionFinding.OCSF_VERSION);
    }

    @Test
    void createsOnOpenedAndNewAndUpdatesOnUpdated() throws Exception {
        for (AlertView a : List.of(AlertViews.opened(), AlertViews.finalRow())) {
            JsonNode f = tree(a);
            assertThat(f.get("activity_id").asInt()).isEqualTo(1);
            assertThat(f.get("type_uid").asLong()).isEqualTo(200401);
        }
        JsonNode updated = tree(AlertViews.updated());
        assertThat(updated.get("activity_id").asInt()).isEqualTo(2);
        assertThat(updated.get("type_uid").asLong()).isEqualTo(200402);
        assertThat(updated.at("/unmapped/alert_revision").asInt()).isEqualTo(1);
        // One finding: the same uid whatever the status.
        assertThat(updated.at("/finding_info/uid")).isEqualTo(tree(AlertViews.opened()).at("/finding_info/uid"));
    }

    @Test
    void timesAreEpochMillisecondsOfTheEvents() throws Exception {
        AlertView a = AlertViews.finalRow();
        JsonNode f = tree(a);
        assertThat(f.get("time").asLong()).isEqualTo(a.lastTime());
        assertThat(f.get("start_time").asLong()).isEqualTo(a.firstTime());
        assertThat(f.get("end_time").asLong()).isEqualTo(a.lastTime());
        assertThat(f.at("/finding_info/first_seen_time").asLong()).isEqualTo(a.firstTime());
        assertThat(f.at("/unmapped/window_start").asLong()).isEqualTo(a.windowStart());
        assertThat(f.at("/unmapped/window_end").asLong()).isEqualTo(a.windowEnd());
    }

    @Test
    void severitiesMapToOcsfSeverityIds() throws Exception {
        AlertView base = AlertViews.finalRow();
        String[] captions = {"Informational", "Low", "Medium", "High", "Critical"};
        for (int i = 0; i < AlertView.SEVERITIES.size(); i++) {
            AlertView a = withSeverity(base, AlertView.SEVERITIES.get(i));
            JsonNode f = tree(a);
            assertThat(f.get("severity_id").asInt()).isEqualTo(i + 1);
            assertThat(f.get("severity").asText()).isEqualTo(captions[i]);
            assertThat(SCHEMA.validate(f)).isEmpty();
        }
    }

    static AlertView withSeverity(AlertView a, String severity) {
        return new AlertView(a.ruleName(), a.ruleId(), a.ruleVersion(), a.ruleDescription(), a.technique(),
                a.techniqueName(), a.tactic(), a.tacticName(), severity, a.reason(), a.alertId(), a.status(),
                a.revision(), a.groupFields(), a.count(), a.firstTime(), a.lastTime(), a.srcPorts(), a.windowStart(),
                a.windowEnd(), a.origins(), a.suppressedWindows());
    }

    @Test
    void missingValuesAndPlaceholdersAreLeftOut() throws Exception {
        JsonNode f = tree(AlertViews.nothingKnown());
        JsonNode evidence = f.at("/evidences/0");
        assertThat(evidence.fieldNames()).toIterable().containsExactly("connection_info");
        assertThat(evidence.get("connection_info").toString()).isEqualTo("{\"direction_id\":0,\"direction\":\"Unknown\"}");
        assertThat(f.get("action_id").asInt()).isZero();
        assertThat(f.has("finding_info")).isTrue();
        assertThat(f.at("/finding_info/data_sources").isMissingNode()).isTrue();
        assertThat(f.toString()).doesNotContain("\"null\"").doesNotContain("\"unknown\"");
    }

    @Test
    void ipv6AddressesAndTheSourcesOwnWords() throws Exception {
        JsonNode e = tree(AlertViews.ipv6()).at("/evidences/0");
        assertThat(e.at("/src_endpoint").toString()).isEqualTo("{\"ip\":\"fe80::1%12\",\"port\":443}");
        assertThat(e.at("/dst_endpoint").toString()).isEqualTo("{\"ip\":\"2606:4700:a0::7\",\"port\":7844}");
        assertThat(e.at("/connection_info").toString()).isEqualTo(
                "{\"direction_id\":99,\"direction\":\"internal\",\"protocol_name\":\"udp\",\"protocol_num\":17,"
                        + "\"protocol_ver_id\":6}");
        assertThat(tree(AlertViews.ipv6()).get("action").asText()).isEqualTo("teardown");
    }

    @Test
    void manySourcePortsGoToUnmappedAndBadValuesAreLeftOut() throws Exception {
        JsonNode f = tree(AlertViews.manyPorts());
        assertThat(f.at("/unmapped/src_port")).hasSize(1000);
        assertThat(f.at("/evidences/0/src_endpoint").toString()).isEqualTo("{\"hostname\":\"ws-01.corp.example\"}");
        // not-an-ip is no ip_t: the endpoint keeps its name only
        assertThat(f.at("/evidences/0/dst_endpoint").toString())
                .isEqualTo("{\"hostname\":\"region1.v2.argotunnel.com\",\"port\":7844}");
        assertThat(f.at("/evidences/0/connection_info/protocol_ver").asText()).isEqualTo("ipx");
        assertThat(f.get("action").asText()).isEqualTo("Denied");
    }

    @Test
    void aSubTechniqueNamesItsParentById() throws Exception {
        JsonNode attack = tree(AlertViews.manyPorts()).at("/attacks/0");
        assertThat(attack.get("technique").toString())
                .isEqualTo("{\"uid\":\"T1071\",\"src_url\":\"https://attack.mitre.org/techniques/T1071/\"}");
        assertThat(attack.at("/sub_technique/uid").asText()).isEqualTo("T1071.001");
        assertThat(attack.at("/sub_technique/src_url").asText()).isEqualTo("https://attack.mitre.org/techniques/T1071/001/");
        assertThat(tree(AlertViews.manyPorts()).at("/finding_info/attacks")).isEqualTo(tree(AlertViews.manyPorts()).get("attacks"));
    }
}
