package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.connectors.record.DeadLetterReason;

/**
 * Names of the per-run counts. Each is both a Flink accumulator (read back at the end of a
 * bounded run for the summary) and a metric (for a running job).
 */
public final class RunCounters {

    public static final String READ = "records_read";
    public static final String MATCHED = "records_matched";
    public static final String NOT_MATCHING = "records_not_matching";
    public static final String SKIPPED = "records_skipped";
    /** Records the fast path passed over: no spelling of a configured port in their bytes. */
    public static final String CANNOT_MATCH = "records_cannot_match";
    public static final String DEAD_LETTERED = "records_dead_lettered";
    public static final String ROWS_WRITTEN = "rows_written";
    public static final String ROWS_ALLOWLISTED = "rows_allowlisted";
    /** Early alerts sent ({@code --early-alerts}): not rows, each is followed by its window's row. */
    public static final String ALERTS_OPENED = "alerts_opened";
    /** Alerts not sent because the same combination was alerted within {@code --suppress-for}. */
    public static final String ALERTS_SUPPRESSED = "alerts_suppressed";
    /** Matched events behind the watermark beyond the allowed lateness (unbounded input), reported as late events. */
    public static final String LATE = "records_late";
    /** Matched events of groups over the per-window group limit (unbounded input), reported as dead letters. */
    public static final String OVER_GROUP_LIMIT = "records_over_group_limit";

    private RunCounters() {}

    public static String deadLettered(DeadLetterReason reason) {
        return DEAD_LETTERED + "_" + reason.code().replace('-', '_');
    }
}
