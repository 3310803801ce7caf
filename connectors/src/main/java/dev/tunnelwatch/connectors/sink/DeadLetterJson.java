package dev.tunnelwatch.connectors.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tunnelwatch.connectors.decode.Utf8;
import dev.tunnelwatch.connectors.record.DeadLetter;
import dev.tunnelwatch.connectors.record.JsonLine;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes a dead letter as one JSON line: {@code {"reason", "detail", "origin", "raw"}}, with
 * {@code raw_base64} in place of {@code raw} when the bytes are not valid UTF-8, so that the exact
 * input bytes can always be recovered. A record too long to be kept whole (over 16 MiB by
 * default) carries its start, {@code "raw_truncated": true} and its true {@code size}.
 */
public final class DeadLetterJson {

    private static final JsonFactory JSON = new JsonFactory();

    private DeadLetterJson() {}

    /** The dead letter as a line filed under its origin. */
    public static JsonLine toLine(DeadLetter letter) {
        return new JsonLine(letter.origin(), toJson(letter));
    }

    /**
     * The dead letter as a line of at most {@code maxBytes} UTF-8 bytes (a Kafka message must fit
     * the broker's limit): when the whole record does not fit, only the start of {@code raw} is
     * kept, with {@code raw_truncated} and the true {@code size}.
     */
    public static JsonLine toLine(DeadLetter letter, int maxBytes) {
        String json = toJson(letter);
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        int keep = letter.raw().length;
        while (length > maxBytes && keep > 0) {
            // JSON escaping can make each raw byte up to six characters: shrink until it fits.
            keep = (int) Math.min(keep - 1L, (long) keep * maxBytes / length * 9 / 10);
            DeadLetter shorter = new DeadLetter(letter.reason(), letter.detail(), letter.origin(),
                    java.util.Arrays.copyOf(letter.raw(), Math.max(keep, 0)), letter.size());
            json = toJson(shorter);
            length = json.getBytes(StandardCharsets.UTF_8).length;
        }
        return new JsonLine(letter.origin(), json);
    }

    public static String toJson(DeadLetter letter) {
        StringWriter out = new StringWriter(letter.raw().length + 128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("reason", letter.reason().code());
            g.writeStringField("detail", letter.detail());
            g.writeStringField("origin", letter.origin());
            String text = Utf8.decodeOrNull(letter.raw());
            if (text != null) {
                g.writeStringField("raw", text);
            } else {
                g.writeStringField("raw_base64", Base64.getEncoder().encodeToString(letter.raw()));
            }
            if (letter.truncated()) {
                g.writeBooleanField("raw_truncated", true);
                g.writeNumberField("size", letter.size());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
