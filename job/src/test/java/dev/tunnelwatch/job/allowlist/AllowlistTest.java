package dev.tunnelwatch.job.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelwatch.job.model.GroupKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec section 8: rules are data; all conditions of a rule (AND), any rule (OR). */
class AllowlistTest {

    @TempDir
    Path dir;

    static final class K {
        String action = "allowed";
        String app = "C:\\Program Files\\cloudflared\\cloudflared.exe";
        String dest = "tunnel.corp.example";
        String destIp = "198.41.192.7";
        String destPort = "7844";
        String direction = "outbound";
        String dvc = "JUMP-01";
        String protocol = "ip";
        String protocolVersion = "ipv4";
        String src = "jump-01.corp.example";
        String srcIp = "10.20.3.4";
        String transport = "tcp";
        String user = "svc_tunnel";
        String vendorProduct = "Microsoft Sysmon";

        GroupKey build() {
            return new GroupKey(action, app, dest, destIp, destPort, direction, dvc, protocol, protocolVersion,
                    src, srcIp, transport, user, vendorProduct);
        }
    }

    static GroupKey key(UnaryOperator<K> change) {
        return change.apply(new K()).build();
    }

    Allowlist load(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return Allowlist.load(f);
    }

    Allowlist yaml(String content) throws IOException {
        return load("allow.yaml", content);
    }

    static final String JAVADOC_EXAMPLE = """
            rules:
              - name: sanctioned tunnel on the jump hosts
                app: 'C:\\Program Files\\cloudflared\\cloudflared.exe'   # equals
                dvc: [JUMP-01, JUMP-02]                               # one of
                dest: {suffix: .corp.example}                         # ends with
                src_ip: {cidr: [10.20.0.0/16, 2001:db8::/32]}         # in network
            """;

    @Nested
    class Files_ {

        @Test
        void yamlFileWithAllConditionKinds() throws IOException {
            Allowlist a = yaml(JAVADOC_EXAMPLE);
            assertThat(a.rules()).hasSize(1);
            assertThat(a.rules().get(0).name()).isEqualTo("sanctioned tunnel on the jump hosts");
            assertThat(a.rules().get(0).conditions()).hasSize(4);
            assertThat(a.approvedBy(key(k -> k))).isEqualTo("sanctioned tunnel on the jump hosts");
            assertThat(a.approvedBy(key(k -> { k.dvc = "JUMP-02"; k.srcIp = "2001:db8:1::5"; return k; })))
                    .isEqualTo("sanctioned tunnel on the jump hosts");
        }

        @Test
        void jsonFile() throws IOException {
            Allowlist a = load("allow.json", """
                    {"rules": [
                      {"name": "jump hosts",
                       "app": "C:\\\\Program Files\\\\cloudflared\\\\cloudflared.exe",
                       "dvc": ["JUMP-01", "JUMP-02"],
                       "dest": {"suffix": ".corp.example"},
                       "src_ip": {"cidr": ["10.20.0.0/16", "2001:db8::/32"]}}
                    ]}
                    """);
            assertThat(a.approvedBy(key(k -> k))).isEqualTo("jump hosts");
            assertThat(a.approvedBy(key(k -> { k.app = "C:\\Temp\\cloudflared.exe"; return k; }))).isNull();
        }

        @Test
        void topLevelListIsAccepted() throws IOException {
            Allowlist a = yaml("- user: svc_tunnel\n");
            assertThat(a.approvedBy(key(k -> k))).isEqualTo("rule 1");
        }

        @Test
        void emptyFileIsAnEmptyAllowlist() throws IOException {
            Allowlist a = yaml("");
            assertThat(a.rules()).isEmpty();
            assertThat(a.approvedBy(key(k -> k))).isNull();
        }

        @Test
        void commentOnlyFileIsAnEmptyAllowlist() throws IOException {
            assertThat(yaml("# nothing approved yet\n").rules()).isEmpty();
        }

        @Test
        void emptyRulesListIsAnEmptyAllowlist() throws IOException {
            assertThat(yaml("rules: []\n").rules()).isEmpty();
            assertThat(yaml("rules:\n").rules()).isEmpty();
            assertThat(load("e.json", "{\"rules\": []}").rules()).isEmpty();
        }

        @Test
        void emptyAllowlistApprovesNothing() {
            assertThat(Allowlist.EMPTY.approvedBy(key(k -> k))).isNull();
        }
    }

    @Nested
    class Conditions {

        @Test
        void equalsIsExactAndCaseSensitive() throws IOException {
            Allowlist a = yaml("rules:\n  - user: svc_tunnel\n");
            assertThat(a.approvedBy(key(k -> k))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.user = "SVC_TUNNEL"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.user = "svc_tunnel "; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.user = "svc_tunnel2"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.user = "svc"; return k; }))).isNull();
        }

        @Test
        void numericYamlValueMatchesTheTextOfThePort() throws IOException {
            Allowlist a = yaml("rules:\n  - dest_port: 7844\n");
            assertThat(a.approvedBy(key(k -> k))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.destPort = "443"; return k; }))).isNull();
        }

        @Test
        void listIsOneOf() throws IOException {
            Allowlist a = yaml("rules:\n  - dvc: [JUMP-01, JUMP-02]\n");
            assertThat(a.approvedBy(key(k -> { k.dvc = "JUMP-01"; return k; }))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.dvc = "JUMP-02"; return k; }))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.dvc = "JUMP-03"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.dvc = "jump-01"; return k; }))).isNull();
        }

        @Test
        void suffixIsCaseSensitive() throws IOException {
            Allowlist a = yaml("rules:\n  - dest: {suffix: [.corp.example, .argotunnel.com]}\n");
            assertThat(a.approvedBy(key(k -> { k.dest = "a.corp.example"; return k; }))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.dest = "region1.v2.argotunnel.com"; return k; })))
                    .isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.dest = ".corp.example"; return k; }))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.dest = "A.CORP.EXAMPLE"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.dest = "a.corp.example.evil.com"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.dest = "evilcorp.example"; return k; }))).isNull();
        }

        @Test
        void cidrIpv4Slash8() throws IOException {
            Allowlist a = yaml("rules:\n  - src_ip: {cidr: 10.0.0.0/8}\n");
            assertThat(a.approvedBy(key(k -> { k.srcIp = "10.0.0.0"; return k; }))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.srcIp = "10.255.255.255"; return k; }))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.srcIp = "11.0.0.0"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.srcIp = "9.255.255.255"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.srcIp = "110.0.0.1"; return k; }))).isNull();
        }

        @Test
        void cidrIpv4Slash32AndSingleAddress() throws IOException {
            Allowlist a = yaml("rules:\n  - dest_ip: {cidr: [192.0.2.7/32, 198.41.192.7]}\n");
            assertThat(a.approvedBy(key(k -> { k.destIp = "192.0.2.7"; return k; }))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.destIp = "198.41.192.7"; return k; }))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.destIp = "192.0.2.8"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.destIp = "192.0.2.6"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.destIp = "198.41.192.8"; return k; }))).isNull();
        }

        @Test
        void cidrOddPrefix() throws IOException {
            Allowlist a = yaml("rules:\n  - src_ip: {cidr: 10.20.0.0/13}\n");
            assertThat(a.approvedBy(key(k -> { k.srcIp = "10.16.0.0"; return k; }))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.srcIp = "10.23.255.255"; return k; }))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.srcIp = "10.24.0.0"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.srcIp = "10.15.255.255"; return k; }))).isNull();
        }

        @Test
        void cidrIpv6Slash32() throws IOException {
            Allowlist a = yaml("rules:\n  - src_ip: {cidr: '2001:db8::/32'}\n");
            assertThat(a.approvedBy(key(k -> { k.srcIp = "2001:db8::1"; return k; }))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.srcIp = "2001:0db8:ffff:ffff:ffff:ffff:ffff:ffff"; return k; })))
                    .isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.srcIp = "2001:DB8::abcd"; return k; }))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.srcIp = "2001:db9::1"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.srcIp = "2001:db7:ffff::1"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.srcIp = "10.20.3.4"; return k; }))).isNull();
        }

        @Test
        void cidrSingleIpv6Address() throws IOException {
            Allowlist a = yaml("rules:\n  - dest_ip: {cidr: '2606:4700::6810:84e5'}\n");
            assertThat(a.approvedBy(key(k -> { k.destIp = "2606:4700::6810:84e5"; return k; }))).isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.destIp = "2606:4700:0:0:0:0:6810:84e5"; return k; })))
                    .isEqualTo("rule 1");
            assertThat(a.approvedBy(key(k -> { k.destIp = "2606:4700::6810:84e6"; return k; }))).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"null", "unknown", "-", "", " 10.1.2.3", "10.1.2.3 ", "localhost",
            "10.1.2.3.nip.io", "host.corp.example", "10.1.2", "10.1.2.3/32", "10.1.2.256", "::g"})
        void cidrDoesNotMatchNonIpValues(String value) throws IOException {
            Allowlist a = yaml("rules:\n  - src_ip: {cidr: [10.0.0.0/8, 127.0.0.0/8, '::/0']}\n");
            assertThat(a.approvedBy(key(k -> { k.srcIp = value; return k; }))).isNull();
        }

        @Test
        void cidrNeverResolvesNames() {
            // "localhost" would resolve to 127.0.0.1 and "127.0.0.1.nip.io" to 127.0.0.1 through DNS
            IpCidr loopback = IpCidr.parse("127.0.0.0/8");
            assertThat(loopback.contains("localhost")).isFalse();
            assertThat(loopback.contains("127.0.0.1.nip.io")).isFalse();
            assertThat(loopback.contains("127.0.0.1")).isTrue();
            assertThatThrownBy(() -> IpCidr.parse("localhost/8")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> IpCidr.parse("localhost")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void allConditionsOfARuleMustHold() throws IOException {
            Allowlist a = yaml(JAVADOC_EXAMPLE);
            assertThat(a.approvedBy(key(k -> { k.app = "C:\\Temp\\cloudflared.exe"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.dvc = "WS-07"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.dest = "tunnel.evil.example"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.srcIp = "10.21.0.1"; return k; }))).isNull();
            assertThat(a.approvedBy(key(k -> { k.srcIp = "null"; return k; }))).isNull();
        }

        @Test
        void anyRuleSuffices() throws IOException {
            Allowlist a = yaml("""
                    rules:
                      - name: first
                        user: alice
                        dvc: WS-01
                      - name: second
                        dvc: JUMP-01
                      - name: third
                        dvc: JUMP-01
                    """);
            assertThat(a.approvedBy(key(k -> { k.user = "alice"; k.dvc = "WS-01"; return k; }))).isEqualTo("first");
            assertThat(a.approvedBy(key(k -> k))).isEqualTo("second");
            assertThat(a.approvedBy(key(k -> { k.user = "alice"; k.dvc = "WS-02"; return k; }))).isNull();
        }

        @Test
        void nameAndReasonAreNotConditions() throws IOException {
            Allowlist a = yaml("rules:\n  - name: n\n    reason: change CHG-1\n    dvc: JUMP-01\n");
            assertThat(a.rules().get(0).conditions()).hasSize(1);
            assertThat(a.approvedBy(key(k -> k))).isEqualTo("n");
        }

        @Test
        void everyGroupFieldCanBeUsed() throws IOException {
            StringBuilder y = new StringBuilder("rules:\n  - name: all\n");
            GroupKey k = key(x -> x);
            String[] values = k.values();
            for (int i = 0; i < GroupKey.FIELD_NAMES.length; i++) {
                y.append("    ").append(GroupKey.FIELD_NAMES[i]).append(": '")
                        .append(values[i].replace("'", "''")).append("'\n");
            }
            Allowlist a = yaml(y.toString());
            assertThat(a.rules().get(0).conditions()).hasSize(14);
            assertThat(a.approvedBy(k)).isEqualTo("all");
        }
    }

    @Nested
    class Errors {

        @Test
        void unknownField() {
            assertThatThrownBy(() -> yaml("rules:\n  - name: r\n    hostname: WS-01\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'r'")
                    .hasMessageContaining("unknown field 'hostname'");
            assertThatThrownBy(() -> yaml("rules:\n  - src_port: 50123\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown field 'src_port'");
            assertThatThrownBy(() -> yaml("rules:\n  - DVC: WS-01\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown field 'DVC'");
        }

        @Test
        void cidrOnANonIpField() {
            assertThatThrownBy(() -> yaml("rules:\n  - name: r\n    dvc: {cidr: 10.0.0.0/8}\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("field 'dvc'")
                    .hasMessageContaining("'cidr'");
            assertThatThrownBy(() -> yaml("rules:\n  - src: {cidr: 10.0.0.0/8}\n"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> yaml("rules:\n  - dest: {cidr: 10.0.0.0/8}\n"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"10.0.0.0/33", "300.0.0.0/8", "10.0.0/8", "10.0.0.0/", "10.0.0.0/-1",
            "10.0.0.0/abc", "2001:db8::/129", "example.com/24", "null", "10.0.0.0/8/8", "10.0.0.0/0008"})
        void badCidr(String cidr) {
            assertThatThrownBy(() -> yaml("rules:\n  - name: r\n    src_ip: {cidr: '" + cidr + "'}\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("field 'src_ip'");
        }

        @Test
        void emptyRule() {
            assertThatThrownBy(() -> yaml("rules:\n  - name: nothing\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'nothing'")
                    .hasMessageContaining("no conditions");
            assertThatThrownBy(() -> yaml("rules:\n  - {}\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no conditions");
        }

        @Test
        void unknownConditionKey() {
            assertThatThrownBy(() -> yaml("rules:\n  - name: r\n    dest: {prefix: tunnel.}\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("field 'dest'")
                    .hasMessageContaining("prefix");
            assertThatThrownBy(() -> yaml("rules:\n  - dest: {suffix: a, cidr: 10.0.0.0/8}\n"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> yaml("rules:\n  - dest: {}\n"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void ruleThatIsNotAMapping() {
            assertThatThrownBy(() -> yaml("rules:\n  - just a string\n"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> yaml("rules: yes please\n"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void emptyOrNestedLists() {
            assertThatThrownBy(() -> yaml("rules:\n  - dvc: []\n"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> yaml("rules:\n  - dest: {suffix: []}\n"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> yaml("rules:\n  - dvc: [[a]]\n"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void malformedFile() {
            assertThatThrownBy(() -> load("bad.json", "{\"rules\": [")).isInstanceOf(IOException.class);
        }
    }
}
