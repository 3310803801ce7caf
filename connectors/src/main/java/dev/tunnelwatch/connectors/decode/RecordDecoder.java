package dev.tunnelwatch.connectors.decode;

import static dev.tunnelwatch.connectors.record.DeadLetterReason.*;

import dev.tunnelwatch.connectors.record.DecodeResult;
import dev.tunnelwatch.connectors.record.DecodedRecord;
import dev.tunnelwatch.connectors.record.RawRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns one record's bytes into a {@link DecodeResult}, whatever its encoding: XmlWinEventLog,
 * Winlogbeat JSON, flat Sysmon JSON or CIM JSON, detected per record. Never throws on input.
 *
 * <p>Not thread-safe (it reuses a charset decoder); give each operator instance its own.
 */
public final class RecordDecoder {

    private final DecodeLimits limits;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final JsonRecordDecoder json;
    private final XmlRecordDecoder xml;

    private final Clock clock;
    private final PortScreen screen;

    /** A strict decoder: every record is decoded. */
    public RecordDecoder(DecodeLimits limits) {
        this(limits, Clock.systemUTC(), null);
    }

    /** @param clock the clock that event times may not lie too far ahead of */
    public RecordDecoder(DecodeLimits limits, Clock clock) {
        this(limits, clock, null);
    }

    /**
     * @param clock the clock that event times may not lie too far ahead of
     * @param screen the fast path: records it passes over are not decoded; null decodes every record
     */
    public RecordDecoder(DecodeLimits limits, Clock clock, PortScreen screen) {
        this.limits = limits;
        this.clock = clock;
        this.screen = screen;
        this.json = new JsonRecordDecoder(limits);
        this.xml = new XmlRecordDecoder(limits);
    }

    public DecodeResult decode(byte[] bytes) {
        return decode(bytes, bytes.length);
    }

    /** @param size the record's true size, larger than {@code bytes.length} when only its start was kept */
    public DecodeResult decode(byte[] bytes, long size) {
        // A record only partly kept could hide its port past the kept bytes: always decoded (and refused).
        if (screen != null && size == bytes.length && !screen.mayMatch(bytes, bytes.length)) {
            return DecodeResult.CannotMatch.INSTANCE;
        }
        DecodeResult result = decodeRecord(bytes, size);
        return result instanceof DecodeResult.Decoded d ? checkTimeRange(d) : result;
    }

    private DecodeResult decodeRecord(byte[] bytes, long size) {
        if (size > limits.maxRecordBytes() || bytes.length > limits.maxRecordBytes()) {
            return DecodeResult.reject(RECORD_TOO_LARGE,
                    "record of " + Math.max(size, bytes.length) + " bytes exceeds the limit of " + limits.maxRecordBytes());
        }
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return DecodeResult.reject(INVALID_UTF8, "bytes are not valid UTF-8");
        }
        int i = 0;
        while (i < text.length() && AsciiText.isWhitespace(text.charAt(i))) {
            i++;
        }
        char first = i < text.length() ? text.charAt(i) : 0;
        try {
            if (first == '{') {
                return json.decode(text);
            }
            if (first == '<') {
                return xml.decode(text);
            }
        } catch (RuntimeException e) {
            // Defence in depth: a parser bug on crafted input must cost one record, not the job.
            return DecodeResult.reject(first == '{' ? MALFORMED_JSON : MALFORMED_XML,
                    "decoder failed: " + e.getClass().getSimpleName());
        }
        return DecodeResult.reject(UNRECOGNISED_RECORD, "neither a JSON object nor an XML Event element");
    }

    /**
     * The time range applies to the time the spec picked, once the record is otherwise accepted:
     * no fallback is tried, since a time that parses but lies outside is forged or a clock fault.
     */
    private DecodeResult checkTimeRange(DecodeResult.Decoded decoded) {
        long time = decoded.event().eventTime();
        if (time < limits.minEventTimeMillis()) {
            return DecodeResult.reject(TIME_OUT_OF_RANGE, "event time " + Instant.ofEpochMilli(time)
                    + " is before the earliest accepted, " + Instant.ofEpochMilli(limits.minEventTimeMillis()));
        }
        long ahead = limits.maxEventTimeAheadMillis();
        if (ahead != Long.MAX_VALUE) {
            long now = clock.millis();
            // Event times lie in 1970..9999, so the difference cannot overflow for any real clock.
            if (time - now > ahead) {
                return DecodeResult.reject(TIME_OUT_OF_RANGE, "event time " + Instant.ofEpochMilli(time)
                        + " is more than " + Duration.ofMillis(ahead) + " past the clock, " + Instant.ofEpochMilli(now));
            }
        }
        return decoded;
    }

    /** Decodes a raw record into what a source emits; a dead letter keeps the record's bytes and origin. */
    public DecodedRecord decode(RawRecord raw) {
        return DecodedRecord.of(raw, decode(raw.bytes(), raw.size()));
    }

    /** True when the bytes hold nothing but spec whitespace: such lines are not records. */
    public static boolean isBlank(byte[] bytes) {
        return isBlank(bytes, 0, bytes.length);
    }

    /** True when {@code [offset, offset + length)} holds nothing but spec whitespace. */
    public static boolean isBlank(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
