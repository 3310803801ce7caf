package dev.tunnelwatch.job.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.tunnelwatch.job.model.DetectionRule;
import dev.tunnelwatch.job.model.GroupKey;
import dev.tunnelwatch.job.rules.RuleSpec.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules files (issue 7): the bundled one, the two-rules test file, defaults and every refusal. */
class RuleFileTest {

    static final Path HOME = Path.of(System.getProperty("tunnelwatch.home", "..")).toAbsolutePath().normalize();

    /** A valid rule with only the required keys; lines 1 to 12, so messages have known line numbers. */
    static final String MINIMAL = """
            rules:
              - name: Test rule
                id: 0bd906f3-c79e-4f6d-ba66-f01bf0503900
                version: 1
                description: A rule for tests.
                tags:
                  mitre_attack_id: [T1572]
                  mitre_attack_technique: Protocol Tunneling
                  mitre_attack_tactic_id: TA0011
                  mitre_attack_tactic: Command and Control
                severity: high
                ports: [7844]
            """;

    static List<RuleSpec> parse(String yaml) {
        return RuleFile.parse(yaml, "r.yaml");
    }

    /** The minimal rule with {@code lines} added at its end (line 13 on), indented as its keys. */
    static String withKeys(String... lines) {
        StringBuilder out = new StringBuilder(MINIMAL);
        for (String line : lines) {
            out.append("    ").append(line).append('\n');
        }
        return out.toString();
    }

    @Nested
    class BundledFiles {

        @Test
        void theBundledFileIsTodaysDetection() throws IOException {
            List<RuleSpec> rules = RuleFile.load(HOME.resolve(RuleFile.BUNDLED));
            assertThat(rules).containsExactly(RuleSpec.CLOUDFLARED);
            RuleSpec r = rules.get(0);
            assertThat(r.identity()).isEqualTo(DetectionRule.CLOUDFLARED);
            assertThat(r.ports()).containsExactly("7844");
            assertThat(r.groupBy()).containsExactly(GroupKey.FIELD_NAMES);
            assertThat(r.window()).isEqualTo(Duration.ofHours(1));
            assertThat(r.offset()).isEqualTo(Duration.ofMinutes(50));
            assertThat(r.lag()).isEqualTo(Duration.ofMinutes(10));
            assertThat(r.techniqueName()).isEqualTo("Protocol Tunneling");
            assertThat(r.tacticName()).isEqualTo("Command and Control");
            assertThat(r.severity()).isEqualTo(Severity.LOW);
        }

        @Test
        void theTwoRulesFileHoldsTheBundledRuleAndARuleOnPort3389() throws IOException {
            List<RuleSpec> rules = RuleFile.load(HOME.resolve("testdata/rules/two-rules.yaml"));
            assertThat(rules).hasSize(2);
            assertThat(rules.get(0)).isEqualTo(RuleSpec.CLOUDFLARED);
            RuleSpec rdp = rules.get(1);
            assertThat(rdp.name()).isEqualTo("Remote Access on Port 3389");
            assertThat(rdp.id()).isEqualTo("0bd906f3-c79e-4f6d-ba66-f01bf0503900");
            assertThat(rdp.version()).isEqualTo(1);
            assertThat(rdp.techniqueId()).isEqualTo("T1021.001");
            assertThat(rdp.techniqueName()).isEqualTo("Remote Desktop Protocol");
            assertThat(rdp.tacticId()).isEqualTo("TA0008");
            assertThat(rdp.tacticName()).isEqualTo("Lateral Movement");
            assertThat(rdp.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(rdp.ports()).containsExactly("3389");
            assertThat(rdp.groupBy()).isEqualTo(RuleSpec.DEFAULT_GROUP_BY);
            assertThat(rdp.window()).isEqualTo(Duration.ofMinutes(30));
            assertThat(rdp.offset()).isEqualTo(Duration.ZERO);
            assertThat(rdp.lag()).isEqualTo(Duration.ofMinutes(5));
            assertThat(rdp.reason()).isEqualTo("{user} on {dvc} opened {count} Remote Desktop connections to {dest}"
                    + " ({dest_ip}) between {first_time} and {last_time}");
        }
    }

    @Nested
    class Values {

        @Test
        void defaultsAreTheSearchsSchedule() {
            RuleSpec r = parse(MINIMAL).get(0);
            assertThat(r.groupBy()).containsExactly(GroupKey.FIELD_NAMES);
            assertThat(r.window()).isEqualTo(Duration.ofHours(1));
            assertThat(r.offset()).isEqualTo(Duration.ofMinutes(50));
            assertThat(r.lag()).isEqualTo(Duration.ofMinutes(10));
            assertThat(r.reason()).isEqualTo(RuleSpec.defaultReason(RuleSpec.DEFAULT_GROUP_BY));
            assertThat(r.description()).isEqualTo("A rule for tests.");
            assertThat(r.severity()).isEqualTo(Severity.HIGH);
        }

        @Test
        void theDefaultOffsetIsTakenModuloAShorterWindow() {
            assertThat(parse(withKeys("window: 30m")).get(0).offset()).isEqualTo(Duration.ofMinutes(20));
            assertThat(parse(withKeys("window: 1h", "offset: 130m")).get(0).offset()).isEqualTo(Duration.ofMinutes(10));
        }

        @Test
        void durationsAreWrittenAsFlinkWritesThem() {
            RuleSpec r = parse(withKeys("window: 2 h", "offset: 50min", "lag: 0s")).get(0);
            assertThat(r.window()).isEqualTo(Duration.ofHours(2));
            assertThat(r.offset()).isEqualTo(Duration.ofMinutes(50));
            assertThat(r.lag()).isEqualTo(Duration.ZERO);
        }

        @Test
        void portsAreCanonicalAndLeadingZerosAreNotOctal() {
            // unquoted 0777 is 511 to a YAML 1.1 reader; a port list means 777
            String yaml = MINIMAL.replace("ports: [7844]", "ports: [07844, '0443', 0777, \" 3389 \"]");
            assertThat(parse(yaml).get(0).ports()).containsExactly("7844", "443", "777", "3389");
        }

        @Test
        void oneValueIsAListOfOne() {
            String yaml = MINIMAL.replace("ports: [7844]", "ports: 7844").replace("[T1572]", "T1572");
            RuleSpec r = parse(yaml).get(0);
            assertThat(r.ports()).containsExactly("7844");
            assertThat(r.techniqueId()).isEqualTo("T1572");
        }

        @Test
        void groupByIsKeptInByClauseOrder() {
            RuleSpec r = parse(withKeys("group_by: [user, dvc, dest_port]")).get(0);
            assertThat(r.groupBy()).containsExactly("dest_port", "dvc", "user");
            assertThat(r.reason()).isEqualTo("Matching connections (count {count}, from {first_time} to {last_time}):"
                    + " dest_port={dest_port}, dvc={dvc}, user={user}");
        }

        @Test
        void theIdIsLowerCased() {
            String yaml = MINIMAL.replace("0bd906f3-c79e-4f6d-ba66-f01bf0503900", "0BD906F3-C79E-4F6D-BA66-F01BF0503900");
            assertThat(parse(yaml).get(0).id()).isEqualTo("0bd906f3-c79e-4f6d-ba66-f01bf0503900");
        }

        @Test
        void textIsKeptAsWritten() {
            String yaml = MINIMAL.replace("name: Test rule", "name: 1.50").replace("version: 1", "version: '002'");
            RuleSpec r = parse(yaml).get(0);
            assertThat(r.name()).isEqualTo("1.50");
            assertThat(r.version()).isEqualTo(2);
        }

        @Test
        void splunkDocumentationKeysAreAcceptedAndIgnored() {
            String yaml = withKeys("author: Someone, Splunk", "date: '2026-04-13'", "status: production",
                    "type: Hunting", "data_source: [Sysmon EventID 3]", "how_to_implement: Ingest Sysmon.",
                    "known_false_positives: Sanctioned tunnels.", "references: [https://example.com]")
                    .replace("      mitre_attack_tactic: Command and Control\n",
                            "      mitre_attack_tactic: Command and Control\n      analytic_story: [Reverse Network Proxy]\n"
                                    + "      asset_type: Endpoint\n      product: [Splunk Enterprise]\n"
                                    + "      security_domain: endpoint\n");
            assertThat(parse(yaml)).containsExactly(parse(MINIMAL).get(0));
        }

        @Test
        void aByteOrderMarkIsIgnored() {
            assertThat(parse("\uFEFF" + MINIMAL)).isEqualTo(parse(MINIMAL));
        }

        @Test
        void rulesKeepFileOrder() {
            String second = MINIMAL.substring(MINIMAL.indexOf("  - name"))
                    .replace("Test rule", "Second").replace("0bd906f3", "1bd906f3");
            assertThat(parse(MINIMAL + second)).extracting(RuleSpec::name).containsExactly("Test rule", "Second");
        }
    }

    static Stream<Arguments> refusals() {
        String rule = "r.yaml:13: rule 'Test rule': ";
        return Stream.of(
                // keys
                arguments(withKeys("windw: 1h"), rule + "windw: unknown key (known: name, id, version, description, tags,"
                        + " severity, ports, group_by, window, offset, lag, reason)"),
                arguments(withKeys("ports: [443]"), rule + "ports: appears twice in this rule"),
                arguments(withKeys("search: '| tstats count'"), rule
                        + "search: tunnelwatch does not run SPL; a rule is its ports, group_by, window, offset and lag"),
                arguments(MINIMAL.replace("    id: 0bd906f3-c79e-4f6d-ba66-f01bf0503900\n", ""),
                        "r.yaml:2: rule 'Test rule': id: missing"),
                arguments(MINIMAL.replace("  - name: Test rule\n    id:", "  - id:"), "r.yaml:2: rule 1: name: missing"),
                arguments(MINIMAL.replace("name: Test rule", "name: ''"), "r.yaml:2: rule 1: name: must not be empty"),
                arguments(MINIMAL.replace("name: Test rule", "name: \"Test\\nrule\""),
                        "r.yaml:2: rule 1: name: must be one line"),
                arguments(MINIMAL.replace("      mitre_attack_tactic: Command and Control\n", ""),
                        "r.yaml:6: rule 'Test rule': tags.mitre_attack_tactic: missing"),
                arguments(MINIMAL.replace("mitre_attack_technique:", "mitre_attack_techniqe:"),
                        "r.yaml:8: rule 'Test rule': tags.mitre_attack_techniqe: unknown key (known: mitre_attack_id,"
                                + " mitre_attack_technique, mitre_attack_tactic_id, mitre_attack_tactic)"),
                arguments(MINIMAL.replace("description: A rule for tests.", "description: [a, b]"),
                        "r.yaml:5: rule 'Test rule': description: expected a single value, not a list"),
                arguments(MINIMAL.replace("description: A rule for tests.", "description:"),
                        "r.yaml:5: rule 'Test rule': description: has no value"),
                // identity and ATT&CK
                arguments(MINIMAL.replace("0bd906f3-c79e-4f6d-ba66-f01bf0503900", "rule-1"),
                        "r.yaml:3: rule 'Test rule': id: 'rule-1' is not a UUID (like 29798d45-c9c7-4240-a5ef-d7648c016024)"),
                arguments(MINIMAL.replace("version: 1", "version: 0"), "r.yaml:4: rule 'Test rule': version: 0 is not 1 or more"),
                arguments(MINIMAL.replace("version: 1", "version: 1.5"),
                        "r.yaml:4: rule 'Test rule': version: '1.5' is not a whole number (1, 2, ...)"),
                arguments(MINIMAL.replace("[T1572]", "[T1572, T1090]"),
                        "r.yaml:7: rule 'Test rule': tags.mitre_attack_id: expected exactly one technique (a row carries"
                                + " one); write one rule per technique"),
                arguments(MINIMAL.replace("[T1572]", "[Protocol Tunneling]"), "r.yaml:7: rule 'Test rule':"
                        + " tags.mitre_attack_id: 'Protocol Tunneling' is not an ATT&CK technique id (like T1572 or T1021.001)"),
                arguments(MINIMAL.replace("tactic_id: TA0011", "tactic_id: T0011"),
                        "r.yaml:9: rule 'Test rule': tags.mitre_attack_tactic_id: 'T0011' is not an ATT&CK tactic id (like TA0011)"),
                arguments(MINIMAL.replace("tags:\n", "tags: T1572\n").replaceAll("      mitre.*\n", ""),
                        "r.yaml:6: rule 'Test rule': tags: expected a mapping (mitre_attack_id: [T1572], ...)"),
                arguments(MINIMAL.replace("severity: high", "severity: High"), "r.yaml:11: rule 'Test rule':"
                        + " severity: 'High' is not one of informational, low, medium, high, critical"),
                // ports
                arguments(MINIMAL.replace("[7844]", "[]"), "r.yaml:12: rule 'Test rule': ports: at least one port is required"),
                arguments(MINIMAL.replace("[7844]", "[65536]"),
                        "r.yaml:12: rule 'Test rule': ports: '65536' is not a port number (1 to 65535)"),
                arguments(MINIMAL.replace("[7844]", "[-7844]"),
                        "r.yaml:12: rule 'Test rule': ports: '-7844' is not a port number (1 to 65535)"),
                arguments(MINIMAL.replace("[7844]", "[7844.0]"),
                        "r.yaml:12: rule 'Test rule': ports: '7844.0' is not a port number (1 to 65535)"),
                arguments(MINIMAL.replace("[7844]", "[0x1EA4]"),
                        "r.yaml:12: rule 'Test rule': ports: '0x1EA4' is not a port number (1 to 65535)"),
                arguments(MINIMAL.replace("[7844]", "'7844,443'"),
                        "r.yaml:12: rule 'Test rule': ports: '7844,443' is not a port number (1 to 65535)"),
                arguments(MINIMAL.replace("[7844]", "[99999999999999999999]"), "r.yaml:12: rule 'Test rule':"
                        + " ports: '99999999999999999999' is not a port number (1 to 65535)"),
                arguments(MINIMAL.replace("[7844]", "[000]"), "r.yaml:12: rule 'Test rule':"
                        + " ports: port 0 cannot be matched: records without an integer port map to 0"),
                arguments(MINIMAL.replace("[7844]", "[7844, 07844]"),
                        "r.yaml:12: rule 'Test rule': ports: port 7844 is listed twice"),
                arguments(MINIMAL.replace("[7844]", "[7844, ~]"),
                        "r.yaml:12: rule 'Test rule': ports: list items must be single values"),
                arguments(MINIMAL.replace("[7844]", "{port: 7844}"), "r.yaml:12: rule 'Test rule': ports: expected a list"),
                // group_by
                arguments(withKeys("group_by: [dvc, host]"), rule + "group_by: unknown field 'host' (fields: action, app,"
                        + " dest, dest_ip, dest_port, direction, dvc, protocol, protocol_version, src, src_ip, transport,"
                        + " user, vendor_product)"),
                arguments(withKeys("group_by: [dvc, dvc]"), rule + "group_by: field 'dvc' is listed twice"),
                arguments(withKeys("group_by: []"), rule + "group_by: at least one field is required"),
                // durations
                arguments(withKeys("window: 0m"), rule + "window: must be at least 1ms"),
                arguments(withKeys("window: 60"), rule + "window: '60' needs a unit (like 1h, 50m, 30s)"),
                arguments(withKeys("window: 1hr"), rule + "window: '1hr' is not a duration (like 1h, 50m, 30s)"),
                arguments(withKeys("window: 1.5h"), rule + "window: '1.5h' is not a duration (like 1h, 50m, 30s)"),
                arguments(withKeys("window: 99999999999999999d"),
                        rule + "window: '99999999999999999d' is not a duration (like 1h, 50m, 30s)"),
                arguments(withKeys("window: 999999999999d"), rule + "window: is too long"),
                arguments(withKeys("offset: -5m"), rule + "offset: '-5m' is not a duration (like 1h, 50m, 30s)"),
                arguments(withKeys("lag: 1500us"), rule + "lag: '1500us' is not a duration (like 1h, 50m, 30s)"),
                arguments(withKeys("lag: 1ns"), rule + "lag: must be a whole number of milliseconds"),
                arguments(withKeys("lag: [10m]"), rule + "lag: expected a single value, not a list"),
                // reason
                arguments(withKeys("reason: '{host} connected'"), rule + "reason: unknown placeholder {host}: use the"
                        + " rule's group_by fields (action, app, dest, dest_ip, dest_port, direction, dvc, protocol,"
                        + " protocol_version, src, src_ip, transport, user, vendor_product) or count, first_time, last_time"),
                arguments(withKeys("group_by: [dvc]", "reason: '{user} on {dvc}'"), "r.yaml:14: rule 'Test rule': reason:"
                        + " unknown placeholder {user}: use the rule's group_by fields (dvc) or count, first_time, last_time"),
                arguments(withKeys("reason: '{dvc connected'"),
                        rule + "reason: '{' at character 1 is not closed (write {{ for a brace)"),
                arguments(withKeys("reason: 'dvc} connected'"),
                        rule + "reason: '}' at character 4 closes nothing (write }} for a brace)"),
                arguments(withKeys("reason: '{Dvc} connected'"),
                        rule + "reason: '{Dvc}' is not a placeholder (write {{ for a brace)"),
                arguments(withKeys("reason: \"one\\ntwo\""), rule + "reason: must be one line"),
                arguments(withKeys("reason: ''"), rule + "reason: must not be empty"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusedWithOneLineNamingFileLineRuleAndKey(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Nested
    class FileRefusals {

        @TempDir
        Path dir;

        @Test
        void duplicateIds() {
            String second = MINIMAL.substring(MINIMAL.indexOf("  - name")).replace("Test rule", "Second")
                    .replace("0bd906f3-c79e-4f6d-ba66-f01bf0503900", "0BD906F3-c79e-4f6d-ba66-f01bf0503900");
            assertThatThrownBy(() -> parse(MINIMAL + second)).hasMessage(
                    "r.yaml:14: rule 'Second': id: 0bd906f3-c79e-4f6d-ba66-f01bf0503900 is also the id of rule 'Test rule'");
        }

        @Test
        void duplicateNames() {
            String second = MINIMAL.substring(MINIMAL.indexOf("  - name")).replace("0bd906f3", "1bd906f3");
            assertThatThrownBy(() -> parse(MINIMAL + second))
                    .hasMessage("r.yaml:13: rule 'Test rule': name: another rule has this name");
        }

        @Test
        void theFileMustHoldARulesList() {
            assertThatThrownBy(() -> parse("")).hasMessage("r.yaml: no rules: the file is empty (it needs a 'rules:' list)");
            assertThatThrownBy(() -> parse("# nothing yet\n"))
                    .hasMessage("r.yaml: no rules: the file is empty (it needs a 'rules:' list)");
            assertThatThrownBy(() -> parse("rules: []\n")).hasMessage("r.yaml:1: rules: expected a list of at least one rule");
            assertThatThrownBy(() -> parse("rules:\n")).hasMessage("r.yaml:1: rules: expected a list of at least one rule");
            assertThatThrownBy(() -> parse("- name: x\n")).hasMessage("r.yaml:1: expected a mapping with a 'rules:' list");
            assertThatThrownBy(() -> parse(MINIMAL + "allowlist: []\n"))
                    .hasMessage("r.yaml:13: unknown key 'allowlist' (the file holds one key, rules)");
            assertThatThrownBy(() -> parse(MINIMAL + "rules: []\n")).hasMessage("r.yaml:13: key 'rules' appears twice");
            assertThatThrownBy(() -> parse("rules:\n  - just a name\n")).hasMessage("r.yaml:2: rule 1: expected a mapping of keys");
        }

        @Test
        void yamlErrorsAreOneLine() {
            assertThatThrownBy(() -> parse("rules:\n  - name: [x\n")).hasMessage(
                    "r.yaml:3: not valid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
            assertThatThrownBy(() -> parse("rules:\n\t- name: x\n")).hasMessageStartingWith("r.yaml:2: not valid YAML: ")
                    .hasMessageNotContaining("\n");
            assertThatThrownBy(() -> parse(MINIMAL + "---\nrules: []\n"))
                    .hasMessage("r.yaml:14: a second YAML document ('---'): put every rule in one 'rules:' list");
        }

        @Test
        void aliasesAreRefused() {
            String yaml = MINIMAL.replace("ports: [7844]", "ports: &p [7844]") + "    group_by: *p\n";
            assertThatThrownBy(() -> parse(yaml)).hasMessage(
                    "r.yaml:13: anchors and aliases (*p) are not supported; write the value out");
        }

        @Test
        void loadNamesTheFileAsGiven() throws IOException {
            Path file = dir.resolve("bad.yaml");
            Files.writeString(file, withKeys("window: 0m"));
            assertThatThrownBy(() -> RuleFile.load(file))
                    .hasMessage(file + ":13: rule 'Test rule': window: must be at least 1ms");
        }

        @Test
        void notUtf8() throws IOException {
            Path file = dir.resolve("latin1.yaml");
            Files.write(file, new byte[] {'r', 'u', 'l', 'e', 's', ':', ' ', (byte) 0xe9, '\n'});
            assertThatThrownBy(() -> RuleFile.load(file)).hasMessage(file + ": not UTF-8 text");
        }

        @Test
        void anUnreadableFileIsAnIoError() {
            assertThatThrownBy(() -> RuleFile.load(dir.resolve("missing.yaml"))).isInstanceOf(IOException.class);
        }
    }
}
