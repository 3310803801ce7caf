package dev.tunnelwatch.connectors.decode;

import static dev.tunnelwatch.connectors.decode.Decoding.decode;
import static dev.tunnelwatch.connectors.decode.Decoding.sysmon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.connectors.record.DecodeResult;
import dev.tunnelwatch.connectors.record.SysmonNetworkConnect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public samples (copied verbatim into {@link PublicSamples}) decode as expected. */
class PublicSamplesTest {

    /** The repository's verbatim copies of ../shared/data/public (see testdata/README.md). */
    private static final Path PUBLIC = Path.of("..", "testdata", "events");

    @Test
    void securityContentXmlExample() {
        assertThat(sysmon(PublicSamples.SECURITY_CONTENT_XML)).isEqualTo(new SysmonNetworkConnect(
                1_663_246_579_679L, // UtcTime 2022-09-15 12:56:19.679
                "win-dc-ctus-attack-range-403.attackrange.local",
                "C:\\Temp\\agent_tesla-deob.exe",
                "ATTACKRANGE\\Administrator",
                "tcp",
                "true",
                "10.0.1.14",
                "win-dc-ctus-attack-range-403.attackrange.local",
                "61722",
                "41.77.117.236",
                "youssef5.genious.net",
                "21",
                "false"));
    }

    @Test
    void securityContentXmlExampleVariantsOnPort7844() {
        String original = "<Data Name='DestinationPort'>21</Data>";
        assertThat(PublicSamples.SECURITY_CONTENT_XML).contains(original);
        for (String[] variant : new String[][] {
            {"7844", "7844"}, {"07844", "07844"}, {"&#55;844", "7844"}, {"&#x37;&#x38;&#x34;&#x34;", "7844"},
            {" 7844 ", " 7844 "}, {"<![CDATA[7844]]>", "7844"},
        }) {
            String record = PublicSamples.SECURITY_CONTENT_XML.replace(original,
                    "<Data Name='DestinationPort'>" + variant[0] + "</Data>");
            assertThat(sysmon(record).destinationPort()).as(variant[0]).isEqualTo(variant[1]);
        }
    }

    @Test
    void securityContentXmlExampleFallsBackToSystemTime() {
        String record = PublicSamples.SECURITY_CONTENT_XML.replace(
                "<Data Name='UtcTime'>2022-09-15 12:56:19.679</Data>", "");
        assertThat(sysmon(record).eventTime()).isEqualTo(1_663_246_582_958L); // .958249300 truncated
    }

    @Test
    void winlogbeatLines() {
        List<String> lines = PublicSamples.WINLOGBEAT_LINES;
        assertThat(lines).hasSize(5);
        String svchost = "C:\\Windows\\System32\\svchost.exe";
        String chrome = "C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe";
        String host = "vagrant-2012-r2";
        String local = "vagrant-2012-r2.local.crowbird.com";
        List<SysmonNetworkConnect> expected = List.of(
                new SysmonNetworkConnect(1_552_928_267_847L, host, svchost, "NT AUTHORITY\\NETWORK SERVICE", "udp",
                        "true", "a00:20f:0:0:18a2:6e00:e0:ffff", null, "62141",
                        "a00:203:3000:3000:3000:3000:3000:3300", null, "53", "true"),
                new SysmonNetworkConnect(1_552_928_268_070L, host, svchost, "NT AUTHORITY\\NETWORK SERVICE", "udp",
                        "false", "10.0.2.15", local, "62141", "10.0.2.3", null, "53", "false"),
                new SysmonNetworkConnect(1_552_928_268_148L, host, chrome, "VAGRANT-2012-R2\\vagrant", "tcp",
                        "true", "10.0.2.15", local, "1138", "40.77.226.250", null, "443", "false"),
                new SysmonNetworkConnect(1_552_928_268_214L, host, chrome, "VAGRANT-2012-R2\\vagrant", "tcp",
                        "true", "10.0.2.15", local, "1139", "40.77.226.250", null, "443", "false"),
                new SysmonNetworkConnect(1_552_928_268_250L, host, "System", "NT AUTHORITY\\SYSTEM", "udp",
                        "false", "10.0.2.255", null, "137", "10.0.2.15", local, "137", "false"));
        for (int i = 0; i < lines.size(); i++) {
            assertThat(sysmon(lines.get(i))).as("line %d", i + 1).isEqualTo(expected.get(i));
        }
    }

    @Test
    void winlogbeatVariantsOnPort7844() {
        String line = PublicSamples.WINLOGBEAT_LINES.get(2);
        String original = "\"DestinationPort\": \"443\"";
        assertThat(line).contains(original);
        for (String[] variant : new String[][] {
            {"\"DestinationPort\": \"7844\"", "7844"},
            {"\"DestinationPort\": 7844", "7844"},
            {"\"DestinationPort\": \"\\u0037844\"", "7844"},
            {"\"DestinationPort\": \"07844\"", "07844"},
        }) {
            assertThat(sysmon(line.replace(original, variant[0])).destinationPort()).as(variant[0])
                    .isEqualTo(variant[1]);
        }
    }

    @Test
    void winlogbeatFallsBackToTimestamp() {
        String line = PublicSamples.WINLOGBEAT_LINES.get(0).replace(", \"UtcTime\": \"2019-03-18 16:57:47.847\"", "");
        assertThat(line).doesNotContain("\"UtcTime\"");
        assertThat(sysmon(line).eventTime()).isEqualTo(1_552_928_269_089L); // 16:57:49.0897231Z truncated
    }

    @Test
    void winlogbeatNotEventId3IsSkipped() {
        String line = PublicSamples.WINLOGBEAT_LINES.get(0).replace("\"event_id\": \"3\"", "\"event_id\": \"1\"");
        assertThat(decode(line)).isInstanceOf(DecodeResult.Skipped.class);
    }

    /** Guards the copies in the test source against the sample files in testdata/. */
    @Test
    void copiesMatchTheSharedFiles() throws Exception {
        Path xml = PUBLIC.resolve("public-xml.xml");
        Path jsonl = PUBLIC.resolve("public-winlogbeat.jsonl");
        assertThat(Files.readString(xml, StandardCharsets.UTF_8).strip()).isEqualTo(PublicSamples.SECURITY_CONTENT_XML);
        List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        assertThat(lines).isEqualTo(PublicSamples.WINLOGBEAT_LINES);
    }
}
