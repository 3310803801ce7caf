package dev.tunnelwatch.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.connectors.record.CimNetworkTraffic;
import dev.tunnelwatch.connectors.record.SysmonNetworkConnect;
import dev.tunnelwatch.job.model.GroupKey;
import dev.tunnelwatch.job.model.NetworkConnection;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec section 3: the add-on rules, the data-model defaults and fillnull_value=null. */
class CimMappingTest {

    static final long T = 1_764_590_400_123L; // 2025-12-01T12:00:00.123Z

    /** A mutable Sysmon EID 3 builder: every field set to a typical value. */
    static final class Sysmon {
        long eventTime = T;
        String computer = "WS-01.corp.example";
        String image = "C:\\Windows\\Temp\\cloudflared.exe";
        String user = "CORP\\svc_tunnel";
        String protocol = "tcp";
        String initiated = "true";
        String sourceIp = "10.1.2.3";
        String sourceHostname = "ws-01.corp.example";
        String sourcePort = "50123";
        String destinationIp = "198.41.192.7";
        String destinationHostname = "region1.v2.argotunnel.com";
        String destinationPort = "7844";
        String destinationIsIpv6 = "false";

        SysmonNetworkConnect build() {
            return new SysmonNetworkConnect(eventTime, computer, image, user, protocol, initiated, sourceIp,
                    sourceHostname, sourcePort, destinationIp, destinationHostname, destinationPort,
                    destinationIsIpv6);
        }
    }

    static NetworkConnection mapSysmon(UnaryOperator<Sysmon> change) {
        return CimMapping.map(change.apply(new Sysmon()).build());
    }

    static GroupKey key(UnaryOperator<Sysmon> change) {
        return mapSysmon(change).key();
    }

    @Nested
    class SysmonInput {

        @Test
        void typicalEventMapsEveryField() {
            NetworkConnection c = mapSysmon(s -> s);
            assertThat(c.key()).isEqualTo(new GroupKey(
                    "allowed",
                    "C:\\Windows\\Temp\\cloudflared.exe",
                    "region1.v2.argotunnel.com",
                    "198.41.192.7",
                    "7844",
                    "outbound",
                    "WS-01.corp.example",
                    "ip",
                    "ipv4",
                    "ws-01.corp.example",
                    "10.1.2.3",
                    "tcp",
                    "svc_tunnel",
                    "Microsoft Sysmon"));
            assertThat(c.time()).isEqualTo(T);
            assertThat(c.srcPort()).isEqualTo("50123");
        }

        @Test
        void allFieldsAbsentGiveTheDefaults() {
            SysmonNetworkConnect empty = new SysmonNetworkConnect(
                    T, null, null, null, null, null, null, null, null, null, null, null, null);
            NetworkConnection c = CimMapping.map(empty);
            assertThat(c.key()).isEqualTo(new GroupKey(
                    "allowed", "null", "unknown", "null", "0", "inbound", "unknown", "ip", "ipv4",
                    "unknown", "null", "unknown", "unknown", "Microsoft Sysmon"));
            assertThat(c.srcPort()).isEqualTo("0");
            assertThat(c.time()).isEqualTo(T);
        }

        @Test
        void allFieldsEmptyStringsGiveTheDefaults() {
            SysmonNetworkConnect empty = new SysmonNetworkConnect(
                    T, "", "", "", "", "", "", "", "", "", "", "", "");
            NetworkConnection c = CimMapping.map(empty);
            assertThat(c.key()).isEqualTo(new GroupKey(
                    "allowed", "null", "unknown", "null", "0", "inbound", "unknown", "ip", "ipv4",
                    "unknown", "null", "unknown", "unknown", "Microsoft Sysmon"));
            assertThat(c.srcPort()).isEqualTo("0");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"-", "anything"})
        void actionIsAlwaysAllowed(String value) {
            // there is no Sysmon field for it: vary others to show it never changes
            assertThat(key(s -> { s.initiated = value; s.user = value; return s; }).action()).isEqualTo("allowed");
        }

        @Test
        void appIsImageKeptExactly() {
            assertThat(key(s -> { s.image = " C:\\Program Files\\X.EXE "; return s; }).app())
                    .isEqualTo(" C:\\Program Files\\X.EXE ");
            assertThat(key(s -> { s.image = "-"; return s; }).app()).isEqualTo("-");
        }

        @ParameterizedTest
        @NullAndEmptySource
        void appDefaultsToNull(String image) {
            assertThat(key(s -> { s.image = image; return s; }).app()).isEqualTo("null");
        }

        @Test
        void destIsHostnameWhenSet() {
            assertThat(key(s -> { s.destinationHostname = "Region1.V2.ArgoTunnel.com "; return s; }).dest())
                    .isEqualTo("Region1.V2.ArgoTunnel.com ");
            // only the exact text "-" falls back
            assertThat(key(s -> { s.destinationHostname = " -"; return s; }).dest()).isEqualTo(" -");
            assertThat(key(s -> { s.destinationHostname = "--"; return s; }).dest()).isEqualTo("--");
            assertThat(key(s -> { s.sourceHostname = "- "; return s; }).src()).isEqualTo("- ");
            assertThat(key(s -> { s.user = " - "; return s; }).user()).isEqualTo(" - ");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = "-")
        void destFallsBackToDestinationIp(String hostname) {
            assertThat(key(s -> { s.destinationHostname = hostname; return s; }).dest()).isEqualTo("198.41.192.7");
        }

        @Test
        void destIsUnknownWhenHostnameAndIpAreEmpty() {
            assertThat(key(s -> { s.destinationHostname = "-"; s.destinationIp = null; return s; }).dest())
                    .isEqualTo("unknown");
            assertThat(key(s -> { s.destinationHostname = ""; s.destinationIp = ""; return s; }).dest())
                    .isEqualTo("unknown");
            assertThat(key(s -> { s.destinationHostname = null; s.destinationIp = null; return s; }).dest())
                    .isEqualTo("unknown");
        }

        @Test
        void destIpDashIsKeptWhenHostnameIsEmpty() {
            GroupKey k = key(s -> { s.destinationHostname = ""; s.destinationIp = "-"; return s; });
            assertThat(k.dest()).isEqualTo("-");
            assertThat(k.destIp()).isEqualTo("-");
            GroupKey k2 = key(s -> { s.destinationHostname = "-"; s.destinationIp = "-"; return s; });
            assertThat(k2.dest()).isEqualTo("-");
        }

        @Test
        void destIpKeptOrNull() {
            assertThat(key(s -> { s.destinationIp = "2606:4700::6810:84e5"; return s; }).destIp())
                    .isEqualTo("2606:4700::6810:84e5");
            assertThat(key(s -> { s.destinationIp = null; return s; }).destIp()).isEqualTo("null");
            assertThat(key(s -> { s.destinationIp = ""; return s; }).destIp()).isEqualTo("null");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "7844|7844",
            "07844|7844",
            "0007844|7844",
            "\" 7844 \"|7844",
            "0|0",
            "000|0",
            "443|443",
            "78440|78440",
            "1234567890123456789012345|1234567890123456789012345",
            "00001234567890123456789012345|1234567890123456789012345",
        })
        void destPortIsCanonical(String raw, String expected) {
            assertThat(key(s -> { s.destinationPort = raw; return s; }).destPort()).isEqualTo(expected);
        }

        @Test
        void destPortWithTabsAndNewlinesAroundIsCanonical() {
            assertThat(key(s -> { s.destinationPort = "\t\r\n7844\n"; return s; }).destPort()).isEqualTo("7844");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"7844.0", "-7844", "+7844", "abc", "7.844e3", "7844a", "78 44", " ",
            "\u0667\u0668\u0664\u0664", "\uff17\uff18\uff14\uff14", "\u00a07844", "7844\u2003", "0x1EA4"})
        void destPortThatIsNotAnIntegerIsZero(String raw) {
            assertThat(key(s -> { s.destinationPort = raw; return s; }).destPort()).isEqualTo("0");
        }

        @ParameterizedTest
        @ValueSource(strings = {"true", "TRUE", "True", "tRuE", "trUE"})
        void directionOutboundWhenInitiatedIsTrueAsciiCaseInsensitive(String initiated) {
            assertThat(key(s -> { s.initiated = initiated; return s; }).direction()).isEqualTo("outbound");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"false", "1", "yes", " true", "true ", "\ttrue", "t", "truee",
            "\u0074\u0072\u0075\u0065\u0301", "TRU\u0395", "tru\u0435", "\uff54rue", "-"})
        void directionInboundOtherwise(String initiated) {
            assertThat(key(s -> { s.initiated = initiated; return s; }).direction()).isEqualTo("inbound");
        }

        @Test
        void dvcIsComputerOrUnknown() {
            assertThat(key(s -> { s.computer = "ws-01"; return s; }).dvc()).isEqualTo("ws-01");
            assertThat(key(s -> { s.computer = " WS-01 "; return s; }).dvc()).isEqualTo(" WS-01 ");
            assertThat(key(s -> { s.computer = "-"; return s; }).dvc()).isEqualTo("-");
            assertThat(key(s -> { s.computer = ""; return s; }).dvc()).isEqualTo("unknown");
            assertThat(key(s -> { s.computer = null; return s; }).dvc()).isEqualTo("unknown");
        }

        @Test
        void protocolIsAlwaysIp() {
            assertThat(key(s -> { s.protocol = "udp"; return s; }).protocol()).isEqualTo("ip");
            assertThat(key(s -> { s.protocol = null; s.destinationIsIpv6 = "true"; return s; }).protocol())
                    .isEqualTo("ip");
        }

        @ParameterizedTest
        @ValueSource(strings = {"true", "TRUE", "True", "tRuE"})
        void protocolVersionIpv6WhenDestinationIsIpv6IsTrue(String v) {
            assertThat(key(s -> { s.destinationIsIpv6 = v; return s; }).protocolVersion()).isEqualTo("ipv6");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"false", "1", "yes", " true", "true ", "-", "ipv6"})
        void protocolVersionIpv4Otherwise(String v) {
            assertThat(key(s -> { s.destinationIsIpv6 = v; return s; }).protocolVersion()).isEqualTo("ipv4");
        }

        @Test
        void srcIsSourceHostnameWhenSet() {
            assertThat(key(s -> { s.sourceHostname = "WS-01 "; return s; }).src()).isEqualTo("WS-01 ");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = "-")
        void srcFallsBackToSourceIp(String hostname) {
            assertThat(key(s -> { s.sourceHostname = hostname; return s; }).src()).isEqualTo("10.1.2.3");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL|NULL", "NULL|''", "NULL|-",
            "''|NULL", "''|''", "''|-",
            "-|NULL", "-|''", "-|-",
        })
        void srcIsUnknownWhenHostnameAndIpAreEmptyOrDash(String hostname, String ip) {
            assertThat(key(s -> { s.sourceHostname = hostname; s.sourceIp = ip; return s; }).src())
                    .isEqualTo("unknown");
        }

        @Test
        void srcIpKeptOrNull() {
            assertThat(key(s -> { s.sourceIp = "-"; return s; }).srcIp()).isEqualTo("-");
            assertThat(key(s -> { s.sourceIp = "fe80::1%12"; return s; }).srcIp()).isEqualTo("fe80::1%12");
            assertThat(key(s -> { s.sourceIp = ""; return s; }).srcIp()).isEqualTo("null");
            assertThat(key(s -> { s.sourceIp = null; return s; }).srcIp()).isEqualTo("null");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "50123|50123", "050123|50123", "7844|7844", "0|0", "00|0",
            "NULL|0", "''|0", "7844.0|0", "-7844|0", "abc|0", "\u0667\u0668\u0664\u0664|0",
            "99999999999999999999999|99999999999999999999999",
        })
        void srcPortCanonicalOrZero(String raw, String expected) {
            assertThat(mapSysmon(s -> { s.sourcePort = raw; return s; }).srcPort()).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "TCP|tcp",
            "tcp|tcp",
            "Udp|udp",
            "T\u00c7P|t\u00c7p",
            "\u0130CMP|\u0130cmp",
            "\u00c0BC|\u00c0bc",
            "' TCP '|' tcp '",
            "-|-",
            "NULL|unknown",
            "''|unknown",
        })
        void transportIsAsciiLowerCasedOrUnknown(String raw, String expected) {
            assertThat(key(s -> { s.protocol = raw; return s; }).transport()).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', nullValues = "NULL", quoteCharacter = '"', value = {
            "CORP\\svc_tunnel|svc_tunnel",
            "CORP\\|CORP\\",
            "CORP\\a\\|a\\",
            "a\\\\b|b",
            "\\x|x",
            "\\|\\",
            "\\\\|\\",
            "a\\b\\c|c",
            "svc_tunnel|svc_tunnel",
            "NT AUTHORITY\\SYSTEM|SYSTEM",
            "\"CORP\\ Svc \"|\" Svc \"",
            "\" alice \"|\" alice \"",
            "Alice|Alice",
            "--|--",
            "-|unknown",
            "NULL|unknown",
            "\"\"|unknown",
        })
        void userRule(String raw, String expected) {
            assertThat(key(s -> { s.user = raw; return s; }).user()).isEqualTo(expected);
        }

        @Test
        void userBackslashParsingLiteralChecks() {
            // the same cases as above, written as Java literals to rule out CSV quoting mistakes
            assertThat(key(s -> { s.user = "CORP\\svc_tunnel"; return s; }).user()).isEqualTo("svc_tunnel");
            assertThat(key(s -> { s.user = "CORP\\"; return s; }).user()).isEqualTo("CORP\\");
            assertThat(key(s -> { s.user = "CORP\\a\\"; return s; }).user()).isEqualTo("a\\");
            assertThat(key(s -> { s.user = "a\\\\b"; return s; }).user()).isEqualTo("b");
            assertThat(key(s -> { s.user = "\\x"; return s; }).user()).isEqualTo("x");
            assertThat(key(s -> { s.user = "\\"; return s; }).user()).isEqualTo("\\");
            assertThat(key(s -> { s.user = "CORP\\\u00e9l\u00e8ve"; return s; }).user()).isEqualTo("\u00e9l\u00e8ve");
        }

        @Test
        void vendorProductIsAlwaysMicrosoftSysmon() {
            assertThat(key(s -> s).vendorProduct()).isEqualTo("Microsoft Sysmon");
        }

        @Test
        void valuesAreCaseSensitiveSoTwoSpellingsAreTwoGroups() {
            GroupKey upper = key(s -> { s.computer = "WS-01"; return s; });
            GroupKey lower = key(s -> { s.computer = "ws-01"; return s; });
            assertThat(upper).isNotEqualTo(lower);
        }

        @Test
        void spellingsOfOnePortMakeOneGroup() {
            assertThat(key(s -> { s.destinationPort = "07844"; return s; }))
                    .isEqualTo(key(s -> { s.destinationPort = "7844"; return s; }));
        }

        @Test
        void timeIsPassedThrough() {
            assertThat(mapSysmon(s -> { s.eventTime = 0L; return s; }).time()).isEqualTo(0L);
            assertThat(mapSysmon(s -> { s.eventTime = 253_402_300_799_999L; return s; }).time())
                    .isEqualTo(253_402_300_799_999L);
        }
    }

    @Nested
    class CimInput {

        static CimNetworkTraffic cim(String action, String app, String dest, String destIp, String destPort,
                String direction, String dvc, String protocol, String protocolVersion, String src, String srcIp,
                String srcPort, String transport, String user, String vendorProduct) {
            return new CimNetworkTraffic(T, action, app, dest, destIp, destPort, direction, dvc, protocol,
                    protocolVersion, src, srcIp, srcPort, transport, user, vendorProduct);
        }

        @Test
        void valuesAreReadAsGiven() {
            NetworkConnection c = CimMapping.map(cim("blocked", "C:\\x.exe", "Host.Example", "198.41.192.7", "07844",
                    "Outbound", "WS-01", "IP", "IPv4", "src-host", "10.0.0.1", "050123", "TCP", "CORP\\svc",
                    "Zeek"));
            assertThat(c.key()).isEqualTo(new GroupKey("blocked", "C:\\x.exe", "Host.Example", "198.41.192.7",
                    "7844", "Outbound", "WS-01", "IP", "IPv4", "src-host", "10.0.0.1", "tcp", "CORP\\svc", "Zeek"));
            assertThat(c.srcPort()).isEqualTo("50123");
            assertThat(c.time()).isEqualTo(T);
        }

        @Test
        void allAbsentGiveDataModelDefaultsThenNull() {
            NetworkConnection c = CimMapping.map(cim(null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null));
            assertThat(c.key()).isEqualTo(new GroupKey("unknown", "null", "unknown", "null", "0", "null",
                    "unknown", "null", "null", "unknown", "null", "unknown", "unknown", "unknown"));
            assertThat(c.srcPort()).isEqualTo("0");
        }

        @Test
        void allEmptyGiveDataModelDefaultsThenNull() {
            NetworkConnection c = CimMapping.map(cim("", "", "", "", "", "", "", "", "", "", "", "", "", "", ""));
            assertThat(c.key()).isEqualTo(new GroupKey("unknown", "null", "unknown", "null", "0", "null",
                    "unknown", "null", "null", "unknown", "null", "unknown", "unknown", "unknown"));
            assertThat(c.srcPort()).isEqualTo("0");
        }

        @Test
        void dashesAndBackslashesAreKeptAsGiven() {
            NetworkConnection c = CimMapping.map(cim("-", "-", "-", "-", "7844", "-", "-", "-", "-", "-", "-",
                    "1", "-", "-", "-"));
            assertThat(c.key()).isEqualTo(new GroupKey("-", "-", "-", "-", "7844", "-", "-", "-", "-", "-", "-",
                    "-", "-", "-"));
            GroupKey k = CimMapping.map(cim("allowed", "a", "d", "1.1.1.1", "7844", "outbound", "v", "ip", "ipv4",
                    "s", "2.2.2.2", "1", "tcp", "CORP\\svc_tunnel", "Microsoft Sysmon")).key();
            assertThat(k.user()).isEqualTo("CORP\\svc_tunnel");
            GroupKey k2 = CimMapping.map(cim("allowed", "a", "d", "1.1.1.1", "7844", "outbound", "v", "ip", "ipv4",
                    "s", "2.2.2.2", "1", "tcp", "CORP\\", "Microsoft Sysmon")).key();
            assertThat(k2.user()).isEqualTo("CORP\\");
        }

        @Test
        void directionAndProtocolVersionAreNotDerived() {
            GroupKey k = CimMapping.map(cim("allowed", "a", "d", "1.1.1.1", "7844", "true", "v", "tcp", "true",
                    "s", "2.2.2.2", "1", "tcp", "u", "p")).key();
            assertThat(k.direction()).isEqualTo("true");
            assertThat(k.protocolVersion()).isEqualTo("true");
            assertThat(k.protocol()).isEqualTo("tcp");
        }

        @Test
        void srcIsNotFilledFromSrcIpAndDestNotFromDestIp() {
            GroupKey k = CimMapping.map(cim("allowed", "a", "", "1.1.1.1", "7844", "outbound", "v", "ip", "ipv4",
                    null, "2.2.2.2", "1", "tcp", "u", "p")).key();
            assertThat(k.dest()).isEqualTo("unknown");
            assertThat(k.src()).isEqualTo("unknown");
            assertThat(k.destIp()).isEqualTo("1.1.1.1");
            assertThat(k.srcIp()).isEqualTo("2.2.2.2");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "07844|7844", "' 7844 '|7844", "7844.0|0", "-7844|0", "abc|0", "''|0", "NULL|0",
            "\u0667\u0668\u0664\u0664|0", "7.844e3|0",
        })
        void portsAreCanonicalOrZero(String raw, String expected) {
            NetworkConnection c = CimMapping.map(cim("allowed", "a", "d", "1.1.1.1", raw, "outbound", "v", "ip",
                    "ipv4", "s", "2.2.2.2", raw, "tcp", "u", "p"));
            assertThat(c.key().destPort()).isEqualTo(expected);
            assertThat(c.srcPort()).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "TCP|tcp", "T\u00c7P|t\u00c7p", "-|-", "''|unknown", "NULL|unknown",
        })
        void transportIsLowerCasedOrUnknown(String raw, String expected) {
            GroupKey k = CimMapping.map(cim("allowed", "a", "d", "1.1.1.1", "7844", "outbound", "v", "ip",
                    "ipv4", "s", "2.2.2.2", "1", raw, "u", "p")).key();
            assertThat(k.transport()).isEqualTo(expected);
        }
    }
}
