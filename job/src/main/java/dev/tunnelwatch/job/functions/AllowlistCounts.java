package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.model.TunnelAlert;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * What an allowlist lets through and holds back, counted: rows written, rows allowlisted, early
 * alerts sent (an early alert is not a row). Shared by the fixed and the live allowlist.
 */
final class AllowlistCounts {

    private final RunCount written;
    private final RunCount allowlisted;
    private final RunCount opened;

    AllowlistCounts(RuntimeContext ctx) {
        written = new RunCount(ctx, RunCounters.ROWS_WRITTEN);
        allowlisted = new RunCount(ctx, RunCounters.ROWS_ALLOWLISTED);
        opened = new RunCount(ctx, RunCounters.ALERTS_OPENED);
    }

    /** True when the alert passes the allowlist; counted either way. */
    boolean passes(Allowlist allowlist, TunnelAlert alert) {
        if (allowlist.approvedBy(alert.key()) != null) {
            if (!alert.opened()) {
                allowlisted.inc();
            }
            return false;
        }
        (alert.opened() ? opened : written).inc();
        return true;
    }
}
