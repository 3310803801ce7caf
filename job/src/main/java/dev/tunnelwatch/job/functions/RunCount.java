package dev.tunnelwatch.job.functions;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/** One count kept twice: as an accumulator for the end-of-run summary and as a live metric. */
final class RunCount {

    private final LongCounter accumulator = new LongCounter();
    private final Counter metric;

    RunCount(RuntimeContext ctx, String name) {
        ctx.addAccumulator(name, accumulator);
        metric = ctx.getMetricGroup().counter(name);
    }

    void inc() {
        accumulator.add(1);
        metric.inc();
    }

    void add(long n) {
        accumulator.add(n);
        metric.inc(n);
    }
}
