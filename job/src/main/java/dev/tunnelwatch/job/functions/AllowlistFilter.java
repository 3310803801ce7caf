package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.job.allowlist.Allowlist;
import dev.tunnelwatch.job.model.TunnelAlert;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;

/** Drops rows of approved deployments, and counts rows written and rows allowlisted. */
public final class AllowlistFilter extends RichFilterFunction<TunnelAlert> {

    private final Allowlist allowlist;
    private transient RunCount written;
    private transient RunCount allowlisted;

    public AllowlistFilter(Allowlist allowlist) {
        this.allowlist = allowlist;
    }

    @Override
    public void open(OpenContext openContext) {
        written = new RunCount(getRuntimeContext(), RunCounters.ROWS_WRITTEN);
        allowlisted = new RunCount(getRuntimeContext(), RunCounters.ROWS_ALLOWLISTED);
    }

    @Override
    public boolean filter(TunnelAlert alert) {
        if (allowlist.approvedBy(alert.key()) != null) {
            allowlisted.inc();
            return false;
        }
        written.inc();
        return true;
    }
}
