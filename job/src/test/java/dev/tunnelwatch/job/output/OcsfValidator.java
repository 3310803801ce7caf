package dev.tunnelwatch.job.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates an OCSF event against a compiled OCSF schema (the output of OCSF's schema compiler, as
 * shipped, trimmed, in testdata/ocsf/): a port to Java of the checks of the OCSF Server's event
 * validator ({@code lib/schema/validator2.ex}), with its issue codes. Errors: unknown class,
 * unknown profile, unknown attribute (also an attribute of a profile the event does not declare in
 * metadata.profiles), missing required attribute, wrong type (scalar, array or object), enum value
 * not defined, value outside its type's range, max length or allowed values, unmet constraint
 * (at_least_one, just_one), wrong type_uid, later schema version. Warnings: deprecated
 * attribute/object/enum value, enum sibling not the enum's caption, value not matching its type's
 * regex, earlier schema version. The tests accept neither.
 *
 * <p>Not ported: observables (we write none) and missing recommended attributes (reported only on
 * request by the server too).
 */
public final class OcsfValidator {

    static final Path SCHEMA = Path.of(System.getProperty("tunnelwatch.home", ".."), "testdata", "ocsf",
            "detection_finding-1.8.0.json");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public record Issue(boolean error, String code, String path, String message) {
        @Override
        public String toString() {
            return (error ? "error " : "warning ") + code + " at " + path + ": " + message;
        }
    }

    private final JsonNode schema;
    private final JsonNode types;

    private OcsfValidator(JsonNode schema) {
        this.schema = schema;
        this.types = schema.path("dictionary").path("types").path("attributes");
    }

    public static OcsfValidator load() {
        try {
            return new OcsfValidator(MAPPER.readTree(SCHEMA.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String version() {
        return schema.path("version").asText();
    }

    /** Every error and warning; empty when the event is valid. */
    public List<Issue> validate(String json) {
        try {
            return validate(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Issue> validate(JsonNode event) {
        Run run = new Run();
        if (!event.isObject()) {
            run.error("event_not_object", "", "an event is a JSON object");
            return run.issues;
        }
        JsonNode classUid = event.get("class_uid");
        JsonNode eventClass = null;
        if (classUid == null || classUid.isNull()) {
            run.error("attribute_required_missing", "class_uid", "required attribute missing");
        } else if (!classUid.isIntegralNumber()) {
            run.error("attribute_wrong_type", "class_uid", "expected integer_t, got " + classUid);
        } else {
            for (JsonNode c : schema.path("classes")) {
                if (c.path("uid").asLong() == classUid.asLong()) {
                    eventClass = c;
                }
            }
            if (eventClass == null) {
                run.error("class_uid_unknown", "class_uid", "no class is defined for " + classUid);
            }
        }
        if (eventClass == null) {
            return run.issues; // as the server: nothing more can be checked without the class
        }
        Set<String> profiles = profiles(run, event);
        run.attributes(event, "", eventClass, profiles);
        version(run, event);
        typeUid(run, event);
        run.constraints(event, "", eventClass);
        return run.issues;
    }

    private Set<String> profiles(Run run, JsonNode event) {
        Set<String> profiles = new HashSet<>();
        JsonNode list = event.path("metadata").path("profiles");
        if (list.isArray()) {
            for (int i = 0; i < list.size(); i++) {
                JsonNode p = list.get(i);
                if (p.isTextual()) {
                    if (!schema.path("profiles").has(p.asText())) {
                        run.error("profile_unknown", "metadata.profiles[" + i + "]", "no profile is defined for " + p);
                    }
                    profiles.add(p.asText());
                }
            }
        }
        return profiles;
    }

    /** Semantic versions compared as the server does: equal is fine, earlier a warning, later an error. */
    private void version(Run run, JsonNode event) {
        JsonNode v = event.path("metadata").path("version");
        if (!v.isTextual() || v.asText().equals(version())) {
            return;
        }
        int cmp = compareVersions(v.asText(), version());
        if (v.asText().startsWith("0.") || v.asText().contains("-")) {
            run.error("version_incompatible_prerelease", "metadata.version",
                    v.asText() + " is a development or prerelease version; schema is " + version());
        } else if (cmp < 0) {
            run.warning("version_earlier", "metadata.version", v.asText() + " is earlier than " + version());
        } else {
            run.error("version_incompatible_later", "metadata.version", v.asText() + " is later than " + version());
        }
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            try {
                int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
                if (c != 0) {
                    return c;
                }
            } catch (NumberFormatException e) {
                return x[i].compareTo(y[i]);
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static void typeUid(Run run, JsonNode event) {
        JsonNode classUid = event.get("class_uid");
        JsonNode activityId = event.get("activity_id");
        JsonNode typeUid = event.get("type_uid");
        if (classUid != null && activityId != null && typeUid != null && classUid.isIntegralNumber()
                && activityId.isIntegralNumber() && typeUid.isIntegralNumber()) {
            long expected = classUid.asLong() * 100 + activityId.asLong();
            if (typeUid.asLong() != expected) {
                run.error("type_uid_incorrect", "type_uid", typeUid + " is not class_uid * 100 + activity_id = " + expected);
            }
        }
    }

    /** One validation: the issues found so far. */
    private final class Run {
        final List<Issue> issues = new ArrayList<>();

        void error(String code, String path, String message) {
            issues.add(new Issue(true, code, path, message));
        }

        void warning(String code, String path, String message) {
            issues.add(new Issue(false, code, path, message));
        }

        /** A class's or object's attributes against the item's keys (validate_attributes). */
        void attributes(JsonNode item, String path, JsonNode definition, Set<String> profiles) {
            JsonNode all = definition.path("attributes");
            List<String> names = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> a = it.next();
                if (inProfiles(a.getValue(), profiles)) {
                    names.add(a.getKey());
                }
            }
            for (String name : names) {
                JsonNode details = all.get(name);
                attribute(item.get(name), join(path, name), details, profiles);
            }
            // An object with no attributes (OCSF's "object", the type of unmapped) takes any keys.
            if (!names.isEmpty()) {
                for (Iterator<String> it = item.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    if (!names.contains(key)) {
                        error("attribute_unknown", join(path, key), "attribute \"" + key + "\" is not defined in "
                                + (definition.has("uid") ? "class " : "object ") + definition.path("name").asText()
                                + (all.has(key) ? " without its profile " + all.get(key).path("profiles") : ""));
                    }
                }
            }
            for (String name : names) {
                JsonNode details = all.get(name);
                if (details.has("enum") && item.has(name) && !item.get(name).isNull()) {
                    enumValue(item, path, name, details);
                }
            }
        }

        /** An attribute with profiles is there only when the event applies one of them (filter_with_profiles). */
        private boolean inProfiles(JsonNode details, Set<String> profiles) {
            JsonNode p = details.get("profiles");
            if (p == null || p.isNull()) {
                return true;
            }
            for (JsonNode name : p) {
                if (profiles.contains(name.asText())) {
                    return true;
                }
            }
            return false;
        }

        void attribute(JsonNode value, String path, JsonNode details, Set<String> profiles) {
            if (value == null || value.isNull()) {
                if (details.path("requirement").asText().equals("required")) {
                    error("attribute_required_missing", path, "required attribute missing");
                }
                return;
            }
            if (details.has("@deprecated")) {
                warning("attribute_deprecated", path, details.get("@deprecated").toString());
            }
            String type = details.path("type").asText();
            if (!type.equals("object_t") && !types.has(type)) {
                error("schema_bug_type_missing", path, "type " + type + " is not in the dictionary");
                return;
            }
            if (details.path("is_array").asBoolean(false)) {
                if (!value.isArray()) {
                    error("attribute_wrong_type", path, "expected an array of " + type + ", got " + value);
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    value(value.get(i), path + "[" + i + "]", details, profiles);
                }
            } else {
                value(value, path, details, profiles);
            }
        }

        private void value(JsonNode value, String path, JsonNode details, Set<String> profiles) {
            String type = details.path("type").asText();
            if (type.equals("object_t")) {
                String objectName = details.path("object_type").asText();
                JsonNode object = schema.path("objects").get(objectName);
                if (!value.isObject()) {
                    error("attribute_wrong_type", path, "expected object " + objectName + ", got " + value);
                } else if (object == null) {
                    error("object_not_shipped", path, "object " + objectName + " is not in " + SCHEMA.getFileName());
                } else {
                    if (object.has("@deprecated")) {
                        warning("object_deprecated", path, object.get("@deprecated").toString());
                    }
                    attributes(value, path, object, profiles);
                    constraints(value, path, object);
                }
            } else {
                dictionaryType(value, path, type);
            }
        }

        /** A scalar against its data type, and the type's super type (validate_value_against_dictionary_type). */
        private void dictionaryType(JsonNode value, String path, String type) {
            JsonNode t = types.get(type);
            String superName = t.has("type") ? t.get("type").asText() : null;
            JsonNode superType = superName == null ? null : types.get(superName);
            String primitive = superName == null ? type : superName;
            boolean ok = switch (primitive) {
                case "boolean_t" -> value.isBoolean();
                case "float_t" -> value.isFloatingPointNumber(); // as the server: 1 is no float, 1.0 is
                case "integer_t", "long_t" -> value.isIntegralNumber();
                case "string_t" -> value.isTextual();
                case "json_t" -> true;
                default -> {
                    error("schema_bug_primitive_type_unknown", path, primitive);
                    yield true;
                }
            };
            if (!ok) {
                error("attribute_wrong_type", path, "expected " + type
                        + (superName == null ? "" : " (" + superName + ")") + ", got " + value);
                return;
            }
            // The type's own limits and its super type's (the server checks the latter only when the type has none).
            for (JsonNode declared : superType == null ? List.of(t) : List.of(t, superType)) {
                if (declared.has("values") && !contains(declared.get("values"), value)) {
                    error("attribute_value_not_in_type_values", path, value + " is not one of " + declared.get("values"));
                }
                if (declared.has("range") && value.isNumber()) {
                    JsonNode range = declared.get("range");
                    if (value.asDouble() < range.get(0).asDouble() || value.asDouble() > range.get(1).asDouble()) {
                        error("attribute_value_exceeds_range", path, value + " is outside " + range + " of " + type);
                    }
                }
                if (declared.has("max_len") && value.isTextual()) {
                    int length = value.asText().codePointCount(0, value.asText().length());
                    if (length > declared.get("max_len").asInt()) {
                        error("attribute_value_exceeds_max_len", path, "length " + length + " exceeds "
                                + declared.get("max_len") + " of " + type);
                    }
                }
                if (declared.has("regex") && value.isTextual()
                        && !Pattern.compile(declared.get("regex").asText()).matcher(value.asText()).find()) {
                    warning("attribute_value_regex_not_matched", path, value + " does not match the regex of " + type);
                }
            }
        }

        private boolean contains(JsonNode values, JsonNode value) {
            for (JsonNode v : values) {
                if (v.equals(value)) {
                    return true;
                }
            }
            return false;
        }

        /** An enum's value must be one of its keys; a sibling, the caption of that key (validate_attributes_enums). */
        private void enumValue(JsonNode item, String path, String name, JsonNode details) {
            JsonNode value = item.get(name);
            JsonNode enumDef = details.get("enum");
            String sibling = details.path("sibling").asText(null);
            if (details.path("is_array").asBoolean(false)) {
                if (!value.isArray()) {
                    return; // reported as a wrong type
                }
                for (int i = 0; i < value.size(); i++) {
                    JsonNode v = value.get(i);
                    String p = join(path, name) + "[" + i + "]";
                    if (!enumDef.has(v.asText())) {
                        error("attribute_enum_array_value_unknown", p, v + " is not defined for enum " + name);
                        continue;
                    }
                    deprecatedEnum(enumDef.get(v.asText()), p, v);
                    if (sibling != null && item.has(sibling) && v.asInt() != 99) {
                        JsonNode s = item.get(sibling).get(i);
                        String caption = enumDef.get(v.asText()).path("caption").asText();
                        if (s == null) {
                            error("attribute_enum_array_sibling_missing", join(path, sibling) + "[" + i + "]", "expected " + caption);
                        } else if (!s.asText().equals(caption)) {
                            error("attribute_enum_array_sibling_incorrect", join(path, sibling) + "[" + i + "]",
                                    "expected \"" + caption + "\", got " + s);
                        }
                    }
                }
                return;
            }
            String p = join(path, name);
            if (!enumDef.has(value.asText())) {
                error("attribute_enum_value_unknown", p, value + " is not defined for enum " + name);
                return;
            }
            deprecatedEnum(enumDef.get(value.asText()), p, value);
            if (sibling != null && item.has(sibling)) {
                String caption = enumDef.get(value.asText()).path("caption").asText();
                JsonNode s = item.get(sibling);
                boolean other = value.isIntegralNumber() && value.asLong() == 99;
                if (other && s.isTextual() && s.asText().equals(caption)) {
                    warning("attribute_enum_sibling_suspicious_other", join(path, sibling),
                            "99 (Other) should carry the source's own value, not \"" + caption + "\"");
                } else if (!other && !(s.isTextual() && s.asText().equals(caption))) {
                    warning("attribute_enum_sibling_incorrect", join(path, sibling),
                            "expected \"" + caption + "\" (the caption of " + name + " " + value + "), got " + s);
                }
            }
        }

        private void deprecatedEnum(JsonNode enumValue, String path, JsonNode value) {
            if (enumValue.has("@deprecated")) {
                warning("attribute_enum_value_deprecated", path, value + " is deprecated: " + enumValue.get("@deprecated"));
            }
        }

        /** at_least_one and just_one, by presence of the keys (validate_constraints). */
        void constraints(JsonNode item, String path, JsonNode definition) {
            JsonNode constraints = definition.path("constraints");
            for (Iterator<Map.Entry<String, JsonNode>> it = constraints.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> c = it.next();
                int present = 0;
                for (JsonNode key : c.getValue()) {
                    if (item.has(key.asText())) {
                        present++;
                    }
                }
                String where = (path.isEmpty() ? "the event" : path) + " (" + definition.path("name").asText() + ")";
                switch (c.getKey()) {
                    case "at_least_one" -> {
                        if (present == 0) {
                            error("constraint_failed", path, where + " needs at least one of " + c.getValue());
                        }
                    }
                    case "just_one" -> {
                        if (present != 1) {
                            error("constraint_failed", path, where + " needs exactly one of " + c.getValue()
                                    + ", has " + present);
                        }
                    }
                    default -> error("constraint_unknown", path, "unknown constraint " + c.getKey());
                }
            }
        }

        private String join(String path, String name) {
            return path.isEmpty() ? name : path + "." + name;
        }
    }
}
