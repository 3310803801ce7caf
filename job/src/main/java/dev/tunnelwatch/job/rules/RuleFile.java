package dev.tunnelwatch.job.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.tunnelwatch.connectors.decode.IntegerText;
import dev.tunnelwatch.job.rules.RuleSpec.InvalidRule;
import dev.tunnelwatch.job.rules.RuleSpec.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.util.TimeUtils;

/**
 * A rules file ({@code --rules FILE}): a YAML {@code rules:} list, each rule written like a Splunk
 * Security Content detection ({@code name}, {@code id}, {@code version}, {@code description},
 * {@code tags.mitre_attack_id}) plus the keys that make it run here ({@code ports}, {@code group_by},
 * {@code window}, {@code offset}, {@code lag}, {@code severity}, {@code reason}). The format is in
 * README-fragment.md beside this class.
 *
 * <p>Strict: a key it does not know, a value of the wrong kind or a duplicate is refused with one
 * line naming the file, the line, the rule and the key, e.g.
 * {@code rules.yaml:14: rule 'RDP': window: '0m' must be at least 1ms}. A rule that reads
 * differently from what its author meant would silently miss attacks.
 */
public final class RuleFile {

    /** The bundled rules file, relative to the project folder: today's detection. */
    public static final String BUNDLED = "flink-conf/rules.yaml";

    private static final List<String> RULE_KEYS = List.of(
            "name", "id", "version", "description", "tags", "severity",
            "ports", "group_by", "window", "offset", "lag", "reason");
    private static final Set<String> REQUIRED_RULE_KEYS = Set.of(
            "name", "id", "version", "description", "tags", "severity", "ports");
    private static final List<String> TAG_KEYS = List.of(
            "mitre_attack_id", "mitre_attack_technique", "mitre_attack_tactic_id", "mitre_attack_tactic");

    /**
     * Keys of a Splunk detection that document it and change nothing here: accepted, so that a
     * rule can keep its provenance, and ignored. ({@code search} is refused: it would not run.)
     */
    private static final Set<String> SPLUNK_DOCUMENTATION_KEYS = Set.of(
            "author", "date", "status", "type", "data_source", "how_to_implement", "known_false_positives",
            "references");
    private static final Set<String> SPLUNK_DOCUMENTATION_TAGS = Set.of(
            "analytic_story", "asset_type", "product", "security_domain");

    private RuleFile() {}

    /**
     * The rules of a file, in file order.
     *
     * @throws IllegalArgumentException when the file is not a valid rules file: one line naming the file
     * @throws IOException when it cannot be read
     */
    public static List<RuleSpec> load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text");
        }
        return parse(text, file.toString());
    }

    /**
     * The rules of a file's content.
     *
     * @param source how messages name the file
     * @throws IllegalArgumentException when it is not a valid rules file: one line naming {@code source}
     */
    public static List<RuleSpec> parse(String yaml, String source) {
        Node root = readYaml(yaml, source);
        if (!(root instanceof Mapping top)) {
            throw new IllegalArgumentException(source + ":" + root.line() + ": expected a mapping with a 'rules:' list");
        }
        String where = source + ":";
        for (Entry e : top.entries()) {
            if (!e.key().equals("rules")) {
                throw new IllegalArgumentException(where + e.line() + ": unknown key '" + e.key()
                        + "' (the file holds one key, rules)");
            }
        }
        if (top.entries().size() > 1) {
            throw new IllegalArgumentException(where + top.entries().get(1).line() + ": key 'rules' appears twice");
        }
        if (top.entries().isEmpty()) {
            throw new IllegalArgumentException(where + top.line() + ": no 'rules:' list");
        }
        Entry rulesEntry = top.entries().get(0);
        if (!(rulesEntry.value() instanceof Sequence list) || list.items().isEmpty()) {
            throw new IllegalArgumentException(where + rulesEntry.line() + ": rules: expected a list of at least one rule");
        }

        List<RuleSpec> rules = new ArrayList<>();
        Map<String, String> nameById = new HashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String label = "rule " + (i + 1);
            if (!(item instanceof Mapping m)) {
                throw new IllegalArgumentException(where + item.line() + ": " + label + ": expected a mapping of keys");
            }
            // the name names the rule in messages, unless it is itself what is wrong
            if (m.get("name") instanceof Scalar s && s.text() != null && !s.text().isBlank()
                    && s.text().strip().lines().count() == 1) {
                label = "rule '" + s.text().strip() + "'";
            }
            RuleSpec rule;
            try {
                rule = rule(m);
            } catch (InvalidRule e) {
                throw new IllegalArgumentException(where + m.lineOf(e.key()) + ": " + label + ": " + e.getMessage());
            }
            // Rows are told apart by rule id (alert_id) and read by rule name: both must be unique.
            String other = nameById.putIfAbsent(rule.id(), rule.name());
            if (other != null) {
                throw new IllegalArgumentException(where + m.lineOf("id") + ": " + label + ": id: " + rule.id()
                        + " is also the id of rule '" + other + "'");
            }
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException(where + m.lineOf("name") + ": " + label
                        + ": name: another rule has this name");
            }
            rules.add(rule);
        }
        return List.copyOf(rules);
    }

    private static RuleSpec rule(Mapping m) {
        checkKeys(m, "", RULE_KEYS, SPLUNK_DOCUMENTATION_KEYS);
        for (String key : RULE_KEYS) {
            if (REQUIRED_RULE_KEYS.contains(key) && m.get(key) == null) {
                throw new InvalidRule(key, "missing");
            }
        }
        if (!(m.get("tags") instanceof Mapping tags)) {
            throw new InvalidRule("tags", "expected a mapping (mitre_attack_id: [T1572], ...)");
        }
        checkKeys(tags, "tags.", TAG_KEYS, SPLUNK_DOCUMENTATION_TAGS);
        for (String key : TAG_KEYS) {
            if (tags.get(key) == null) {
                throw new InvalidRule("tags." + key, "missing");
            }
        }
        return new RuleSpec(
                text(m, "name"),
                text(m, "id"),
                version(m),
                text(m, "description"),
                technique(tags),
                text(tags, "mitre_attack_technique", RuleSpec.TECHNIQUE_NAME),
                text(tags, "mitre_attack_tactic_id", RuleSpec.TACTIC_ID),
                text(tags, "mitre_attack_tactic", RuleSpec.TACTIC_NAME),
                severity(m),
                texts(m, "ports"),
                m.get("group_by") == null ? null : texts(m, "group_by"),
                duration(m, "window"),
                duration(m, "offset"),
                duration(m, "lag"),
                m.get("reason") == null ? null : text(m, "reason"));
    }

    /** Unknown keys and keys written twice are refused: the second would silently win. */
    private static void checkKeys(Mapping m, String prefix, List<String> keys, Set<String> documentation) {
        Set<String> seen = new LinkedHashSet<>();
        for (Entry e : m.entries()) {
            String key = prefix + e.key();
            if (!seen.add(e.key())) {
                throw new InvalidRule(key, "appears twice in this rule");
            }
            if (key.equals("search")) {
                throw new InvalidRule(key, "tunnelwatch does not run SPL; a rule is its ports, group_by, window,"
                        + " offset and lag");
            }
            if (!keys.contains(e.key()) && !documentation.contains(e.key())) {
                throw new InvalidRule(key, "unknown key (known: " + String.join(", ", keys) + ")");
            }
        }
    }

    private static String text(Mapping m, String key) {
        return text(m, key, key);
    }

    /** A single value, as written: {@code 1.50} stays {@code 1.50}, {@code yes} stays {@code yes}. */
    private static String text(Mapping m, String yamlKey, String key) {
        Node node = m.get(yamlKey);
        if (node == null) {
            throw new InvalidRule(key, "missing");
        }
        if (node instanceof Scalar s) {
            if (s.text() == null) {
                throw new InvalidRule(key, "has no value");
            }
            return s.text();
        }
        throw new InvalidRule(key, "expected a single value, not a " + (node instanceof Sequence ? "list" : "mapping"));
    }

    /** A list of single values; one value alone is a list of one. */
    private static List<String> texts(Mapping m, String key) {
        Node node = m.get(key);
        if (node instanceof Scalar) {
            return List.of(text(m, key));
        }
        if (!(node instanceof Sequence seq)) {
            throw new InvalidRule(key, "expected a list");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.items()) {
            if (!(item instanceof Scalar s) || s.text() == null) {
                throw new InvalidRule(key, "list items must be single values");
            }
            out.add(s.text());
        }
        return out;
    }

    /** Splunk writes a list; a row carries one technique, so the list holds one. */
    private static String technique(Mapping tags) {
        List<String> ids = texts(tags, "mitre_attack_id");
        if (ids.size() != 1) {
            throw new InvalidRule(RuleSpec.TECHNIQUE_ID, "expected exactly one technique (a row carries one); write one rule"
                    + " per technique");
        }
        return ids.get(0);
    }

    private static int version(Mapping m) {
        String text = text(m, "version");
        String digits = IntegerText.canonical(text);
        if (digits == null || digits.length() > 9) {
            throw new InvalidRule("version", "'" + text + "' is not a whole number (1, 2, ...)");
        }
        return Integer.parseInt(digits);
    }

    private static Severity severity(Mapping m) {
        try {
            return Severity.of(text(m, "severity"));
        } catch (InvalidRule e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidRule("severity", e.getMessage());
        }
    }

    /** Flink's spelling ({@code 1h}, {@code 50m}, {@code 50 min}, {@code 30s}), or null when absent. */
    private static Duration duration(Mapping m, String key) {
        if (m.get(key) == null) {
            return null;
        }
        String text = text(m, key);
        // Flink reads a bare number as milliseconds: "window: 60" would be 60 ms, not what anyone means.
        if (IntegerText.canonical(text) != null) {
            throw new InvalidRule(key, "'" + text + "' needs a unit (like 1h, 50m, 30s)");
        }
        try {
            return TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new InvalidRule(key, "'" + text + "' is not a duration (like 1h, 50m, 30s)");
        }
    }

    // ---- YAML, read as written -------------------------------------------------------------------
    //
    // Not through readTree: Jackson would turn an unquoted 0777 into 511 (YAML 1.1 octal), 0x1F into
    // 31 and an alias into its anchor's name, silently. Here every scalar keeps its text as written,
    // and each key its line for messages.

    private sealed interface Node permits Scalar, Sequence, Mapping {
        int line();
    }

    /** @param text as written; null for a YAML null ({@code ~}, {@code null} or nothing) */
    private record Scalar(String text, int line) implements Node {}

    private record Sequence(List<Node> items, int line) implements Node {}

    private record Entry(String key, int line, Node value) {}

    /** Entries in file order, duplicates kept so that they can be refused with their rule. */
    private record Mapping(List<Entry> entries, int line) implements Node {
        Node get(String key) {
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    return e.value();
                }
            }
            return null;
        }

        /** The line of a key such as {@code window} or {@code tags.mitre_attack_id}, else of the nearest enclosing one. */
        int lineOf(String path) {
            int dot = path.indexOf('.');
            String first = dot < 0 ? path : path.substring(0, dot);
            int line = this.line;
            for (Entry e : entries) {
                if (e.key().equals(first)) {
                    line = e.line(); // the last one: a key written twice is reported where it repeats
                    if (dot >= 0 && e.value() instanceof Mapping inner && inner.get(path.substring(dot + 1)) != null) {
                        return inner.lineOf(path.substring(dot + 1));
                    }
                }
            }
            return line;
        }
    }

    private static Node readYaml(String yaml, String source) {
        try (YAMLParser parser = (YAMLParser) new YAMLFactory().createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IllegalArgumentException(source + ": no rules: the file is empty (it needs a 'rules:' list)");
            }
            Node root = read(parser, first, source);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException(source + ":" + parser.currentTokenLocation().getLineNr()
                        + ": a second YAML document ('---'): put every rule in one 'rules:' list");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(yamlError(e, source));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String
        }
    }

    private static Node read(YAMLParser parser, JsonToken token, String source) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        if (parser.isCurrentAlias()) {
            throw new IllegalArgumentException(source + ":" + line
                    + ": anchors and aliases (*" + parser.getText() + ") are not supported; write the value out");
        }
        switch (token) {
            case START_OBJECT -> {
                List<Entry> entries = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    entries.add(new Entry(key, keyLine, read(parser, parser.nextToken(), source)));
                }
                return new Mapping(List.copyOf(entries), line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(read(parser, t, source));
                }
                return new Sequence(List.copyOf(items), line);
            }
            case VALUE_NULL -> {
                return new Scalar(null, line);
            }
            default -> {
                return new Scalar(parser.getText(), line);
            }
        }
    }

    /** SnakeYAML's message is several lines with a drawing of the spot; keep what went wrong, and where. */
    private static String yamlError(JsonProcessingException e, String source) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        String problem;
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked) {
            problem = marked.getContext() == null ? marked.getProblem() : marked.getContext() + ": " + marked.getProblem();
            if (marked.getProblemMark() != null) {
                line = marked.getProblemMark().getLine() + 1;
            }
        } else {
            problem = e.getOriginalMessage();
        }
        String oneLine = problem == null ? "invalid" : problem.replaceAll("\\s*\\R\\s*", " ").strip();
        return source + (line > 0 ? ":" + line : "") + ": not valid YAML: " + oneLine;
    }
}
