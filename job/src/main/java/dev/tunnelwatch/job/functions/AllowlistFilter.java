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
    private transient AllowlistCounts counts;

    public AllowlistFilter(Allowlist allowlist) {
        this.allowlist = allowlist;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = new AllowlistCounts(getRuntimeContext());
    }

    @Override
    public boolean filter(TunnelAlert alert) {
        return counts.passes(allowlist, alert);
    }
}
