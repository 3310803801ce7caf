package dev.tunnelwatch.job;

import dev.tunnelwatch.job.config.CommandLine;
import dev.tunnelwatch.job.config.DetectionConfig;
import dev.tunnelwatch.job.config.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code bin/detect}: runs the detection on files, locally or (as the job jar's entry point) on a
 * cluster. A bounded run ends by itself and prints its summary on stderr.
 */
public final class Main {

    static final String JOB_NAME = "tunnelwatch: Windows Potential Cloudflared Network Connection";

    private Main() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (Throwable t) {
            // e.g. a local cluster that cannot start: say so and end, rather than hang on its threads
            System.err.println("detect: failed: " + rootCause(t));
            code = 1;
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(CommandLine.USAGE);
            return 0;
        }
        DetectionConfig config;
        try {
            config = CommandLine.parse(args, home());
        } catch (UsageException e) {
            err.println("detect: " + e.getMessage());
            return 2;
        }
        StreamExecutionEnvironment env = DetectionJob.environment(config);
        DetectionJob.define(env, config);
        JobClient client = env.executeAsync(JOB_NAME);
        if (!env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
            err.println("detect: submitted job " + client.getJobID() + " (detached)");
            return 0;
        }
        JobExecutionResult result;
        try {
            result = awaitWithProgress(client, config.progressInterval(), err);
        } catch (ExecutionException e) {
            err.println("detect: the job failed: " + rootCause(e));
            return 1;
        }
        RunSummary summary = RunSummary.from(result.getAllAccumulatorResults());
        err.println(summary.format());
        if (!config.output().equals(DetectionConfig.STDOUT)) {
            err.println("summary: alerts in " + config.output() + ", dead letters in " + config.deadLetter());
        }
        return 0;
    }

    /** Waits for the end of the run; on a long one, says how far it got every interval. */
    private static JobExecutionResult awaitWithProgress(JobClient client, Duration interval, PrintStream err)
            throws Exception {
        CompletableFuture<JobExecutionResult> done = client.getJobExecutionResult();
        if (interval.isZero()) {
            return done.get();
        }
        long start = System.nanoTime();
        while (true) {
            try {
                return done.get(interval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                Map<String, Object> acc;
                try {
                    acc = client.getAccumulators().get(interval.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception finishingOrBusy) {
                    continue; // the job may be ending right now: its result comes next
                }
                RunSummary s = RunSummary.from(acc);
                long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
                err.printf("progress: %ds, read %d, matched %d, skipped %d, dead-lettered %d, late %d,"
                        + " over group limit %d, rows %d%n", seconds, s.read(), s.matched(), s.skipped(),
                        s.deadLettered(), s.late(), s.overGroupLimit(), s.rowsWritten());
            }
        }
    }

    private static String rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    /** The project folder that bin/detect passes, for the default config and testdata. */
    private static Path home() {
        String home = System.getProperty("tunnelwatch.home");
        return home == null ? null : Path.of(home);
    }

}
