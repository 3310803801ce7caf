package dev.tunnelwatch.connectors.sink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tunnelwatch.connectors.record.DeadLetter;
import dev.tunnelwatch.connectors.record.DeadLetterReason;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec section 7: reason, origin and raw content unchanged, invalid UTF-8 kept losslessly. */
class DeadLetterJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode parse(String json) throws Exception {
        return MAPPER.readTree(json);
    }

    @Test
    void exactOutputForValidUtf8() {
        DeadLetter letter = new DeadLetter(DeadLetterReason.MALFORMED_JSON, "unexpected end", "/data/in.jsonl:7",
                "{\"a\":".getBytes(UTF_8));
        assertThat(DeadLetterJson.toJson(letter)).isEqualTo(
                "{\"reason\":\"malformed-json\",\"detail\":\"unexpected end\",\"origin\":\"/data/in.jsonl:7\","
                        + "\"raw\":\"{\\\"a\\\":\"}");
    }

    @Test
    void validUtf8RawIsKeptAsAStringExactly() throws Exception {
        String raw = "<Event>\u00E9\u20AC\uD83D\uDE00 \\ \" \t \r \u0001 \u2028 \uFEFF</Event>";
        DeadLetter letter = new DeadLetter(DeadLetterReason.DTD_REFUSED, "record declares a DTD", "f.xml:1",
                raw.getBytes(UTF_8));
        String json = DeadLetterJson.toJson(letter);
        assertThat(json).doesNotContain("\n");
        JsonNode node = parse(json);
        assertThat(node.get("reason").asText()).isEqualTo("dtd-refused");
        assertThat(node.get("detail").asText()).isEqualTo("record declares a DTD");
        assertThat(node.get("origin").asText()).isEqualTo("f.xml:1");
        assertThat(node.get("raw").asText()).isEqualTo(raw);
        assertThat(node.get("raw").asText().getBytes(UTF_8)).isEqualTo(raw.getBytes(UTF_8));
        assertThat(node.has("raw_base64")).isFalse();
        assertThat(node.size()).isEqualTo(4);
    }

    @Test
    void emptyRaw() throws Exception {
        JsonNode node = parse(DeadLetterJson.toJson(
                new DeadLetter(DeadLetterReason.UNRECOGNISED_RECORD, "d", "o", new byte[0])));
        assertThat(node.get("raw").asText()).isEqualTo("");
        assertThat(node.has("raw_base64")).isFalse();
    }

    @Test
    void invalidUtf8IsKeptAsBase64OfTheExactBytes() throws Exception {
        List<byte[]> samples = List.of(
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'},       // lone continuation
                new byte[] {'x', (byte) 0xC0, (byte) 0xAF, 'y'},                       // overlong
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},                    // encoded surrogate
                new byte[] {'a', 'b', (byte) 0xE2, (byte) 0x82},                       // truncated at end
                new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, 2, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        for (byte[] raw : samples) {
            String json = DeadLetterJson.toJson(new DeadLetter(DeadLetterReason.INVALID_UTF8,
                    "bytes are not valid UTF-8", "topic/0@12", raw));
            JsonNode node = parse(json);
            assertThat(node.get("reason").asText()).isEqualTo("invalid-utf8");
            assertThat(node.get("detail").asText()).isEqualTo("bytes are not valid UTF-8");
            assertThat(node.get("origin").asText()).isEqualTo("topic/0@12");
            assertThat(node.has("raw")).isFalse();
            assertThat(Base64.getDecoder().decode(node.get("raw_base64").asText())).isEqualTo(raw);
            assertThat(node.size()).isEqualTo(4);
        }
    }

    @Test
    void exactOutputForInvalidUtf8() {
        DeadLetter letter = new DeadLetter(DeadLetterReason.INVALID_UTF8, "bad", "a:2",
                new byte[] {'h', 'i', (byte) 0xFF});
        assertThat(DeadLetterJson.toJson(letter)).isEqualTo(
                "{\"reason\":\"invalid-utf8\",\"detail\":\"bad\",\"origin\":\"a:2\",\"raw_base64\":\"aGn/\"}");
    }

    @Test
    void largeRawRoundTrips() throws Exception {
        byte[] raw = ("{\"pad\":\"" + "\u20AC".repeat(400_000) + "\"}").getBytes(UTF_8);
        JsonNode node = parse(DeadLetterJson.toJson(new DeadLetter(DeadLetterReason.RECORD_TOO_LARGE,
                "too large", "big.jsonl:3", raw)));
        assertThat(node.get("raw").asText().getBytes(UTF_8)).isEqualTo(raw);
    }

    @Test
    void everyReasonIsWrittenByItsCode() throws Exception {
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            JsonNode node = parse(DeadLetterJson.toJson(new DeadLetter(reason, "d", "o", new byte[] {'x'})));
            assertThat(node.get("reason").asText()).isEqualTo(reason.code());
        }
    }

    @Test
    void aRecordTooLongToKeepWholeSaysSoAndGivesItsTrueSize() throws Exception {
        String json = DeadLetterJson.toJson(new DeadLetter(DeadLetterReason.RECORD_TOO_LARGE, "too large", "f:3",
                "{\"a\":\"xxxx".getBytes(java.nio.charset.StandardCharsets.UTF_8), 20_000_000L));
        assertThat(json).isEqualTo("{\"reason\":\"record-too-large\",\"detail\":\"too large\",\"origin\":\"f:3\","
                + "\"raw\":\"{\\\"a\\\":\\\"xxxx\",\"raw_truncated\":true,\"size\":20000000}");
    }

    @Test
    void aLineForKafkaKeepsOnlyTheStartOfRawWhenTheWholeWouldNotFit() throws Exception {
        byte[] raw = ("{\"a\":\"" + "\"".repeat(5000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        DeadLetter letter = new DeadLetter(DeadLetterReason.MALFORMED_JSON, "bad", "t/0@7", raw);
        assertThat(DeadLetterJson.toLine(letter, 1_000_000).json()).isEqualTo(DeadLetterJson.toJson(letter));

        dev.tunnelwatch.connectors.record.JsonLine line = DeadLetterJson.toLine(letter, 2000);
        assertThat(line.key()).isEqualTo("t/0@7");
        assertThat(line.json().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2000);
        JsonNode node = parse(line.json());
        assertThat(node.get("raw_truncated").asBoolean()).isTrue();
        assertThat(node.get("size").asLong()).isEqualTo(raw.length);
        byte[] kept = node.get("raw").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(kept.length).isGreaterThan(500);
        assertThat(java.util.Arrays.copyOf(raw, kept.length)).isEqualTo(kept);
    }
}
