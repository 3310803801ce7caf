package dev.tunnelwatch.bench;

import dev.tunnelwatch.job.DetectionJob;
import dev.tunnelwatch.job.RunSummary;
import dev.tunnelwatch.job.config.CommandLine;
import dev.tunnelwatch.job.config.DetectionConfig;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job as {@code bin/detect} builds it (same command line, same {@link DetectionJob}), run in
 * this JVM so its own time can be told apart from start-up: prints one {@code BENCH} line with the
 * job's net runtime (from submission to end, as the JobManager counts it: no JVM or MiniCluster
 * start-up), the wall time of {@code execute()} (MiniCluster start and stop included) and the
 * run's counts.
 */
public final class RunJob {

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        String home = System.getProperty("tunnelwatch.home");
        DetectionConfig config = CommandLine.parse(args, home == null ? null : Path.of(home));
        StreamExecutionEnvironment env = DetectionJob.environment(config);
        DetectionJob.define(env, config);
        long t1 = System.nanoTime();
        JobExecutionResult result = env.execute("tunnelwatch bench");
        long t2 = System.nanoTime();
        RunSummary s = RunSummary.from(result.getAllAccumulatorResults());
        System.err.println(s.format());
        System.out.printf(Locale.ROOT, "BENCH impl=job net_ms=%d execute_ms=%d setup_ms=%d read=%d matched=%d"
                        + " dead_lettered=%d rows=%d balances=%s%n",
                result.getNetRuntime(), (t2 - t1) / 1_000_000, (t1 - t0) / 1_000_000, s.read(), s.matched(),
                s.deadLettered(), s.rowsWritten(), s.balances());
        System.exit(0);
    }
}
