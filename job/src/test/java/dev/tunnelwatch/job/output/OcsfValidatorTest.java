package dev.tunnelwatch.job.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The OCSF validation is strict: each test breaks one thing in a valid Detection Finding and
 * expects the schema to say so, with the OCSF Server's issue code and the attribute's path.
 */
class OcsfValidatorTest {

    static final OcsfValidator SCHEMA = OcsfValidator.load();
    static final ObjectMapper MAPPER = new ObjectMapper();

    static ObjectNode valid() throws Exception {
        return (ObjectNode) MAPPER.readTree(new OcsfDetectionFinding().toJson(AlertViews.finalRow()));
    }

    /** The issues of a valid finding changed by {@code change}. */
    static List<OcsfValidator.Issue> issuesAfter(Consumer<ObjectNode> change) throws Exception {
        ObjectNode f = valid();
        assertThat(SCHEMA.validate(f)).isEmpty();
        change.accept(f);
        return SCHEMA.validate(f);
    }

    static ObjectNode at(ObjectNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    static void assertIssue(List<OcsfValidator.Issue> issues, boolean error, String code, String path) {
        assertThat(issues).as("issues").anySatisfy(i -> {
            assertThat(i.error()).isEqualTo(error);
            assertThat(i.code()).isEqualTo(code);
            assertThat(i.path()).isEqualTo(path);
        });
    }

    @Test
    void aMisspelledAttributeIsUnknownAndTheRealOneMissing() throws Exception {
        var issues = issuesAfter(f -> f.set("severty_id", f.remove("severity_id")));
        assertIssue(issues, true, "attribute_unknown", "severty_id");
        assertIssue(issues, true, "attribute_required_missing", "severity_id");
    }

    @Test
    void anUnknownAttributeDeepInAnObjectIsAnError() throws Exception {
        assertIssue(issuesAfter(f -> at(f, "/finding_info/analytic").put("uuid", "x")),
                true, "attribute_unknown", "finding_info.analytic.uuid");
        assertIssue(issuesAfter(f -> at(f, "/evidences/0/src_endpoint").putArray("ports").add(1)),
                true, "attribute_unknown", "evidences[0].src_endpoint.ports");
        assertIssue(issuesAfter(f -> at(f, "/attacks/0/technique").put("id", "T1572")),
                true, "attribute_unknown", "attacks[0].technique.id");
    }

    @Test
    void aMissingRequiredAttributeIsAnError() throws Exception {
        assertIssue(issuesAfter(f -> at(f, "/finding_info").remove("uid")),
                true, "attribute_required_missing", "finding_info.uid");
        assertIssue(issuesAfter(f -> at(f, "/metadata").remove("product")),
                true, "attribute_required_missing", "metadata.product");
        assertIssue(issuesAfter(f -> at(f, "/evidences/0/file").remove("type_id")),
                true, "attribute_required_missing", "evidences[0].file.type_id");
        assertIssue(issuesAfter(f -> f.remove("time")), true, "attribute_required_missing", "time");
        assertIssue(issuesAfter(f -> f.putNull("finding_info")), true, "attribute_required_missing", "finding_info");
    }

    @Test
    void aWrongTypeIsAnError() throws Exception {
        assertIssue(issuesAfter(f -> f.put("time", "2026-12-01T12:40:00Z")), true, "attribute_wrong_type", "time");
        assertIssue(issuesAfter(f -> f.put("count", "3")), true, "attribute_wrong_type", "count");
        assertIssue(issuesAfter(f -> at(f, "/evidences/0/dst_endpoint").put("port", "7844")),
                true, "attribute_wrong_type", "evidences[0].dst_endpoint.port");
        assertIssue(issuesAfter(f -> f.put("is_alert", "true")), true, "attribute_wrong_type", "is_alert");
        assertIssue(issuesAfter(f -> f.put("finding_info", "x")), true, "attribute_wrong_type", "finding_info");
        // an array attribute given one value, and an object given an array
        assertIssue(issuesAfter(f -> at(f, "/finding_info").put("types", "Protocol Tunneling")),
                true, "attribute_wrong_type", "finding_info.types");
        assertIssue(issuesAfter(f -> f.set("evidences", f.get("evidences").get(0))),
                true, "attribute_wrong_type", "evidences");
        assertIssue(issuesAfter(f -> f.set("metadata", MAPPER.createArrayNode())), true, "attribute_wrong_type", "metadata");
    }

    @Test
    void valuesOutsideTheirTypeOrEnumAreErrors() throws Exception {
        assertIssue(issuesAfter(f -> f.put("severity_id", 7)), true, "attribute_enum_value_unknown", "severity_id");
        assertIssue(issuesAfter(f -> f.put("activity_id", 4)), true, "attribute_enum_value_unknown", "activity_id");
        assertIssue(issuesAfter(f -> at(f, "/evidences/0/connection_info").put("direction_id", 5)),
                true, "attribute_enum_value_unknown", "evidences[0].connection_info.direction_id");
        assertIssue(issuesAfter(f -> at(f, "/evidences/0/dst_endpoint").put("port", 70000)),
                true, "attribute_value_exceeds_range", "evidences[0].dst_endpoint.port");
        assertIssue(issuesAfter(f -> at(f, "/evidences/0/src_endpoint").put("ip", "1234:5678:9abc:def0:1234:5678:9abc:def0:1")),
                true, "attribute_value_exceeds_max_len", "evidences[0].src_endpoint.ip");
    }

    @Test
    void aValueNotMatchingItsTypesRegexIsAWarning() throws Exception {
        assertIssue(issuesAfter(f -> at(f, "/evidences/0/src_endpoint").put("ip", "10.1.2")),
                false, "attribute_value_regex_not_matched", "evidences[0].src_endpoint.ip");
    }

    @Test
    void theTypeUidMustBeClassTimes100PlusActivity() throws Exception {
        assertIssue(issuesAfter(f -> f.put("activity_id", 2)), true, "type_uid_incorrect", "type_uid");
    }

    @Test
    void anUnknownClassStopsValidation() throws Exception {
        var issues = issuesAfter(f -> f.put("class_uid", 2005));
        assertThat(issues).singleElement().satisfies(i -> assertThat(i.code()).isEqualTo("class_uid_unknown"));
    }

    @Test
    void constraintsOfObjectsAreChecked() throws Exception {
        // An endpoint with a port but neither ip nor hostname.
        assertIssue(issuesAfter(f -> at(f, "/evidences/0").putObject("src_endpoint").put("port", 50123)),
                true, "constraint_failed", "evidences[0].src_endpoint");
        // OCSF's process needs a pid, uid or cpid: why the formatter writes the image as a file.
        assertIssue(issuesAfter(f -> at(f, "/evidences/0").putObject("process").putObject("file")
                        .put("name", "cloudflared.exe").put("type_id", 1)),
                true, "constraint_failed", "evidences[0].process");
        assertIssue(issuesAfter(f -> ((ArrayNode) f.get("attacks")).set(0, MAPPER.createObjectNode())),
                true, "constraint_failed", "attacks[0]");
    }

    @Test
    void profileAttributesNeedTheirProfile() throws Exception {
        var issues = issuesAfter(f -> at(f, "/metadata").remove("profiles"));
        assertIssue(issues, true, "attribute_unknown", "attacks");
        assertIssue(issues, true, "attribute_unknown", "action_id");
        assertIssue(issuesAfter(f -> at(f, "/metadata").withArray("profiles").add("no_such_profile")),
                true, "profile_unknown", "metadata.profiles[1]");
    }

    @Test
    void anEnumSiblingMustBeItsCaption() throws Exception {
        assertIssue(issuesAfter(f -> f.put("severity", "High")), false, "attribute_enum_sibling_incorrect", "severity");
        assertIssue(issuesAfter(f -> at(f, "/evidences/0/device").put("type", "Server")),
                false, "attribute_enum_sibling_incorrect", "evidences[0].device.type");
    }

    @Test
    void versionsOtherThanTheSchemasAreFlagged() throws Exception {
        assertIssue(issuesAfter(f -> at(f, "/metadata").put("version", "1.9.0")),
                true, "version_incompatible_later", "metadata.version");
        assertIssue(issuesAfter(f -> at(f, "/metadata").put("version", "1.3.0")),
                false, "version_earlier", "metadata.version");
    }

    @Test
    void unmappedTakesAnyKeys() throws Exception {
        assertThat(issuesAfter(f -> at(f, "/unmapped").putObject("anything").put("goes", 1))).isEmpty();
    }

    @Test
    void theShippedSchemaIsTheCompiledDetectionFinding() throws Exception {
        JsonNode schema = MAPPER.readTree(OcsfValidator.SCHEMA.toFile());
        assertThat(schema.get("version").asText()).isEqualTo("1.8.0");
        JsonNode finding = schema.at("/classes/detection_finding");
        assertThat(finding.get("uid").asInt()).isEqualTo(2004);
        assertThat(finding.get("category_uid").asInt()).isEqualTo(2);
        assertThat(finding.at("/attributes/finding_info/requirement").asText()).isEqualTo("required");
        assertThat(schema.at("/objects/network_endpoint/attributes/port/type").asText()).isEqualTo("port_t");
    }
}
