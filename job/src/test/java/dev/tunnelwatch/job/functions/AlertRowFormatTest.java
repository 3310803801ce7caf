package dev.tunnelwatch.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tunnelwatch.job.model.DetectionRule;
import dev.tunnelwatch.job.rules.RuleSpec;
import dev.tunnelwatch.job.model.GroupKey;
import dev.tunnelwatch.job.model.TunnelAlert;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spec section 6. */
class AlertRowFormatTest {

    static final AlertRowFormat UTC = new AlertRowFormat(RuleSpec.CLOUDFLARED, ZoneId.of("UTC"));

    static final GroupKey KEY = new GroupKey(
            "allowed",
            "C:\\Windows\\Temp\\cloudflared.exe",
            "region1.v2.argotunnel.com",
            "198.41.192.7",
            "7844",
            "outbound",
            "WS-01",
            "ip",
            "ipv4",
            "ws-01.corp.example",
            "10.1.2.3",
            "tcp",
            "svc_tunnel",
            "Microsoft Sysmon");

    static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    static TunnelAlert sample() {
        return new TunnelAlert(KEY, 3, ms("2026-12-01T12:00:59.999Z"), ms("2026-12-01T12:40:00.000Z"),
                new String[] {"10000", "50123", "9000"}, ms("2026-12-01T11:50:00Z"), ms("2026-12-01T12:50:00Z"));
    }

    static TunnelAlert withKey(GroupKey key) {
        TunnelAlert s = sample();
        return new TunnelAlert(key, s.count(), s.firstTime(), s.lastTime(), s.srcPorts(), s.windowStart(), s.windowEnd());
    }

    static GroupKey keyOf(String[] v) {
        return new GroupKey(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
    }

    @Test
    void exactLineForASampleAlert() {
        String id = AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, sample());
        assertThat(UTC.toJson(sample())).isEqualTo("{"
                + "\"action\":\"allowed\","
                + "\"app\":\"C:\\\\Windows\\\\Temp\\\\cloudflared.exe\","
                + "\"dest\":\"region1.v2.argotunnel.com\","
                + "\"dest_ip\":\"198.41.192.7\","
                + "\"dest_port\":\"7844\","
                + "\"direction\":\"outbound\","
                + "\"dvc\":\"WS-01\","
                + "\"protocol\":\"ip\","
                + "\"protocol_version\":\"ipv4\","
                + "\"src\":\"ws-01.corp.example\","
                + "\"src_ip\":\"10.1.2.3\","
                + "\"transport\":\"tcp\","
                + "\"user\":\"svc_tunnel\","
                + "\"vendor_product\":\"Microsoft Sysmon\","
                + "\"count\":3,"
                + "\"firstTime\":\"2026-12-01T12:00:59\","
                + "\"lastTime\":\"2026-12-01T12:40:00\","
                + "\"src_port\":[\"10000\",\"50123\",\"9000\"],"
                + "\"window_start\":\"2026-12-01T11:50:00Z\","
                + "\"window_end\":\"2026-12-01T12:50:00Z\","
                + "\"alert_id\":\"" + id + "\","
                + "\"alert_revision\":0,"
                + "\"alert_status\":\"new\","
                + "\"origins\":[],"
                + "\"suppressed_windows\":0,"
                + "\"rule_name\":\"Windows Potential Cloudflared Network Connection\","
                + "\"rule_id\":\"29798d45-c9c7-4240-a5ef-d7648c016024\","
                + "\"rule_version\":\"1\","
                + "\"severity\":\"low\","
                + "\"reason\":\"WS-01 ran C:\\\\Windows\\\\Temp\\\\cloudflared.exe, which connected to"
                + " region1.v2.argotunnel.com:7844 (count 3, from 2026-12-01T12:00:59 to 2026-12-01T12:40:00)\","
                + "\"mitre_attack_technique\":\"T1572\","
                + "\"mitre_attack_tactic\":\"TA0011\""
                + "}");
    }

    @Test
    void lineIsOneLineOfValidJsonWithFieldsInOrder() throws Exception {
        String json = UTC.toJson(sample());
        assertThat(json).doesNotContain("\n").doesNotContain("\r");
        JsonNode node = new ObjectMapper().readTree(json);
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        assertThat(names).containsExactly("action", "app", "dest", "dest_ip", "dest_port", "direction", "dvc",
                "protocol", "protocol_version", "src", "src_ip", "transport", "user", "vendor_product", "count",
                "firstTime", "lastTime", "src_port", "window_start", "window_end", "alert_id", "alert_revision", "alert_status", "origins",
                "suppressed_windows", "rule_name", "rule_id", "rule_version", "severity", "reason", "mitre_attack_technique", "mitre_attack_tactic");
        assertThat(node.get("count").isIntegralNumber()).isTrue();
        assertThat(node.get("count").asLong()).isEqualTo(3);
        assertThat(node.get("src_port").isArray()).isTrue();
        assertThat(node.get("dest_port").isTextual()).isTrue();
    }

    @Test
    void anUpdateKeepsTheAlertIdAndCarriesItsRevision() throws Exception {
        TunnelAlert first = sample();
        TunnelAlert update = new TunnelAlert(KEY, 4, first.firstTime(), first.lastTime() + 1000, first.srcPorts(),
                first.windowStart(), first.windowEnd(), 2);
        assertThat(AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, update))
                .isEqualTo(AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, first));
        JsonNode node = new ObjectMapper().readTree(UTC.toJson(update));
        assertThat(node.get("alert_revision").asInt()).isEqualTo(2);
        assertThat(node.get("alert_status").asText()).isEqualTo("updated");
        assertThat(node.get("count").asLong()).isEqualTo(4);
    }

    @Test
    void timesAreTruncatedToSecondsNotRounded() {
        TunnelAlert a = new TunnelAlert(KEY, 1, ms("2026-12-01T12:00:59.999Z"), ms("2026-12-01T12:49:59.999Z"),
                new String[] {"1"}, ms("2026-12-01T11:50:00Z"), ms("2026-12-01T12:50:00Z"));
        assertThat(UTC.toJson(a))
                .contains("\"firstTime\":\"2026-12-01T12:00:59\",\"lastTime\":\"2026-12-01T12:49:59\"");
        assertThat(UTC.formatTime(ms("2026-12-01T12:00:59.999Z"))).isEqualTo("2026-12-01T12:00:59");
        assertThat(UTC.formatTime(ms("2026-12-01T12:00:59.000Z"))).isEqualTo("2026-12-01T12:00:59");
        assertThat(UTC.formatTime(ms("2026-12-31T23:59:59.999Z"))).isEqualTo("2026-12-31T23:59:59");
        assertThat(UTC.formatTime(0L)).isEqualTo("1970-01-01T00:00:00");
        assertThat(UTC.formatTime(999L)).isEqualTo("1970-01-01T00:00:00");
    }

    @Test
    void timesInAnotherZoneWhenConfigured() {
        AlertRowFormat berlin = new AlertRowFormat(RuleSpec.CLOUDFLARED, ZoneId.of("Europe/Berlin"));
        String json = berlin.toJson(sample());
        assertThat(json).contains("\"firstTime\":\"2026-12-01T13:00:59\",\"lastTime\":\"2026-12-01T13:40:00\"");
        // window bounds stay UTC instants
        assertThat(json).contains("\"window_start\":\"2026-12-01T11:50:00Z\",\"window_end\":\"2026-12-01T12:50:00Z\"");

        AlertRowFormat newYork = new AlertRowFormat(RuleSpec.CLOUDFLARED, ZoneId.of("America/New_York"));
        assertThat(newYork.toJson(sample()))
                .contains("\"firstTime\":\"2026-12-01T07:00:59\",\"lastTime\":\"2026-12-01T07:40:00\"");
        AlertRowFormat summer = new AlertRowFormat(RuleSpec.CLOUDFLARED, ZoneId.of("Europe/Berlin"));
        assertThat(summer.formatTime(ms("2026-07-01T12:00:59.999Z"))).isEqualTo("2026-07-01T14:00:59");
        AlertRowFormat kolkata = new AlertRowFormat(RuleSpec.CLOUDFLARED, ZoneId.of("+05:30"));
        assertThat(kolkata.formatTime(ms("2026-12-01T12:00:59.999Z"))).isEqualTo("2026-12-01T17:30:59");
    }

    @Test
    void zoneDoesNotChangeTheAlertId() {
        AlertRowFormat berlin = new AlertRowFormat(RuleSpec.CLOUDFLARED, ZoneId.of("Europe/Berlin"));
        String id = AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, sample());
        assertThat(berlin.toJson(sample())).contains("\"alert_id\":\"" + id + "\"");
    }

    @Test
    void escapingOfQuotesBackslashesAndControlCharacters() throws Exception {
        String nasty = "a\"b\\c\nd\re\tf\u0000g\u0001h\u001fi\bj\fk/l";
        GroupKey k = new GroupKey(nasty, "x", "y", "z", "7844", "outbound", "h", "ip", "ipv4", "s", "1.1.1.1",
                "tcp", "u", "p");
        String json = UTC.toJson(withKey(k));
        assertThat(json).startsWith(
                "{\"action\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0000g\\u0001h\\u001Fi\\bj\\fk/l\",\"app\":\"x\"");
        assertThat(json).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u0000");
        assertThat(new ObjectMapper().readTree(json).get("action").asText()).isEqualTo(nasty);
    }

    @Test
    void nonAsciiIsKept() throws Exception {
        String text = "\u00e9l\u00e8ve \u4e2d\u6587 \ud83d\ude00 \u0667\u0668\u0664\u0664 T\u00c7P";
        GroupKey k = new GroupKey("allowed", text, "y", "z", "7844", "outbound", "h", "ip", "ipv4", "s", "1.1.1.1",
                "tcp", "u", "p");
        String json = UTC.toJson(withKey(k));
        assertThat(json).contains("\"app\":\"" + text + "\"");
        assertThat(new ObjectMapper().readTree(json).get("app").asText()).isEqualTo(text);
    }

    @Test
    void srcPortArrayWritesEveryValueInTheGivenOrder() {
        String[] ports = new String[3000];
        StringBuilder expected = new StringBuilder("\"src_port\":[");
        for (int i = 0; i < ports.length; i++) {
            ports[i] = Integer.toString(10_000 + i);
            expected.append(i == 0 ? "" : ",").append('"').append(ports[i]).append('"');
        }
        expected.append("]");
        TunnelAlert s = sample();
        TunnelAlert a = new TunnelAlert(KEY, 3000, s.firstTime(), s.lastTime(), ports, s.windowStart(), s.windowEnd());
        assertThat(UTC.toJson(a)).contains(expected.toString());
    }

    @Test
    void largeCountIsANumber() {
        TunnelAlert s = sample();
        TunnelAlert a = new TunnelAlert(KEY, 9_007_199_254_740_993L, s.firstTime(), s.lastTime(), s.srcPorts(),
                s.windowStart(), s.windowEnd());
        assertThat(UTC.toJson(a)).contains("\"count\":9007199254740993,");
    }

    // ---- alert id

    @Test
    void alertIdIsDeterministicAndHex() {
        String a = AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, sample());
        String b = AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, sample());
        assertThat(a).isEqualTo(b).matches("[0-9a-f]{32}");
        // pinned: the id must be the same on every run, version and machine
        assertThat(a).isEqualTo(PINNED_SAMPLE_ID);
    }

    static final String PINNED_SAMPLE_ID = "afc6dee62e6f1568b5264057b3cb18e1";

    @Test
    void alertIdDiffersWhenAnyGroupFieldDiffers() {
        Set<String> ids = new HashSet<>();
        ids.add(AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, sample()));
        for (int i = 0; i < 14; i++) {
            String[] v = KEY.values();
            v[i] = v[i] + "x";
            String id = AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, withKey(keyOf(v)));
            assertThat(ids.add(id)).as("field %s", GroupKey.FIELD_NAMES[i]).isTrue();
        }
        // a change of case only is a different group, so a different id
        String[] v = KEY.values();
        v[6] = "ws-01";
        assertThat(ids.add(AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, withKey(keyOf(v))))).isTrue();
        assertThat(ids).hasSize(16);
    }

    @Test
    void alertIdDiffersWhenTheWindowStartDiffers() {
        TunnelAlert s = sample();
        TunnelAlert next = new TunnelAlert(KEY, s.count(), s.firstTime(), s.lastTime(), s.srcPorts(),
                s.windowStart() + 3_600_000L, s.windowEnd() + 3_600_000L);
        TunnelAlert oneMs = new TunnelAlert(KEY, s.count(), s.firstTime(), s.lastTime(), s.srcPorts(),
                s.windowStart() + 1, s.windowEnd());
        String id = AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, s);
        assertThat(AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, next)).isNotEqualTo(id);
        assertThat(AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, oneMs)).isNotEqualTo(id);
    }

    @Test
    void alertIdDoesNotDependOnTheAggregates() {
        TunnelAlert s = sample();
        TunnelAlert updated = new TunnelAlert(KEY, 99, s.firstTime() - 5_000, s.lastTime() + 5_000,
                new String[] {"1", "2"}, s.windowStart(), s.windowEnd());
        assertThat(AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, updated))
                .isEqualTo(AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, s));
    }

    @Test
    void alertIdDiffersForAnotherRule() {
        DetectionRule other = new DetectionRule("x", "other-id", "1", "T1572", "TA0011");
        assertThat(AlertRowFormat.alertId(other, sample()))
                .isNotEqualTo(AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, sample()));
    }

    @Test
    void alertIdHasNoCollisionWhenTextMovesAcrossAdjacentFields() {
        for (int i = 0; i < 13; i++) {
            String[] a = KEY.values();
            a[i] = "ab";
            a[i + 1] = "c";
            String[] b = KEY.values();
            b[i] = "a";
            b[i + 1] = "bc";
            assertThat(AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, withKey(keyOf(a))))
                    .as("fields %s/%s", GroupKey.FIELD_NAMES[i], GroupKey.FIELD_NAMES[i + 1])
                    .isNotEqualTo(AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, withKey(keyOf(b))));
        }
        // also with empty strings and separators-looking text
        String[] a = KEY.values();
        a[1] = "";
        a[2] = "x";
        String[] b = KEY.values();
        b[1] = "x";
        b[2] = "";
        assertThat(AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, withKey(keyOf(a))))
                .isNotEqualTo(AlertRowFormat.alertId(DetectionRule.CLOUDFLARED, withKey(keyOf(b))));
    }
}
