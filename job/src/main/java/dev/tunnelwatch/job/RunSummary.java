package dev.tunnelwatch.job;

import static dev.tunnelwatch.job.functions.RunCounters.*;

import dev.tunnelwatch.connectors.record.DeadLetterReason;
import dev.tunnelwatch.job.functions.RunCounters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counts of a run, read back from the job's accumulators. Every record read is in exactly one
 * of matched, not matching, skipped and dead-lettered.
 */
public record RunSummary(
        long read, long matched, long notMatching, long skipped, long deadLettered, long cannotMatch,
        Map<String, Long> deadLetteredByReason, long rowsWritten, long rowsAllowlisted, long late,
        long overGroupLimit, long alertsSuppressed) {

    public static RunSummary from(Map<String, Object> accumulators) {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            long n = count(accumulators, RunCounters.deadLettered(reason));
            if (n > 0) {
                byReason.put(reason.code(), n);
            }
        }
        return new RunSummary(
                count(accumulators, READ),
                count(accumulators, MATCHED),
                count(accumulators, NOT_MATCHING),
                count(accumulators, SKIPPED),
                count(accumulators, DEAD_LETTERED),
                count(accumulators, CANNOT_MATCH),
                byReason,
                count(accumulators, ROWS_WRITTEN),
                count(accumulators, ROWS_ALLOWLISTED),
                count(accumulators, LATE),
                count(accumulators, OVER_GROUP_LIMIT),
                count(accumulators, ALERTS_SUPPRESSED));
    }

    private static long count(Map<String, Object> accumulators, String name) {
        Object v = accumulators.get(name);
        return v instanceof Number n ? n.longValue() : 0;
    }

    public boolean balances() {
        return read == matched + notMatching + skipped + deadLettered + cannotMatch;
    }

    /** The end-of-run lines for stderr. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("summary: read %d = matched %d + not matching %d + skipped (not EID 3) %d + dead-lettered %d",
                read, matched, notMatching, skipped, deadLettered));
        if (cannotMatch > 0) {
            sb.append(String.format(" + cannot match (not decoded) %d", cannotMatch));
        }
        sb.append(System.lineSeparator());
        if (!deadLetteredByReason.isEmpty()) {
            sb.append("summary: dead letters by reason:");
            deadLetteredByReason.forEach((reason, n) -> sb.append(' ').append(reason).append('=').append(n));
            sb.append(System.lineSeparator());
        }
        sb.append(String.format("summary: rows written %d", rowsWritten));
        if (rowsAllowlisted > 0) {
            sb.append(String.format(" (%d more removed by the allowlist)", rowsAllowlisted));
        }
        if (alertsSuppressed > 0) {
            sb.append(String.format("; %d not sent as alerts (suppressed: --suppress-for)", alertsSuppressed));
        }
        if (late > 0) {
            sb.append(String.format("; %d matched events arrived after their window closed (late events)", late));
        }
        if (overGroupLimit > 0) {
            sb.append(String.format("; %d matched events were over the groups-per-window limit (group-limit dead letters)",
                    overGroupLimit));
        }
        if (!balances()) {
            sb.append(System.lineSeparator()).append("summary: WARNING counts do not add up: a bug, please report it");
        }
        return sb.toString();
    }
}
