package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.model.TunnelAlert;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;

/**
 * Drops rows (and early alerts) of approved deployments, and counts rows written, rows
 * allowlisted and early alerts sent.
 */
public final class AllowlistFilter extends RichFilterFunction<TunnelAlert> {

    private final Allowlist allowlist;
    private transient RunCount written;
    private transient RunCount allowlisted;
    private transient RunCount opened;

    public AllowlistFilter(Allowlist allowlist) {
        this.allowlist = allowlist;
    }

    @Override
    public void open(OpenContext openContext) {
        written = new RunCount(getRuntimeContext(), RunCounters.ROWS_WRITTEN);
        allowlisted = new RunCount(getRuntimeContext(), RunCounters.ROWS_ALLOWLISTED);
        opened = new RunCount(getRuntimeContext(), RunCounters.ALERTS_OPENED);
    }

    @Override
    public boolean filter(TunnelAlert alert) {
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
