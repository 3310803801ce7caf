package dev.tunnelwatch.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad record goes to the dead-letter output with its reason, its file:line origin
 * and its exact bytes, is counted, and never stops the job or the good records around it.
 */
class DeadLettersIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @Test
    void everyBadRecordIsDeadLetteredWithReasonOriginAndExactBytes(@TempDir Path work) throws Exception {
        String good = Events.flat("WS-01", "2026-12-01 12:00:00", 50000, 7844);
        String xml = Events.xml("WS-01", "2026-12-01 12:00:00", 50000, 7844);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("malformed-xml", utf8(xml.substring(0, xml.length() / 2)));
        bad.put("malformed-json", utf8(good.substring(0, good.length() - 9)));
        bad.put("dtd-refused", utf8("<!DOCTYPE Event [<!ENTITY p '7844'>]>" + xml.replace(">7844<", ">&p;<")));
        bad.put("dtd-refused ", utf8("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
                + "<!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>"
                + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
                + "<Event><System><EventID>3</EventID><Computer>&lol3;</Computer></System></Event>"));
        bad.put("dtd-refused  ", utf8("<!DOCTYPE Event [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
                + xml.replace("<Computer>WS-01</Computer>", "<Computer>&xxe;</Computer>")));
        bad.put("no-usable-time", utf8(good.replace("\"UtcTime\":\"2026-12-01 12:00:00\"", "\"UtcTime\":\"yesterday\"")));
        bad.put("no-usable-time ", utf8(good.replace("2026-12-01 12:00:00", "0000-01-01 00:00:00")));
        bad.put("invalid-utf8", concat(utf8(good.substring(0, 40)), new byte[] {(byte) 0xC3, (byte) 0x28},
                utf8(good.substring(40))));
        bad.put("invalid-utf8 ", concat(utf8(good.substring(0, 40)), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                utf8(good.substring(40))));
        bad.put("unpaired-surrogate", utf8(good.replace("\"Hostname\":\"WS-01\"", "\"Hostname\":\"WS\\ud800\"")));
        bad.put("duplicate-field", utf8(good.replace("\"DestinationPort\":\"7844\"",
                "\"DestinationPort\":\"443\",\"DestinationPort\":\"7844\"")));
        bad.put("not-a-scalar", utf8(good.replace("\"DestinationPort\":\"7844\"", "\"DestinationPort\":[\"7844\"]")));
        bad.put("unrecognised-record", utf8("DestinationPort=7844 Image=cloudflared.exe"));
        bad.put("record-too-large", utf8(good.replace("{\"EventID\"", "{\"pad\":\"" + "x".repeat(1 << 20) + "\",\"EventID\"")));
        bad.put("nesting-too-deep", utf8(good.replace("{\"EventID\"", "{\"deep\":" + "[".repeat(64) + "]".repeat(64) + ",\"EventID\"")));

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(utf8(good + "\n"));
        for (byte[] record : bad.values()) {
            file.write(record);
            file.write('\n');
            file.write(utf8(good + "\n"));
        }
        // The largest record the spec requires to be accepted: exactly 1 MiB, nesting depth 64.
        String padded = good.replace("{\"EventID\"", "{\"pad\":\"\",\"EventID\"");
        String atLimit = padded.replace("\"pad\":\"\"", "\"pad\":\"" + "y".repeat((1 << 20) - padded.length()) + "\"");
        assertThat(utf8(atLimit)).hasSize(1 << 20);
        file.write(utf8(atLimit + "\n"));
        file.write(utf8(good.replace("{\"EventID\"", "{\"deep\":" + "[".repeat(63) + "]".repeat(63) + ",\"EventID\"") + "\n"));
        Path input = Files.write(work.resolve("bad.log"), file.toByteArray());

        DetectionRun run = DetectionRun.of(work, List.of(input));

        int goodCount = bad.size() + 1 + 2;
        assertThat(run.summary.matched()).isEqualTo(goodCount);
        assertThat(run.summary.deadLettered()).isEqualTo(bad.size());
        assertThat(run.summary.read()).isEqualTo(goodCount + bad.size());
        assertThat(run.summary.balances()).isTrue();
        assertThat(run.rows).hasSize(1);
        assertThat(run.rows.get(0).get("count").asInt()).isEqualTo(goodCount);

        assertThat(run.deadLetters).hasSize(bad.size());
        Map<Long, JsonNode> byLine = new java.util.TreeMap<>();
        for (JsonNode d : run.deadLetters) {
            String origin = d.get("origin").asText();
            assertThat(origin).startsWith(input.toAbsolutePath() + ":");
            byLine.put(Long.parseLong(origin.substring(origin.lastIndexOf(':') + 1)), d);
        }
        long line = 2;
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            JsonNode d = byLine.get(line);
            assertThat(d).as("dead letter on line %d (%s)", line, e.getKey()).isNotNull();
            assertThat(d.get("reason").asText()).isEqualTo(e.getKey().trim());
            assertThat(d.get("detail").asText()).isNotBlank();
            assertThat(GoldenFilesIT.rawBytes(d)).isEqualTo(e.getValue());
            assertThat(d.has("raw_base64")).isEqualTo(e.getKey().startsWith("invalid-utf8"));
            line += 2;
        }
    }

    @Test
    void aRecordLongerThanIsKeptInMemoryIsDeadLetteredWithItsStartAndTrueSize(@TempDir Path work) throws Exception {
        String good = Events.flat("WS-01", "2026-12-01 12:00:00", 50000, 7844);
        String huge = good.replace("{\"EventID\"", "{\"pad\":\"" + "z".repeat(5000) + "\",\"EventID\"");
        Path input = Files.write(work.resolve("huge.jsonl"), List.of(good, huge, good));
        org.apache.flink.configuration.Configuration settings = new org.apache.flink.configuration.Configuration();
        settings.set(dev.tunnelwatch.job.config.DetectionOptions.MAX_RECORD_BYTES, 1000);
        settings.set(dev.tunnelwatch.job.config.DetectionOptions.MAX_KEPT_BYTES, 1001);

        DetectionRun run = DetectionRun.of(work.resolve("run"), List.of(input),
                dev.tunnelwatch.job.allowlist.Allowlist.EMPTY, settings);

        assertThat(run.summary.matched()).isEqualTo(2);
        assertThat(run.deadLetters).hasSize(1);
        JsonNode d = run.deadLetters.get(0);
        assertThat(d.get("reason").asText()).isEqualTo("record-too-large");
        assertThat(d.get("origin").asText()).isEqualTo(input.toAbsolutePath() + ":2");
        assertThat(d.get("raw").asText()).isEqualTo(huge.substring(0, 1001));
        assertThat(d.get("raw_truncated").asBoolean()).isTrue();
        assertThat(d.get("size").asLong()).isEqualTo(huge.getBytes(StandardCharsets.UTF_8).length);
    }

    /** The limits of section 7 beyond size and depth, set through the configuration keys as -D would. */
    @Test
    void recordsBeyondTheFieldAndTimeLimitsAreDeadLettered(@TempDir Path work) throws Exception {
        String good = Events.flat("WS-01", "2026-12-01 12:00:00", 50000, 7844);
        String goodXml = Events.xml("WS-01", "2026-12-01 12:00:00", 50000, 7844);
        String image = "C:\\\\cloudflared.exe";
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("too-many-fields", good.replace("{\"EventID\"", "{" + "\"k\":1,".repeat(60) + "\"EventID\""));
        bad.put("too-many-fields ", goodXml.replace("<EventData>", "<EventData>" + "<x/>".repeat(60)));
        bad.put("field-too-long", good.replace(image, "y".repeat(201)));
        bad.put("field-too-long ", goodXml.replace("<EventData>", "<EventData><x a='" + "y".repeat(201) + "'/>"));
        bad.put("time-out-of-range", good.replace("2026-12-01 12:00:00", "1999-12-31 23:59:59.999"));
        bad.put("time-out-of-range ", goodXml.replace("2026-12-01 12:00:00", "2099-01-01 00:00:00"));
        List<String> lines = new java.util.ArrayList<>();
        for (String record : bad.values()) {
            lines.add(good.replace(image, "y".repeat(200))); // exactly at the limit: accepted
            lines.add(record);
        }
        Path input = Files.write(work.resolve("limits.log"), lines);
        org.apache.flink.configuration.Configuration settings = new org.apache.flink.configuration.Configuration();
        settings.setString("tunnelwatch.limits.max-fields", "60");
        settings.setString("tunnelwatch.limits.max-field-chars", "200");

        DetectionRun run = DetectionRun.of(work.resolve("run"), List.of(input),
                dev.tunnelwatch.job.allowlist.Allowlist.EMPTY, settings);

        assertThat(run.summary.matched()).isEqualTo(bad.size());
        assertThat(run.summary.deadLettered()).isEqualTo(bad.size());
        assertThat(run.summary.deadLetteredByReason())
                .containsExactlyInAnyOrderEntriesOf(Map.of("too-many-fields", 2L, "field-too-long", 2L, "time-out-of-range", 2L));
        Map<Long, JsonNode> byLine = new java.util.TreeMap<>();
        for (JsonNode d : run.deadLetters) {
            String origin = d.get("origin").asText();
            byLine.put(Long.parseLong(origin.substring(origin.lastIndexOf(':') + 1)), d);
        }
        long line = 2;
        for (Map.Entry<String, String> e : bad.entrySet()) {
            JsonNode d = byLine.get(line);
            assertThat(d).as("dead letter on line %d (%s)", line, e.getKey()).isNotNull();
            assertThat(d.get("reason").asText()).isEqualTo(e.getKey().trim());
            assertThat(d.get("raw").asText()).isEqualTo(e.getValue());
            line += 2;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
