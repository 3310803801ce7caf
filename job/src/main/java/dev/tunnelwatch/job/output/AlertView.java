package dev.tunnelwatch.job.output;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything an alert says, as plain values: the one input of the standard output formats
 * ({@link OcsfDetectionFinding}, {@link EcsAlert}), so that they know nothing of Flink or of how
 * the job builds an alert.
 *
 * @param ruleName the detection's name
 * @param ruleId the detection's stable id (a UUID for Splunk's rule)
 * @param ruleVersion the detection's version
 * @param ruleDescription what the detection looks for; may be null
 * @param technique the MITRE ATT&amp;CK technique id, {@code T1572} (or a sub-technique, {@code T1071.001})
 * @param techniqueName its name, {@code Protocol Tunneling}
 * @param tactic the ATT&amp;CK tactic id, {@code TA0011}
 * @param tacticName its name, {@code Command and Control}
 * @param severity one of {@link #SEVERITIES}
 * @param reason one sentence saying why this fired
 * @param alertId 32 lowercase hex characters, the same on every run for the same (rule, window, group)
 * @param status one of {@link #STATUSES}: {@code opened} is an early alert at a group's first event
 *     in a window, with the fields known so far; {@code new} the window's final row; {@code updated}
 *     the row written again after late data
 * @param revision 0 for {@code opened} and {@code new}; 1, 2, ... for each {@code updated}
 * @param groupFields the fourteen CIM fields of {@link #GROUP_FIELDS}, in that order; values may be
 *     null, or CIM's placeholders {@code null} and {@code unknown}
 * @param count the number of events
 * @param firstTime the earliest event time, epoch ms
 * @param lastTime the latest event time, epoch ms
 * @param srcPorts the distinct source ports, as written in the events
 * @param windowStart the window's start, epoch ms, inclusive
 * @param windowEnd the window's end, epoch ms, exclusive
 * @param origins the first few raw events' origins, such as {@code /data/x.jsonl:12} or {@code sysmon/0@1234}
 * @param suppressedWindows the windows not alerted since the last alert of the same suppression key
 */
public record AlertView(
        String ruleName,
        String ruleId,
        String ruleVersion,
        String ruleDescription,
        String technique,
        String techniqueName,
        String tactic,
        String tacticName,
        String severity,
        String reason,
        String alertId,
        String status,
        int revision,
        Map<String, String> groupFields,
        long count,
        long firstTime,
        long lastTime,
        List<String> srcPorts,
        long windowStart,
        long windowEnd,
        List<String> origins,
        long suppressedWindows) {

    /** The CIM group fields, in the search's BY-clause order (the same as {@code GroupKey.FIELD_NAMES}). */
    public static final List<String> GROUP_FIELDS = List.of(
            "action", "app", "dest", "dest_ip", "dest_port", "direction", "dvc", "protocol",
            "protocol_version", "src", "src_ip", "transport", "user", "vendor_product");

    /** Lowest first: the order OCSF's severity_id and ECS's event.severity number them in. */
    public static final List<String> SEVERITIES = List.of("informational", "low", "medium", "high", "critical");

    public static final Set<String> STATUSES = Set.of("opened", "new", "updated");

    private static final Pattern ALERT_ID = Pattern.compile("[0-9a-f]{32}");

    /**
     * Checks what the formats rely on, and copies the collections: {@code groupFields} into an
     * unmodifiable {@link LinkedHashMap} (its order kept, null values allowed), the lists with
     * {@link List#copyOf}.
     */
    public AlertView {
        requireText(ruleName, "ruleName");
        requireText(ruleId, "ruleId");
        requireText(ruleVersion, "ruleVersion");
        requireText(technique, "technique");
        requireText(techniqueName, "techniqueName");
        requireText(tactic, "tactic");
        requireText(tacticName, "tacticName");
        requireText(reason, "reason");
        if (!SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("severity must be one of " + SEVERITIES + ": " + severity);
        }
        if (alertId == null || !ALERT_ID.matcher(alertId).matches()) {
            throw new IllegalArgumentException("alertId must be 32 lowercase hex characters: " + alertId);
        }
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be one of " + STATUSES + ": " + status);
        }
        if (revision < 0 || (revision > 0) != status.equals("updated")) {
            throw new IllegalArgumentException("revision " + revision + " does not go with status " + status);
        }
        if (groupFields == null || !List.copyOf(groupFields.keySet()).equals(GROUP_FIELDS)) {
            throw new IllegalArgumentException("groupFields must have the keys " + GROUP_FIELDS + " in this order: "
                    + (groupFields == null ? null : groupFields.keySet()));
        }
        if (count < 1 || firstTime > lastTime || windowStart >= windowEnd || suppressedWindows < 0) {
            throw new IllegalArgumentException("inconsistent counts or times: count " + count + ", times ["
                    + firstTime + ", " + lastTime + "], window [" + windowStart + ", " + windowEnd
                    + "), suppressed " + suppressedWindows);
        }
        groupFields = Collections.unmodifiableMap(new LinkedHashMap<>(groupFields));
        srcPorts = List.copyOf(srcPorts);
        origins = List.copyOf(origins);
    }

    /** A group field's value, as given (placeholders included). */
    public String field(String name) {
        if (!groupFields.containsKey(name)) {
            throw new IllegalArgumentException("not a group field: " + name);
        }
        return groupFields.get(name);
    }

    /** 1 for {@code informational} to 5 for {@code critical}. */
    public int severityRank() {
        return SEVERITIES.indexOf(severity) + 1;
    }

    private static void requireText(String value, String name) {
        if (Objects.requireNonNull(value, name).isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }
}
