package dev.tunnelwatch.job.output;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alerts for the format tests: one known alert in its three statuses, and awkward ones. */
final class AlertViews {

    private AlertViews() {}

    static final String RULE_NAME = "Windows Potential Cloudflared Network Connection";
    static final String RULE_ID = "29798d45-c9c7-4240-a5ef-d7648c016024";
    static final String RULE_DESCRIPTION =
            "Detects network connections to Cloudflare Tunnel's edge on port 7844, as cloudflared makes them.";
    static final String ALERT_ID = "bd8bb6560cb7616fd092afa82d77ea3c";

    static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /** The README's Sysmon sample's fields, as the CIM mapping writes them. */
    static Map<String, String> sysmonFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("action", "allowed");
        f.put("app", "C:\\Temp\\cloudflared.exe");
        f.put("dest", "region1.v2.argotunnel.com");
        f.put("dest_ip", "198.41.192.7");
        f.put("dest_port", "7844");
        f.put("direction", "outbound");
        f.put("dvc", "ws-01.corp.example");
        f.put("protocol", "ip");
        f.put("protocol_version", "ipv4");
        f.put("src", "ws-01.corp.example");
        f.put("src_ip", "10.1.2.3");
        f.put("transport", "tcp");
        f.put("user", "svc_tunnel");
        f.put("vendor_product", "Microsoft Sysmon");
        return f;
    }

    static AlertView alert(String status, int revision, Map<String, String> fields, long count, List<String> srcPorts) {
        return new AlertView(
                RULE_NAME,
                RULE_ID,
                "1",
                RULE_DESCRIPTION,
                "T1572",
                "Protocol Tunneling",
                "TA0011",
                "Command and Control",
                "medium",
                "cloudflared.exe on ws-01.corp.example connected to region1.v2.argotunnel.com:7844 (Cloudflare Tunnel).",
                ALERT_ID,
                status,
                revision,
                fields,
                count,
                ms("2026-12-01T12:00:59.999Z"),
                status.equals("opened") ? ms("2026-12-01T12:00:59.999Z") : ms("2026-12-01T12:40:00Z"),
                srcPorts,
                ms("2026-12-01T11:50:00Z"),
                ms("2026-12-01T12:50:00Z"),
                List.of("/data/sysmon.jsonl:12", "/data/sysmon.jsonl:40"),
                status.equals("updated") ? 0 : 2);
    }

    /** The early alert at the group's first event: one event, one port. */
    static AlertView opened() {
        return alert("opened", 0, sysmonFields(), 1, List.of("50123"));
    }

    /** The window's row. */
    static AlertView finalRow() {
        return alert("new", 0, sysmonFields(), 3, List.of("10000", "50123", "9000"));
    }

    /** The window's row again, after a late event. */
    static AlertView updated() {
        return alert("updated", 1, sysmonFields(), 4, List.of("10000", "50123", "50124", "9000"));
    }

    /** Every group value missing: Java nulls and the CIM mapping's placeholders. */
    static AlertView nothingKnown() {
        Map<String, String> f = new LinkedHashMap<>();
        for (String name : AlertView.GROUP_FIELDS) {
            f.put(name, null);
        }
        f.put("action", "unknown");
        f.put("app", "null");
        f.put("dest", "unknown");
        f.put("dest_ip", "null");
        f.put("dest_port", "0");
        f.put("user", "unknown");
        return alert("new", 0, f, 1, List.of("0"));
    }

    /** IPv6 addresses, src and dest given as addresses, a CIM source with its own words. */
    static AlertView ipv6() {
        Map<String, String> f = sysmonFields();
        f.put("action", "teardown");
        f.put("dest", "2606:4700:a0::7");
        f.put("dest_ip", "2606:4700:a0::7");
        f.put("direction", "internal");
        f.put("protocol_version", "ipv6");
        f.put("src", "fe80::1%12");
        f.put("src_ip", "fe80::1%12");
        f.put("transport", "udp");
        f.put("vendor_product", "Palo Alto Networks Firewall");
        return alert("new", 0, f, 7, List.of("443"));
    }

    /** A thousand source ports, a sub-technique, critical, no description, odd values in typed fields. */
    static AlertView manyPorts() {
        List<String> ports = new ArrayList<>();
        for (int p = 40000; p < 41000; p++) {
            ports.add(Integer.toString(p));
        }
        Map<String, String> f = sysmonFields();
        f.put("dest_ip", "not-an-ip");
        f.put("src_ip", "999.1.2.3");
        f.put("protocol_version", "ipx");
        f.put("transport", "quic");
        f.put("action", "blocked");
        return new AlertView(RULE_NAME, RULE_ID, "3", null, "T1071.001", "Web Protocols", "TA0011",
                "Command and Control", "critical", "Many connections.", "0123456789abcdef0123456789abcdef",
                "updated", 7, f, 123_456_789L, ms("2026-12-01T11:50:00Z"), ms("2026-12-01T12:49:59.999Z"), ports,
                ms("2026-12-01T11:50:00Z"), ms("2026-12-01T12:50:00Z"), List.of("sysmon/0@1234"), 41);
    }

    static List<AlertView> all() {
        return List.of(opened(), finalRow(), updated(), nothingKnown(), ipv6(), manyPorts());
    }
}
