package dev.tunnelwatch.connectors.decode;

import static dev.tunnelwatch.connectors.decode.SysmonFieldNames.*;
import static dev.tunnelwatch.connectors.record.DeadLetterReason.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.tunnelwatch.connectors.record.CimNetworkTraffic;
import dev.tunnelwatch.connectors.record.DecodeResult;
import dev.tunnelwatch.connectors.record.OneLine;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the three JSON encodings (Winlogbeat, flat Sysmon JSON, CIM JSON). The record is parsed
 * once with Jackson's streaming parser into a shallow view that remembers duplicated keys, so that
 * only the fields the spec reads can make a record ambiguous.
 */
final class JsonRecordDecoder {

    /** Objects nested deeper than this are only validated, not kept: no read field lives there. */
    private static final int KEPT_DEPTH = 3;

    private static final String CIM_PREFIX = "All_Traffic.";

    private final JsonFactory factory;
    private final int maxFields;
    private final int maxFieldChars;
    /** Object members read so far in the current record. */
    private int fields;
    private boolean checkLengths;
    /** Whether a string of the current record holds an unpaired surrogate; reported once it is known to be JSON. */
    private boolean unpairedSurrogate;

    JsonRecordDecoder(DecodeLimits limits) {
        this.maxFields = limits.maxFields();
        this.maxFieldChars = limits.maxFieldChars();
        int max = limits.maxRecordBytes();
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth())
                        .maxNumberLength(max)
                        .maxStringLength(max)
                        .maxNameLength(max)
                        .maxDocumentLength(-1)
                        .build())
                .build();
    }

    DecodeResult decode(String text) {
        try {
            return decodeObject(parse(text));
        } catch (RecordRejectedException e) {
            return e.toResult();
        }
    }

    private JsonView parse(String text) throws RecordRejectedException {
        fields = 0;
        // No name or value can be longer than the record itself (escapes only shrink text):
        // at the default limit, lengths need no checking at all.
        checkLengths = text.length() > maxFieldChars;
        unpairedSurrogate = false;
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new RecordRejectedException(MALFORMED_JSON, "top level is not a JSON object");
            }
            JsonView root = readObject(p, 1);
            if (p.nextToken() != null) {
                throw new RecordRejectedException(MALFORMED_JSON, "content after the JSON object");
            }
            // Only now: a record that is not JSON at all is malformed, whatever its strings hold.
            if (unpairedSurrogate) {
                throw new RecordRejectedException(UNPAIRED_SURROGATE, "JSON string holds an unpaired surrogate");
            }
            return root;
        } catch (StreamConstraintsException e) {
            if (e.getMessage() != null && e.getMessage().contains("nesting depth")) {
                throw new RecordRejectedException(NESTING_TOO_DEEP,
                        "JSON nesting deeper than " + factory.streamReadConstraints().getMaxNestingDepth());
            }
            throw new RecordRejectedException(MALFORMED_JSON, OneLine.of(e.getOriginalMessage(), "malformed JSON"));
        } catch (JsonProcessingException e) {
            throw new RecordRejectedException(MALFORMED_JSON, OneLine.of(e.getOriginalMessage(), "malformed JSON"));
        } catch (IOException e) {
            throw new RecordRejectedException(MALFORMED_JSON, OneLine.of(e.getMessage(), "malformed JSON"));
        }
    }

    /** Reads the object whose START_OBJECT was just returned; keeps it when shallow enough. */
    private JsonView readObject(JsonParser p, int depth) throws IOException, RecordRejectedException {
        boolean keep = depth <= KEPT_DEPTH;
        JsonView view = keep ? new JsonView() : null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            // Counted as the parser goes, so a record over a limit costs no more than the limit.
            if (++fields > maxFields) {
                throw new RecordRejectedException(TOO_MANY_FIELDS, "more than " + maxFields + " fields (JSON object members)");
            }
            checkLength(p, "a field name");
            checkSurrogates(p);
            String name = keep ? p.currentName() : null;
            Object value = readValue(p, p.nextToken(), depth);
            if (keep) {
                view.put(name, value);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new RecordRejectedException(MALFORMED_JSON, "unexpected " + t);
        }
        return view;
    }

    private Object readValue(JsonParser p, JsonToken t, int depth) throws IOException, RecordRejectedException {
        if (t == null) {
            throw new RecordRejectedException(MALFORMED_JSON, "unexpected end of input");
        }
        switch (t) {
            case START_OBJECT:
                JsonView child = readObject(p, depth + 1);
                return child != null ? child : JsonView.DEEP_OBJECT;
            case START_ARRAY:
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    readValue(p, e, depth + 1);
                }
                return JsonView.ARRAY;
            case VALUE_STRING:
                checkLength(p, "a value");
                checkSurrogates(p);
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                checkLength(p, "a number");
                return p.getText();
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return JsonView.NULL;
            default:
                throw new RecordRejectedException(MALFORMED_JSON, "unexpected " + t);
        }
    }

    /** The current name or value, in UTF-16 characters after unescaping, within {@code maxFieldChars}. */
    private void checkLength(JsonParser p, String what) throws IOException, RecordRejectedException {
        if (checkLengths && p.getTextLength() > maxFieldChars) {
            throw new RecordRejectedException(FIELD_TOO_LONG, what + " is longer than " + maxFieldChars + " characters");
        }
    }

    private void checkSurrogates(JsonParser p) throws IOException {
        if (!unpairedSurrogate && hasUnpairedSurrogate(p)) {
            unpairedSurrogate = true;
        }
    }

    private static boolean hasUnpairedSurrogate(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        int end = p.getTextOffset() + p.getTextLength();
        for (int i = p.getTextOffset(); i < end; i++) {
            char c = chars[i];
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private DecodeResult decodeObject(JsonView root) throws RecordRejectedException {
        JsonView winlog = root.object("winlog");
        if (winlog != null) {
            return winlogbeat(root, winlog);
        }
        JsonView eventData = root.object("EventData");
        if (root.has("EventID") || root.has("EventCode") || root.has(DESTINATION_PORT)
                || (eventData != null && eventData.has(DESTINATION_PORT))) {
            return flatSysmon(root, eventData);
        }
        if (root.has("_time") || root.has("dest_port") || root.hasKeyStartingWith(CIM_PREFIX)) {
            return cim(root);
        }
        throw new RecordRejectedException(UNRECOGNISED_RECORD, "JSON object of no accepted encoding");
    }

    private DecodeResult winlogbeat(JsonView root, JsonView winlog) throws RecordRejectedException {
        JsonView event = root.object("event");
        JsonView host = root.object("host");
        String eventId = firstNonEmpty(winlog.scalar("event_id"), event == null ? null : event.scalar("code"));
        String computer = firstNonEmpty(winlog.scalar("computer_name"), host == null ? null : host.scalar("name"));
        String provider = winlog.scalar("provider_name");
        String channel = winlog.scalar("channel");
        String timestamp = root.scalar("@timestamp");
        Map<String, String> data = sysmonData(winlog.object("event_data"));
        return new SysmonEnvelope(eventId, provider, channel, computer, data, List.of(nullToEmpty(timestamp)))
                .toResult();
    }

    private DecodeResult flatSysmon(JsonView root, JsonView eventData) throws RecordRejectedException {
        String eventId = firstNonEmpty(root.scalar("EventID"), root.scalar("EventCode"));
        String computer = firstNonEmpty(root.scalar("Computer"), root.scalar("Hostname"));
        String provider = firstNonEmpty(root.scalar("SourceName"), root.scalar("ProviderName"), root.scalar("Provider"));
        String channel = root.scalar("Channel");
        // "else" means "when the first is empty" (spec section 2): one fallback, the first that is set.
        String fallbackTime = firstNonEmpty(root.scalar("TimeCreated"), root.scalar("@timestamp"), root.scalar("_time"));
        Map<String, String> data = sysmonData(eventData != null ? eventData : root);
        return new SysmonEnvelope(eventId, provider, channel, computer, data, List.of(nullToEmpty(fallbackTime)))
                .toResult();
    }

    private static Map<String, String> sysmonData(JsonView container) throws RecordRejectedException {
        Map<String, String> data = new HashMap<>();
        if (container != null) {
            for (String name : READ) {
                String v = container.scalar(name);
                if (v != null) {
                    data.put(name, v);
                }
            }
        }
        return data;
    }

    private static DecodeResult cim(JsonView root) throws RecordRejectedException {
        String timeText = cimField(root, "_time");
        long time = EventTimes.parseTimestamp(timeText);
        if (!EventTimes.isUsable(time)) {
            time = EventTimes.parseEpochSeconds(timeText);
        }
        CimNetworkTraffic event = new CimNetworkTraffic(
                time,
                cimField(root, "action"),
                cimField(root, "app"),
                cimField(root, "dest"),
                cimField(root, "dest_ip"),
                cimField(root, "dest_port"),
                cimField(root, "direction"),
                cimField(root, "dvc"),
                cimField(root, "protocol"),
                cimField(root, "protocol_version"),
                cimField(root, "src"),
                cimField(root, "src_ip"),
                cimField(root, "src_port"),
                cimField(root, "transport"),
                cimField(root, "user"),
                cimField(root, "vendor_product"));
        if (!EventTimes.isUsable(time)) {
            return DecodeResult.reject(NO_USABLE_TIME, "no usable _time");
        }
        return new DecodeResult.Decoded(event);
    }

    /** A CIM field: the {@code All_Traffic.} prefixed key when not empty, else the plain key. */
    private static String cimField(JsonView root, String name) throws RecordRejectedException {
        String unprefixed = root.scalar(name);
        return firstNonEmpty(root.scalar(CIM_PREFIX + name), unprefixed);
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (!SysmonEnvelope.isEmpty(v)) {
                return v;
            }
        }
        return null;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }


    /** A JSON object as far as decoding needs it: scalars as text, duplicates remembered. */
    static final class JsonView {
        static final Object NULL = new Object();
        static final Object ARRAY = new Object();
        static final Object DEEP_OBJECT = new Object();
        private static final Object DUPLICATE = new Object();

        private final Map<String, Object> values = new HashMap<>();

        void put(String name, Object value) {
            values.merge(name, value, (a, b) -> DUPLICATE);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        boolean hasKeyStartingWith(String prefix) {
            for (String k : values.keySet()) {
                if (k.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        /** The text of a read scalar field; null when absent or JSON null. */
        String scalar(String name) throws RecordRejectedException {
            Object v = values.get(name);
            if (v == null || v == NULL) {
                return null;
            }
            if (v == DUPLICATE) {
                throw new RecordRejectedException(DUPLICATE_FIELD, "field '" + name + "' appears more than once");
            }
            if (v instanceof String s) {
                return s;
            }
            throw new RecordRejectedException(NOT_A_SCALAR, "field '" + name + "' holds an array or object");
        }

        /** A read container object; values that are not objects count as absent. */
        JsonView object(String name) throws RecordRejectedException {
            Object v = values.get(name);
            if (v == DUPLICATE) {
                throw new RecordRejectedException(DUPLICATE_FIELD, "field '" + name + "' appears more than once");
            }
            return v instanceof JsonView o ? o : null;
        }
    }
}
