package dev.tunnelwatch.job.allowlist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tunnelwatch.job.model.GroupKey;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Approved deployments (the search's filter macro, spec section 8): a row is removed when every
 * condition of at least one rule holds for it. Empty by default, so every row passes.
 *
 * <pre>
 * rules:
 *   - name: sanctioned tunnel on the jump hosts
 *     app: 'C:\Program Files\cloudflared\cloudflared.exe'   # equals
 *     dvc: [JUMP-01, JUMP-02]                               # one of
 *     dest: {suffix: .corp.example}                         # ends with
 *     src_ip: {cidr: [10.20.0.0/16, 2001:db8::/32]}         # in network (src_ip, dest_ip)
 * </pre>
 */
public record Allowlist(List<Rule> rules) implements Serializable {

    /** Fields that hold IP addresses and so accept a {@code cidr} condition. */
    private static final Set<String> IP_FIELDS = Set.of("src_ip", "dest_ip");

    public static final Allowlist EMPTY = new Allowlist(List.of());

    /** A named set of conditions that must all hold. */
    public record Rule(String name, List<FieldCondition> conditions) implements Serializable {
        boolean matches(GroupKey key) {
            for (FieldCondition c : conditions) {
                if (!c.test(key.field(c.field()))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The rules' names, for audit lines. */
    public List<String> names() {
        return rules.stream().map(Rule::name).toList();
    }

    /** The name of the first rule that approves this group, or null when none does. */
    public String approvedBy(GroupKey key) {
        for (Rule r : rules) {
            if (r.matches(key)) {
                return r.name();
            }
        }
        return null;
    }

    /** Reads YAML or JSON (JSON is YAML too). Errors name the rule and field at fault. */
    public static Allowlist load(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /** An allowlist from its text (YAML or JSON), as a file or a message of the allowlist topic holds it. */
    public static Allowlist parse(byte[] text) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(text);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return EMPTY;
        }
        JsonNode rules = root.isObject() ? root.get("rules") : root;
        if (rules == null || rules.isNull()) {
            return EMPTY;
        }
        if (!rules.isArray()) {
            throw new IllegalArgumentException("allowlist: 'rules' must be a list");
        }
        List<Rule> out = new ArrayList<>();
        for (JsonNode r : rules) {
            out.add(parseRule(r, out.size() + 1));
        }
        return new Allowlist(List.copyOf(out));
    }

    private static Rule parseRule(JsonNode node, int number) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("allowlist rule " + number + ": must be a mapping of field to condition");
        }
        String name = node.hasNonNull("name") ? node.get("name").asText() : "rule " + number;
        List<FieldCondition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            if (field.equals("name") || field.equals("reason")) {
                continue;
            }
            if (!Arrays.asList(GroupKey.FIELD_NAMES).contains(field)) {
                throw new IllegalArgumentException("allowlist rule '" + name + "': unknown field '" + field
                        + "' (fields: " + String.join(", ", GroupKey.FIELD_NAMES) + ")");
            }
            conditions.add(parseCondition(name, field, e.getValue()));
        }
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("allowlist rule '" + name + "': no conditions (it would hide every row)");
        }
        return new Rule(name, List.copyOf(conditions));
    }

    private static FieldCondition parseCondition(String rule, String field, JsonNode value) {
        String where = "allowlist rule '" + rule + "', field '" + field + "': ";
        if (value.isValueNode()) {
            return new FieldCondition.OneOf(field, Set.of(value.asText()));
        }
        if (value.isArray()) {
            return new FieldCondition.OneOf(field, Set.copyOf(texts(where, value)));
        }
        if (value.size() != 1) {
            throw new IllegalArgumentException(where + "use exactly one of 'suffix' or 'cidr'");
        }
        if (value.has("suffix")) {
            return new FieldCondition.Suffix(field, List.copyOf(texts(where, value.get("suffix"))));
        }
        if (value.has("cidr")) {
            if (!IP_FIELDS.contains(field)) {
                throw new IllegalArgumentException(where + "'cidr' applies only to " + IP_FIELDS);
            }
            List<IpCidr> networks = new ArrayList<>();
            for (String c : texts(where, value.get("cidr"))) {
                try {
                    networks.add(IpCidr.parse(c));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + e.getMessage());
                }
            }
            return new FieldCondition.InNetwork(field, List.copyOf(networks));
        }
        throw new IllegalArgumentException(where + "unknown condition " + value.fieldNames().next()
                + " (use a value, a list, {suffix: ...} or {cidr: ...})");
    }

    private static Set<String> texts(String where, JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node.isValueNode()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode v : node) {
                if (!v.isValueNode()) {
                    throw new IllegalArgumentException(where + "list items must be plain values");
                }
                out.add(v.asText());
            }
        } else {
            throw new IllegalArgumentException(where + "expected a value or a list");
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(where + "empty list");
        }
        return out;
    }
}
