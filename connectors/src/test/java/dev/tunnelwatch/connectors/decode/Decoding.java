package dev.tunnelwatch.connectors.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.connectors.record.CimNetworkTraffic;
import dev.tunnelwatch.connectors.record.DeadLetterReason;
import dev.tunnelwatch.connectors.record.DecodeResult;
import dev.tunnelwatch.connectors.record.SysmonNetworkConnect;

/** Shared helpers and building blocks for the {@link RecordDecoder} tests. */
final class Decoding {

    private Decoding() {}

    /** 2024-05-01T12:00:00.123Z, the UtcTime of the base records. */
    static final long UTC_TIME_MILLIS = 1_714_564_800_123L;
    /** 2024-05-01T12:00:00Z. */
    static final long NOON_MILLIS = 1_714_564_800_000L;

    static DecodeResult decode(String text) {
        return decode(text.getBytes(UTF_8));
    }

    static DecodeResult decode(byte[] bytes) {
        return new RecordDecoder(DecodeLimits.defaults()).decode(bytes);
    }

    /** JSON written with single quotes for readability: every ' becomes ". */
    static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static SysmonNetworkConnect sysmon(String text) {
        return sysmon(decode(text));
    }

    static SysmonNetworkConnect sysmon(DecodeResult result) {
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        var event = ((DecodeResult.Decoded) result).event();
        assertThat(event).isInstanceOf(SysmonNetworkConnect.class);
        return (SysmonNetworkConnect) event;
    }

    static CimNetworkTraffic cim(String text) {
        DecodeResult result = decode(text);
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        var event = ((DecodeResult.Decoded) result).event();
        assertThat(event).isInstanceOf(CimNetworkTraffic.class);
        return (CimNetworkTraffic) event;
    }

    static DeadLetterReason rejected(String text) {
        return rejected(decode(text));
    }

    static DeadLetterReason rejected(byte[] bytes) {
        return rejected(decode(bytes));
    }

    static DeadLetterReason rejected(DecodeResult result) {
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        DecodeResult.Rejected r = (DecodeResult.Rejected) result;
        assertThat(r.detail()).isNotNull();
        return r.reason();
    }

    static void assertSkipped(String text) {
        assertThat(decode(text)).isInstanceOf(DecodeResult.Skipped.class);
    }

    // ---- XmlWinEventLog building blocks ----

    static final String NS = "http://schemas.microsoft.com/win/2004/08/events/event";

    static String provider(String name) {
        return "<Provider Name='" + name + "' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/>";
    }

    static final String SYSMON_PROVIDER = provider("Microsoft-Windows-Sysmon");
    static final String EID3 = "<EventID>3</EventID>";
    static final String TIME_CREATED = "<TimeCreated SystemTime='2024-05-01T12:00:00.5Z'/>";
    static final String CHANNEL = "<Channel>Microsoft-Windows-Sysmon/Operational</Channel>";
    static final String COMPUTER = "<Computer>WS-01</Computer>";
    static final String SYSTEM = SYSMON_PROVIDER + EID3 + TIME_CREATED + CHANNEL + COMPUTER;

    static String data(String name, String value) {
        return "<Data Name='" + name + "'>" + value + "</Data>";
    }

    static final String UTC = data("UtcTime", "2024-05-01 12:00:00.123");
    static final String FIELDS_WITHOUT_TIME_AND_PORT = data("RuleName", "-")
            + data("Image", "C:\\Program Files\\cloudflared\\cloudflared.exe")
            + data("User", "CORP\\svc_tunnel")
            + data("Protocol", "tcp")
            + data("Initiated", "true")
            + data("SourceIsIpv6", "false")
            + data("SourceIp", "10.0.0.5")
            + data("SourceHostname", "ws-01.corp.example")
            + data("SourcePort", "50123")
            + data("DestinationIsIpv6", "false")
            + data("DestinationIp", "198.41.192.7")
            + data("DestinationHostname", "region1.v2.argotunnel.com");
    static final String PORT = data("DestinationPort", "7844");
    static final String DATA = UTC + FIELDS_WITHOUT_TIME_AND_PORT + PORT;

    static String xmlEvent(String system, String eventData) {
        return "<Event xmlns='" + NS + "'><System>" + system + "</System><EventData>" + eventData
                + "</EventData></Event>";
    }

    /** The base XML record, with the given DestinationPort content (raw XML). */
    static String xmlWithPort(String portXml) {
        return xmlEvent(SYSTEM, UTC + FIELDS_WITHOUT_TIME_AND_PORT + data("DestinationPort", portXml));
    }

    static final String XML = xmlEvent(SYSTEM, DATA);

    // ---- JSON building blocks (single-quoted, see j) ----

    /** The Sysmon EventData members of the base JSON records, without braces. */
    static final String JSON_DATA_MEMBERS = "'UtcTime':'2024-05-01 12:00:00.123',"
            + "'Image':'C:\\\\Program Files\\\\cloudflared\\\\cloudflared.exe',"
            + "'User':'CORP\\\\svc_tunnel','Protocol':'tcp','Initiated':'true',"
            + "'SourceIsIpv6':'false','SourceIp':'10.0.0.5','SourceHostname':'ws-01.corp.example',"
            + "'SourcePort':'50123','DestinationIsIpv6':'false','DestinationIp':'198.41.192.7',"
            + "'DestinationHostname':'region1.v2.argotunnel.com','DestinationPort':'7844'";

    /** A Winlogbeat record: {@code winlogExtra} and {@code topExtra} are extra members (leading comma). */
    static String winlogbeat(String eventData, String winlogExtra, String topExtra) {
        return j("{'@timestamp':'2024-05-01T12:00:01.9999999Z',"
                + "'event':{'code':'3','provider':'Microsoft-Windows-Sysmon'},"
                + "'host':{'name':'host-from-host-name'},"
                + "'winlog':{'channel':'Microsoft-Windows-Sysmon/Operational','computer_name':'WS-01',"
                + "'event_id':'3','provider_name':'Microsoft-Windows-Sysmon',"
                + "'event_data':{" + eventData + "}" + winlogExtra + "}" + topExtra + "}");
    }

    static final String WINLOGBEAT = winlogbeat(JSON_DATA_MEMBERS, "", "");

    /** An NXLog-style flat record; {@code extra} are extra members (leading comma). */
    static String nxlog(String extra) {
        return j("{'EventTime':'2024-05-01 14:00:00','Hostname':'WS-01','SourceName':'Microsoft-Windows-Sysmon',"
                + "'Channel':'Microsoft-Windows-Sysmon/Operational','EventID':3," + JSON_DATA_MEMBERS + extra + "}");
    }

    static final String NXLOG = nxlog("");

    /** The expected event of every base record (XML, Winlogbeat, NXLog). */
    static SysmonNetworkConnect expectedBase() {
        return new SysmonNetworkConnect(
                UTC_TIME_MILLIS,
                "WS-01",
                "C:\\Program Files\\cloudflared\\cloudflared.exe",
                "CORP\\svc_tunnel",
                "tcp",
                "true",
                "10.0.0.5",
                "ws-01.corp.example",
                "50123",
                "198.41.192.7",
                "region1.v2.argotunnel.com",
                "7844",
                "false");
    }
}
