package dev.tunnelwatch.job.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a document's fields against ECS's field list (testdata/ecs/, trimmed from ECS's
 * generated ecs_flat.yml): every leaf outside the custom {@code tunnelwatch} object is an ECS
 * field, whose JSON value fits its type (keyword: string, long: integer, date: ISO-8601 instant,
 * ip: IP literal); arrays only where ECS normalizes the field to an array; allowed values for the
 * categorization fields, and event.type among those event.category expects.
 */
public final class EcsValidator {

    static final Path FIELDS = Path.of(System.getProperty("tunnelwatch.home", ".."), "testdata", "ecs",
            "ecs-8.17.0-fields.json");

    /** The one custom field set: not an ECS name, so ECS will not take it over. */
    static final String CUSTOM = "tunnelwatch";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode fields;
    private final String version;

    private EcsValidator(JsonNode trimmed) {
        this.fields = trimmed.get("fields");
        this.version = trimmed.get("ecs_version").asText();
    }

    public static EcsValidator load() {
        try {
            return new EcsValidator(MAPPER.readTree(FIELDS.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String version() {
        return version;
    }

    boolean isEcsField(String name) {
        return fields.has(name);
    }

    /** Problems, one line each; empty when the document is fine. */
    public List<String> validate(String json) {
        try {
            JsonNode doc = MAPPER.readTree(json);
            List<String> problems = new ArrayList<>();
            for (Iterator<String> it = fields.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (name.equals(CUSTOM) || name.startsWith(CUSTOM + ".")) {
                    problems.add(CUSTOM + " is an ECS name: " + name);
                }
            }
            walk(doc, "", problems);
            categorization(doc, problems);
            return problems;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The leaves of the nested document, by their dotted ECS names. */
    private void walk(JsonNode node, String path, List<String> problems) {
        if (path.equals(CUSTOM)) {
            return;
        }
        JsonNode field = path.isEmpty() ? null : fields.get(path);
        if (node.isObject() && (field == null || !field.get("type").asText().equals("object"))) {
            if (field != null) {
                problems.add(path + ": ECS's " + field.get("type").asText() + " field holds an object");
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), problems);
            }
            return;
        }
        if (field == null) {
            problems.add(path + ": not an ECS " + version + " field");
            return;
        }
        String type = field.get("type").asText();
        boolean array = field.path("normalize").toString().contains("\"array\"");
        if (node.isArray()) {
            if (!array) {
                problems.add(path + ": an array, but ECS does not normalize this " + type + " field to one");
                return;
            }
            for (JsonNode element : node) {
                value(path, type, element, problems);
            }
        } else {
            value(path, type, node, problems);
        }
    }

    private static void value(String path, String type, JsonNode v, List<String> problems) {
        boolean ok = switch (type) {
            case "keyword", "constant_keyword", "wildcard", "match_only_text", "text" -> v.isTextual();
            case "long", "integer", "short", "byte", "unsigned_long" -> v.isIntegralNumber();
            case "float", "double", "scaled_float", "half_float" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "date" -> v.isTextual() && isInstant(v.asText());
            // Elasticsearch's ip type: an address, without an IPv6 zone
            case "ip" -> v.isTextual() && !v.asText().contains("%")
                    && (FieldValues.isIpv4(v.asText()) || FieldValues.isIpv6(v.asText()));
            // labels: an object of keywords
            case "object" -> v.isObject() && allText(v);
            default -> false;
        };
        if (!ok) {
            problems.add(path + ": " + v + " is not a valid ECS " + type);
        }
    }

    private static boolean allText(JsonNode object) {
        for (JsonNode v : object) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInstant(String s) {
        try {
            Instant.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** event.kind, event.category, event.type, event.outcome: allowed values; each type expected by a category. */
    private void categorization(JsonNode doc, List<String> problems) {
        for (String name : List.of("event.kind", "event.category", "event.type", "event.outcome")) {
            JsonNode allowed = fields.path(name).path("allowed_values");
            for (JsonNode v : values(doc, name)) {
                if (!allowed.has(v.asText())) {
                    problems.add(name + ": " + v + " is not an allowed value");
                }
            }
        }
        List<JsonNode> categories = values(doc, "event.category");
        for (JsonNode type : values(doc, "event.type")) {
            boolean expected = categories.isEmpty();
            for (JsonNode category : categories) {
                for (JsonNode t : fields.path("event.category").path("allowed_values").path(category.asText())) {
                    expected |= t.asText().equals(type.asText());
                }
            }
            if (!expected) {
                problems.add("event.type: " + type + " is not expected for event.category " + categories);
            }
        }
    }

    private static List<JsonNode> values(JsonNode doc, String dotted) {
        JsonNode node = doc;
        for (String part : dotted.split("\\.")) {
            node = node.path(part);
        }
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else if (!node.isMissingNode()) {
            out.add(node);
        }
        return out;
    }
}
