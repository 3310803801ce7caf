package dev.tunnelwatch.job.rules;

import dev.tunnelwatch.connectors.decode.IntegerText;
import dev.tunnelwatch.job.model.DetectionRule;
import dev.tunnelwatch.job.model.GroupKey;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One detection rule: which connections match (ports), how they are grouped (BY fields), over which
 * windows, and what an analyst is told about a row (identity, ATT&CK mapping, severity, reason).
 * Read from a rules file by {@link RuleFile}; every value is checked and put in canonical form
 * here, so two rules that mean the same are equal, whoever built them.
 *
 * @param name the rule's name, carried on every row (Splunk's {@code name})
 * @param id a UUID, lower-cased (Splunk's {@code id}); part of every row's {@code alert_id}
 * @param version the rule's version, 1 and up
 * @param description what the rule finds and why it matters
 * @param techniqueId the ATT&CK technique, e.g. {@code T1572} or {@code T1021.001}
 * @param techniqueName its name, e.g. {@code Protocol Tunneling}
 * @param tacticId the ATT&CK tactic, e.g. {@code TA0011}
 * @param tacticName its name, e.g. {@code Command and Control}
 * @param severity how urgent a row is
 * @param ports the destination ports that match, canonical decimal ({@code 07844} is {@code 7844}), in
 *     the order written, at least one, each 1 to 65535
 * @param groupBy the CIM fields a row is per, in BY-clause order ({@link GroupKey#FIELD_NAMES}),
 *     whatever the order written
 * @param window the tumbling window length, at least 1 ms
 * @param offset the windows' start offset from the epoch, already taken modulo the window
 * @param lag how far event time may lag (Splunk's {@code latest=-10m}): the watermark's
 *     out-of-orderness on unbounded input
 * @param reason the alert's one-line explanation, with {@code {field}} placeholders (see
 *     {@link #reason(Map)})
 *
 * <p>{@code groupBy}, {@code window}, {@code offset}, {@code lag} and {@code reason} may be given as
 * null for their defaults (the search's fourteen fields, 1h, 50m, 10m, {@link #defaultReason}).
 */
public record RuleSpec(
        String name,
        String id,
        int version,
        String description,
        String techniqueId,
        String techniqueName,
        String tacticId,
        String tacticName,
        Severity severity,
        List<String> ports,
        List<String> groupBy,
        Duration window,
        Duration offset,
        Duration lag,
        String reason) implements Serializable {

    /** How urgent a row of the rule is; written in lower case in rules files and rows. */
    public enum Severity {
        INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;

        /** The spelling in rules files and rows. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Exactly one of the lower-case spellings. */
        public static Severity of(String text) {
            for (Severity s : values()) {
                if (s.text().equals(text)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not one of " + ALL_SEVERITIES);
        }

        private static final String ALL_SEVERITIES = "informational, low, medium, high, critical";
    }

    /** The search's schedule: hourly runs over {@code -70m@m} to {@code -10m@m}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

    public static final Duration DEFAULT_OFFSET = Duration.ofMinutes(50);

    public static final Duration DEFAULT_LAG = Duration.ofMinutes(10);

    /** The search's fourteen BY fields. */
    public static final List<String> DEFAULT_GROUP_BY = List.of(GroupKey.FIELD_NAMES);

    /** Placeholders a reason may use besides the rule's group fields. */
    public static final List<String> ROW_VALUES = List.of("count", "first_time", "last_time");

    // The rules-file keys of the ATT&CK values, which messages name.
    static final String TECHNIQUE_ID = "tags.mitre_attack_id";
    static final String TECHNIQUE_NAME = "tags.mitre_attack_technique";
    static final String TACTIC_ID = "tags.mitre_attack_tactic_id";
    static final String TACTIC_NAME = "tags.mitre_attack_tactic";

    // Static fields are set in order: these come before CLOUDFLARED, whose construction reads them.
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", Pattern.CASE_INSENSITIVE);
    private static final Pattern TECHNIQUE = Pattern.compile("T[0-9]{4}(\\.[0-9]{3})?");
    private static final Pattern TACTIC = Pattern.compile("TA[0-9]{4}");
    private static final int MAX_PORT = 65_535;

    /** Splunk Security Content's "Windows Potential Cloudflared Network Connection": flink-conf/rules.yaml. */
    public static final RuleSpec CLOUDFLARED = new RuleSpec(
            "Windows Potential Cloudflared Network Connection",
            "29798d45-c9c7-4240-a5ef-d7648c016024",
            1,
            "Finds connections to port 7844, where cloudflared reaches Cloudflare's edge to open a tunnel."
                    + " Attackers use Cloudflare Tunnel to carry command and control and remote access out of a"
                    + " network over a trusted service; approved deployments belong in the allowlist.",
            "T1572",
            "Protocol Tunneling",
            "TA0011",
            "Command and Control",
            Severity.LOW,
            List.of("7844"),
            DEFAULT_GROUP_BY,
            DEFAULT_WINDOW,
            DEFAULT_OFFSET,
            DEFAULT_LAG,
            defaultReason(DEFAULT_GROUP_BY));

    /** Written as the key of a rules file, so a message points at what to fix there. */
    public static final class InvalidRule extends IllegalArgumentException {
        private final String key;

        InvalidRule(String key, String problem) {
            super(key + ": " + problem, null);
            this.key = key;
        }

        /** The rules-file key at fault, e.g. {@code ports} or {@code tags.mitre_attack_id}. */
        public String key() {
            return key;
        }

        /** The message without the key. */
        public String problem() {
            return getMessage().substring(key.length() + 2);
        }
    }

    /** @throws InvalidRule naming the rules-file key of the first value that is not acceptable */
    public RuleSpec {
        name = text("name", name);
        if (name.contains("\n") || name.contains("\r")) {
            throw new InvalidRule("name", "must be one line");
        }
        id = text("id", id);
        if (!UUID.matcher(id).matches()) {
            throw new InvalidRule("id", "'" + id + "' is not a UUID (like 29798d45-c9c7-4240-a5ef-d7648c016024)");
        }
        // alert_id hashes the rule id: one spelling per rule, as Splunk writes them
        id = id.toLowerCase(Locale.ROOT);
        if (version < 1) {
            throw new InvalidRule("version", version + " is not 1 or more");
        }
        description = text("description", description);
        techniqueId = text(TECHNIQUE_ID, techniqueId);
        if (!TECHNIQUE.matcher(techniqueId).matches()) {
            throw new InvalidRule(TECHNIQUE_ID, "'" + techniqueId
                    + "' is not an ATT&CK technique id (like T1572 or T1021.001)");
        }
        techniqueName = text(TECHNIQUE_NAME, techniqueName);
        tacticId = text(TACTIC_ID, tacticId);
        if (!TACTIC.matcher(tacticId).matches()) {
            throw new InvalidRule(TACTIC_ID, "'" + tacticId + "' is not an ATT&CK tactic id (like TA0011)");
        }
        tacticName = text(TACTIC_NAME, tacticName);
        if (severity == null) {
            throw new InvalidRule("severity", "missing");
        }
        ports = ports(ports);
        groupBy = groupBy(groupBy == null ? DEFAULT_GROUP_BY : groupBy);
        window = millis("window", window == null ? DEFAULT_WINDOW : window);
        if (window.isZero()) {
            throw new InvalidRule("window", "must be at least 1ms");
        }
        // The offset sets the windows' phase, as --window-offset does: 50m with a 30m window means
        // windows starting at minutes 20 and 50.
        offset = Duration.ofMillis(millis("offset", offset == null ? DEFAULT_OFFSET : offset).toMillis()
                % window.toMillis());
        lag = millis("lag", lag == null ? DEFAULT_LAG : lag);
        reason = reason == null ? defaultReason(groupBy) : text("reason", reason);
        checkReason(reason, groupBy);
    }

    /**
     * The reason with every {@code {placeholder}} replaced by its value ({@code {{} and {@code }}}
     * are literal braces). A value that is absent or null is written {@code null}, as the search's
     * {@code fillnull_value=null} writes an empty field: an alert never fails over its text.
     *
     * @param values group field values by CIM name, and {@code count}, {@code first_time},
     *     {@code last_time}
     */
    public String reason(Map<String, String> values) {
        StringBuilder out = new StringBuilder(reason.length() + 64);
        for (Object part : Template.parts(reason)) {
            if (part instanceof Template.Placeholder p) {
                String value = values.get(p.name());
                out.append(value == null ? "null" : value);
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    /** The placeholders the reason uses, in order of first use: the values {@link #reason(Map)} needs. */
    public Set<String> reasonPlaceholders() {
        Set<String> names = new LinkedHashSet<>();
        for (Object part : Template.parts(reason)) {
            if (part instanceof Template.Placeholder p) {
                names.add(p.name());
            }
        }
        return names;
    }

    /** The identity rows carry today ({@code rule_name}, {@code rule_id}, ATT&CK ids). */
    public DetectionRule identity() {
        return new DetectionRule(name, id, Integer.toString(version), techniqueId, tacticId);
    }

    /**
     * The reason of a rule that gives none: who connected where and how often, for the search's
     * fields; otherwise the count and times with the rule's group fields as {@code field=value}.
     */
    public static String defaultReason(List<String> groupBy) {
        if (groupBy.containsAll(List.of("dvc", "app", "dest", "dest_port"))) {
            return "{dvc} ran {app}, which connected to {dest}:{dest_port}"
                    + " (count {count}, from {first_time} to {last_time})";
        }
        List<String> fields = new ArrayList<>();
        for (String f : groupBy) {
            fields.add(f + "={" + f + "}");
        }
        return "Matching connections (count {count}, from {first_time} to {last_time}): " + String.join(", ", fields);
    }

    private static String text(String key, String value) {
        if (value == null) {
            throw new InvalidRule(key, "missing");
        }
        if (value.isBlank()) {
            throw new InvalidRule(key, "must not be empty");
        }
        return value.strip();
    }

    /** Ports as the job compares them (spec section 4): canonical decimal, never 0. */
    private static List<String> ports(List<String> ports) {
        if (ports == null || ports.isEmpty()) {
            throw new InvalidRule("ports", "at least one port is required");
        }
        Set<String> canonical = new LinkedHashSet<>();
        for (String p : ports) {
            String c = IntegerText.canonical(p);
            if (c == null || c.length() > 5 || Integer.parseInt(c) > MAX_PORT) {
                throw new InvalidRule("ports", "'" + p + "' is not a port number (1 to 65535)");
            }
            if (c.equals("0")) {
                // a port that is not an integer maps to 0 (spec section 3), so 0 would match garbage
                throw new InvalidRule("ports", "port 0 cannot be matched: records without an integer port map to 0");
            }
            if (!canonical.add(c)) {
                throw new InvalidRule("ports", "port " + c + " is listed twice");
            }
        }
        return List.copyOf(canonical);
    }

    /** BY-clause order, so the same fields in another order make the same rule. */
    private static List<String> groupBy(List<String> fields) {
        if (fields == null || fields.isEmpty()) {
            throw new InvalidRule("group_by", "at least one field is required");
        }
        List<String> known = Arrays.asList(GroupKey.FIELD_NAMES);
        Set<String> seen = new LinkedHashSet<>();
        for (String f : fields) {
            if (!known.contains(f)) {
                throw new InvalidRule("group_by", "unknown field '" + f + "' (fields: "
                        + String.join(", ", GroupKey.FIELD_NAMES) + ")");
            }
            if (!seen.add(f)) {
                throw new InvalidRule("group_by", "field '" + f + "' is listed twice");
            }
        }
        return known.stream().filter(seen::contains).toList();
    }

    /** Windows and watermarks are in milliseconds: a finer duration would be cut without a word. */
    private static Duration millis(String key, Duration d) {
        if (d == null) {
            throw new InvalidRule(key, "missing");
        }
        if (d.isNegative()) {
            throw new InvalidRule(key, "must not be negative");
        }
        if (d.getNano() % 1_000_000 != 0) {
            throw new InvalidRule(key, "must be a whole number of milliseconds");
        }
        try {
            d.toMillis();
        } catch (ArithmeticException e) {
            throw new InvalidRule(key, "is too long");
        }
        return d;
    }

    private static void checkReason(String reason, List<String> groupBy) {
        if (reason.contains("\n") || reason.contains("\r")) {
            throw new InvalidRule("reason", "must be one line");
        }
        List<Object> parts;
        try {
            parts = Template.parts(reason);
        } catch (IllegalArgumentException e) {
            throw new InvalidRule("reason", e.getMessage());
        }
        for (Object part : parts) {
            if (part instanceof Template.Placeholder p && !groupBy.contains(p.name()) && !ROW_VALUES.contains(p.name())) {
                throw new InvalidRule("reason", "unknown placeholder {" + p.name() + "}: use the rule's group_by fields ("
                        + String.join(", ", groupBy) + ") or " + String.join(", ", ROW_VALUES));
            }
        }
    }

    /** A reason template: literal text and {@code {name}} placeholders; {@code {{} and {@code }}} are braces. */
    private static final class Template {

        record Placeholder(String name) {}

        /** Templates already parsed: a reason is filled for every alert, and parsed once. */
        private static final java.util.Map<String, List<Object>> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

        /** Literal strings and placeholders, in order. */
        static List<Object> parts(String template) {
            List<Object> parts = PARSED.get(template);
            if (parts == null) {
                parts = List.copyOf(parse(template));
                if (PARSED.size() < 1024) {
                    PARSED.put(template, parts);
                }
            }
            return parts;
        }

        private static List<Object> parse(String template) {
            List<Object> parts = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            int i = 0;
            while (i < template.length()) {
                char c = template.charAt(i);
                if (c == '{' && template.startsWith("{{", i) || c == '}' && template.startsWith("}}", i)) {
                    literal.append(c);
                    i += 2;
                } else if (c == '{') {
                    int end = template.indexOf('}', i);
                    if (end < 0) {
                        throw new IllegalArgumentException("'{' at character " + (i + 1)
                                + " is not closed (write {{ for a brace)");
                    }
                    String name = template.substring(i + 1, end);
                    if (!name.matches("[a-z_]+")) {
                        throw new IllegalArgumentException("'{" + name + "}' is not a placeholder (write {{ for a brace)");
                    }
                    if (!literal.isEmpty()) {
                        parts.add(literal.toString());
                        literal.setLength(0);
                    }
                    parts.add(new Placeholder(name));
                    i = end + 1;
                } else if (c == '}') {
                    throw new IllegalArgumentException("'}' at character " + (i + 1)
                            + " closes nothing (write }} for a brace)");
                } else {
                    literal.append(c);
                    i++;
                }
            }
            if (!literal.isEmpty()) {
                parts.add(literal.toString());
            }
            return parts;
        }

        private Template() {}
    }
}
