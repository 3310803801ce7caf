package dev.tunnelwatch.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job under failures on a real standalone cluster (bin/flink-cluster --ha: ZooKeeper, a
 * JobManager and three TaskManagers of one slot each, all separate JVMs) with a real broker of its
 * own (bin/kafka-local): TaskManagers killed with SIGKILL mid-stream and mid-batch, the JobManager
 * killed and started again, the broker stopped for half a minute. Each time the output equals a
 * failure-free run of the same events exactly: nothing lost, nothing twice.
 *
 * <p>Failure moments and victims are random; the seed is printed and can be replayed with
 * {@code -Dtunnelwatch.faults.seed=N}. Waiting is bounded by generous deadlines only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    /** The failure-free reference runs, in this JVM. */
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    /** Ports apart from StandaloneClusterIT's cluster (8081) and bin/kafka-local's default (9092). */
    static final LocalFlinkCluster CLUSTER = new LocalFlinkCluster(8091);
    static final LocalKafka KAFKA = new LocalKafka(9192);

    static final long SEED = Long.getLong("tunnelwatch.faults.seed", System.currentTimeMillis());
    private static final Duration RECOVERY = Duration.ofMinutes(3);
    private static final int PARALLELISM = 2;
    private static final int TASK_MANAGERS = 3;
    /** A checkpoint (and so a Kafka commit) every second: failures land between busy checkpoints. */
    private static final List<String> STREAMING = List.of("execution.checkpointing.interval=1s");

    /** Four files of this many events: the bounded run takes long enough for three kills. */
    private static final int EVENTS_PER_FILE = 300_000;

    private static Path jar;
    private Random random;

    @BeforeAll
    static void startCluster(@TempDir Path tmp) throws Exception {
        System.out.println("FaultToleranceIT: seed " + SEED + " (replay with -Dtunnelwatch.faults.seed=" + SEED + ")");
        // A copy: another build replacing job/target's jar must not change the jar of a running job.
        jar = Files.copy(Shell.home().resolve("job/target/tunnelwatch-job-0.1.0-SNAPSHOT.jar"), tmp.resolve("job.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        KAFKA.startEmpty();
        // Three TaskManagers of one slot: a job at parallelism 2 runs on two of them, and the third is
        // the spare it restarts on (production keeps spare capacity too). Heartbeats: a dead
        // TaskManager is noticed in seconds, not in the default 50.
        CLUSTER.start(true, TASK_MANAGERS, 1, List.of("heartbeat.interval=2s", "heartbeat.timeout=20s",
                // the REST API caches a job's state for this long (3 s by default) and keeps the
                // statistics of this many checkpoints (10)
                "web.refresh-interval=1s", "web.checkpoints.history=200"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            CLUSTER.stop();
        } finally {
            KAFKA.stop();
        }
    }

    @AfterEach
    void tidy() throws Exception {
        // After a failed test too: no job left running, the whole cluster and broker for the next test.
        CLUSTER.cancelAll();
        CLUSTER.ensureJobManager();
        CLUSTER.ensureTaskManagers(TASK_MANAGERS);
        if (!KAFKA.running()) {
            KAFKA.start();
        }
    }

    void seed(TestInfo test) {
        long seed = SEED ^ test.getTestMethod().orElseThrow().getName().hashCode();
        random = new Random(seed);
    }

    @Test
    @Order(1)
    void taskManagersKilledMidStreamLoseAndRepeatNoRow(TestInfo test, @TempDir Path work) throws Exception {
        seed(test);
        Topics t = Topics.create("tm");
        try (TunnelTraffic traffic = new TunnelTraffic(KAFKA.bootstrapServers(), t.events, 2, 8,
                work.resolve("events.jsonl"))) {
            traffic.feed(Duration.ofMillis(100));
            String job = CLUSTER.submit(jar.toString(), PARALLELISM, STREAMING, t.jobArgs());
            awaitRunningWithCheckpoint(job, -1);

            for (int kill = 1; kill <= 3; kill++) {
                Thread.sleep(500 + random.nextInt(2500));
                int victim = busyTaskManager(job);
                long lastCheckpoint = CLUSTER.latestCheckpoint(job);
                assertThat(traffic.feeding()).as("kill %d strikes mid-stream", kill).isTrue();
                int hours = traffic.hoursSent();
                long killedAt = System.nanoTime();
                CLUSTER.killTaskManager(victim);
                int replacement = CLUSTER.startTaskManager();
                Duration replaced = Duration.ofNanos(System.nanoTime() - killedAt);
                long restored = awaitRunningWithCheckpoint(job, lastCheckpoint);
                report("kill %d: SIGKILL of taskmanager-%d after %d hours sent, last checkpoint %d; taskmanager-%d "
                                + "registered after %d ms; restored checkpoint %d, running and checkpointing again after %d ms",
                        kill, victim, hours, lastCheckpoint, replacement, replaced.toMillis(), restored,
                        Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
            }
            Thread.sleep(500 + random.nextInt(1500));
            long restarts = CLUSTER.restarts(job);
            Path events = traffic.finish();
            assertThat(restarts).as("restarts").isGreaterThanOrEqualTo(3);
            assertExactlyTheReferenceRows(work, events, t, traffic.hoursSent());
            report("%d hours of traffic, %d restarts", traffic.hoursSent(), restarts);
        }
    }

    @Test
    @Order(2)
    void taskManagersKilledDuringABoundedRunChangeNoRow(TestInfo test, @TempDir Path work) throws Exception {
        seed(test);
        Path input = generateFiles(work.resolve("input"), 4, EVENTS_PER_FILE);
        List<String> expected = DetectionRun.of(work.resolve("reference"), List.of(input)).specRows();
        Path out = work.resolve("out");
        String job = CLUSTER.submit(jar.toString(), PARALLELISM, List.of(), List.of("--input", input.toString(),
                "--output", out.resolve("alerts").toString(), "--dead-letter", out.resolve("dead-letter").toString()));
        long started = System.nanoTime();

        // One start at a time: each takes the next free TaskManager number.
        ExecutorService starter = Executors.newSingleThreadExecutor();
        List<Future<Integer>> replacements = new ArrayList<>();
        for (int kill = 1; kill <= 3; kill++) {
            long restartsBefore = Math.max(0, CLUSTER.restarts(job));
            LocalFlinkCluster.await(RECOVERY, "a task of job " + job + " running", () -> anyTaskRunning(job));
            Thread.sleep(200 + random.nextInt(1000));
            assertThat(CLUSTER.state(job)).as("kill %d strikes a running batch job (else: a larger input)", kill)
                    .isEqualTo("RUNNING");
            int victim = busyTaskManager(job);
            long killedAt = System.nanoTime();
            CLUSTER.killTaskManager(victim);
            // The replacement starts in the background: the job goes on on the spare meanwhile, so the
            // kills come every few seconds and all three strike before the run ends.
            replacements.add(starter.submit(CLUSTER::startTaskManager));
            int k = kill;
            LocalFlinkCluster.await(RECOVERY, "job " + job + " restarted", () -> {
                assertThat(CLUSTER.state(job)).as("job after kill %d", k).isNotEqualTo("FINISHED");
                return CLUSTER.restarts(job) > restartsBefore && anyTaskRunning(job);
            });
            report("batch kill %d: SIGKILL of taskmanager-%d at %d ms; tasks running again after %d ms", kill, victim,
                    Duration.ofNanos(killedAt - started).toMillis(), Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
        }
        for (Future<Integer> r : replacements) {
            report("batch: replacement taskmanager-%d registered", r.get(RECOVERY.toSeconds(), TimeUnit.SECONDS));
        }
        starter.shutdown();
        LocalFlinkCluster.await(Duration.ofMinutes(5), "job " + job + " finished",
                () -> List.of("FINISHED", "FAILED", "CANCELED").contains(CLUSTER.state(job)));
        assertThat(CLUSTER.state(job)).isEqualTo("FINISHED");
        long restarts = CLUSTER.restarts(job);
        assertThat(restarts).as("restarts").isGreaterThanOrEqualTo(3);

        List<String> actual = DetectionRun.readLines(out.resolve("alerts")).stream().map(FaultToleranceIT::spec).toList();
        assertSameRows(actual, expected);
        assertThat(DetectionRun.readLines(out.resolve("dead-letter"))).isEmpty();
        report("batch: %d rows from %d events, exactly the reference run's; %d restarts; the job took %d ms; "
                        + "files left hidden in the output: %s", expected.size(), 4 * EVENTS_PER_FILE, restarts,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), hiddenFiles(out));
    }

    @Test
    @Order(3)
    void jobManagerKilledMidStreamComesBackFromZooKeeperWithItsLatestCheckpoint(TestInfo test, @TempDir Path work)
            throws Exception {
        seed(test);
        Topics t = Topics.create("jm");
        try (TunnelTraffic traffic = new TunnelTraffic(KAFKA.bootstrapServers(), t.events, 2, 8,
                work.resolve("events.jsonl"))) {
            traffic.feed(Duration.ofMillis(100));
            String job = CLUSTER.submit(jar.toString(), PARALLELISM, STREAMING, t.jobArgs());
            awaitRunningWithCheckpoint(job, -1);
            Thread.sleep(1000 + random.nextInt(3000));

            long lastCheckpoint = CLUSTER.latestCheckpoint(job);
            assertThat(traffic.feeding()).as("the kill strikes mid-stream").isTrue();
            int hours = traffic.hoursSent();
            long killedAt = System.nanoTime();
            CLUSTER.killJobManager();
            long down = 500 + random.nextInt(3000);
            Thread.sleep(down);
            CLUSTER.startJobManager();
            Duration leading = Duration.ofNanos(System.nanoTime() - killedAt);
            // The same job id: the new JobManager found the job's graph and checkpoints through ZooKeeper.
            long restored = awaitRunningWithCheckpoint(job, lastCheckpoint);
            report("JobManager SIGKILL after %d hours sent, last checkpoint %d; down %d ms, leading again after %d ms; "
                            + "job %s restored checkpoint %d, running and checkpointing again after %d ms",
                    hours, lastCheckpoint, down, leading.toMillis(), job, restored,
                    Duration.ofNanos(System.nanoTime() - killedAt).toMillis());

            Thread.sleep(500 + random.nextInt(1500));
            assertThat(traffic.feeding()).isTrue();
            Path events = traffic.finish();
            assertExactlyTheReferenceRows(work, events, t, traffic.hoursSent());
        }
    }

    @Test
    @Order(4)
    void brokerStoppedForHalfAMinuteIsWaitedOutWithoutLossOrRepeat(TestInfo test, @TempDir Path work) throws Exception {
        seed(test);
        Topics t = Topics.create("broker");
        try (TunnelTraffic traffic = new TunnelTraffic(KAFKA.bootstrapServers(), t.events, 2, 8,
                work.resolve("events.jsonl"))) {
            traffic.feed(Duration.ofMillis(100));
            String job = CLUSTER.submit(jar.toString(), PARALLELISM, STREAMING, t.jobArgs());
            awaitRunningWithCheckpoint(job, -1);
            Thread.sleep(1000 + random.nextInt(3000));

            // The producers of the traffic wait too, as upstream shippers would buffer.
            traffic.pause();
            long lastCheckpoint = CLUSTER.latestCheckpoint(job);
            long restartsBefore = Math.max(0, CLUSTER.restarts(job));
            JsonNode countsBefore = CLUSTER.checkpoints(job).get("counts");
            int hours = traffic.hoursSent();
            long stoppedAt = System.nanoTime();
            KAFKA.stop();
            long outage = 20_000 + random.nextInt(10_000);
            Set<String> states = new TreeSet<>();
            while (System.nanoTime() - stoppedAt < outage * 1_000_000) {
                states.add(CLUSTER.state(job));
                Thread.sleep(250);
            }
            long restartsDuring = CLUSTER.restarts(job) - restartsBefore;
            JsonNode countsDuring = CLUSTER.checkpoints(job).get("counts");
            KAFKA.start();
            long startedAt = System.nanoTime();
            traffic.resume();
            // Whether or not the job restarted meanwhile: it runs, and a checkpoint completes (its
            // transactions commit) after the broker's return.
            long checkpointAtReturn = CLUSTER.latestCheckpoint(job);
            LocalFlinkCluster.await(RECOVERY, "job " + job + " running and checkpointing after the broker's return",
                    () -> CLUSTER.allTasksRunning(job) && CLUSTER.latestCheckpoint(job) > checkpointAtReturn);
            long restored = CLUSTER.restoredCheckpoint(job);
            if (restored >= 0) {
                assertThat(restored).as("restored from the latest checkpoint").isGreaterThanOrEqualTo(lastCheckpoint);
            }
            // The checkpoint under way while the broker was away waited for it: the longest one.
            JsonNode spanning = DetectionRun.JSON.createObjectNode();
            for (JsonNode c : CLUSTER.checkpoints(job).get("history")) {
                if (c.path("end_to_end_duration").asLong() > spanning.path("end_to_end_duration").asLong()) {
                    spanning = c;
                }
            }
            report("broker stopped after %d hours sent, last checkpoint %d, for %d ms; job states seen meanwhile %s, "
                            + "%d restarts, checkpoints completed %d -> %d, failed %d -> %d; broker back after %d ms; "
                            + "running and checkpointing again %d ms after its return (restored checkpoint: %d, -1 for none); "
                            + "the longest checkpoint, %d: %s after %d ms; restarts in all: %d",
                    hours, lastCheckpoint, outage, states, restartsDuring,
                    countsBefore.get("completed").asLong(), countsDuring.get("completed").asLong(),
                    countsBefore.get("failed").asLong(), countsDuring.get("failed").asLong(),
                    Duration.ofNanos(startedAt - stoppedAt).toMillis(),
                    Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), restored, spanning.path("id").asLong(),
                    spanning.path("status").asText(), spanning.path("end_to_end_duration").asLong(), CLUSTER.restarts(job));

            Thread.sleep(1000 + random.nextInt(2000));
            assertThat(traffic.feeding()).isTrue();
            Path events = traffic.finish();
            assertExactlyTheReferenceRows(work, events, t, traffic.hoursSent());
        }
    }

    /** Files of flat Sysmon events: {@code perFile} each, three in four on port 7844, 30 hosts. */
    private static Path generateFiles(Path folder, int files, int perFile) throws Exception {
        Files.createDirectories(folder);
        for (int f = 0; f < files; f++) {
            try (BufferedWriter w = Files.newBufferedWriter(folder.resolve("part-" + f + ".jsonl"), StandardCharsets.UTF_8)) {
                for (int i = 0; i < perFile; i++) {
                    long n = (long) f * perFile + i;
                    Instant time = TunnelTraffic.START.plusSeconds(n * 5);
                    String utc = time.toString().replace('T', ' ').replace("Z", "");
                    w.write(Events.flat(String.format("WS-%03d", n % 30), utc, 40000 + (int) (n % 20000),
                            n % 4 == 0 ? 443 : 7844));
                    w.write('\n');
                }
            }
        }
        return folder;
    }

    /**
     * A TaskManager, chosen at random, on which a task of the job runs right now (one whose work is
     * done, or the spare, would change nothing); right after a restart, once a task runs again.
     */
    private int busyTaskManager(String job) throws Exception {
        List<List<Integer>> busy = new ArrayList<>();
        LocalFlinkCluster.await(RECOVERY, "a TaskManager running a task of job " + job, () -> {
            busy.add(0, CLUSTER.taskManagersRunning(job));
            return !busy.get(0).isEmpty() || List.of("FINISHED", "FAILED").contains(CLUSTER.state(job));
        });
        assertThat(busy.get(0)).as("TaskManagers running job %s (finished already? then a larger input)", job)
                .isNotEmpty();
        return busy.get(0).get(random.nextInt(busy.get(0).size()));
    }

    private static boolean anyTaskRunning(String job) {
        CLUSTER.assertNotFailed(job);
        JsonNode j = CLUSTER.get("/jobs/" + job);
        if (j == null || !j.get("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode v : j.get("vertices")) {
            if (v.get("tasks").get("RUNNING").asInt() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Names in an output folder that a reader skips (in-progress files of failed attempts). */
    private static List<String> hiddenFiles(Path out) throws Exception {
        try (Stream<Path> all = Files.walk(out)) {
            return all.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    /**
     * Waits until every task runs and a checkpoint completed after the restore; returns the id of
     * the checkpoint restored from (asserted not older than {@code lastCheckpoint}), or -1.
     */
    private static long awaitRunningWithCheckpoint(String job, long lastCheckpoint) throws Exception {
        LocalFlinkCluster.await(RECOVERY, "job " + job + " running and checkpointing after restore from " + lastCheckpoint,
                () -> {
                    if (!CLUSTER.allTasksRunning(job)) {
                        return false;
                    }
                    long restored = CLUSTER.restoredCheckpoint(job);
                    long latest = CLUSTER.latestCheckpoint(job);
                    return lastCheckpoint < 0 ? latest > 0 : restored >= lastCheckpoint && latest > restored;
                });
        long restored = CLUSTER.restoredCheckpoint(job);
        if (lastCheckpoint >= 0) {
            assertThat(restored).as("restored from the latest checkpoint").isGreaterThanOrEqualTo(lastCheckpoint);
        }
        return restored;
    }

    /**
     * The alerts topic read with read_committed holds exactly the rows of a failure-free bounded
     * run of the same events, but for the closing events' own window, which a stream leaves open;
     * and no dead letter or late event was written.
     */
    private static void assertExactlyTheReferenceRows(Path work, Path events, Topics t, int hours) throws Exception {
        List<String> reference = DetectionRun.of(work.resolve("reference"), List.of(events)).specRows();
        List<String> expected = reference.stream().filter(r -> !r.contains("\"dvc\":\"" + TunnelTraffic.CLOSER)).toList();
        assertThat(reference.size() - expected.size()).as("rows of the closing events, one per partition").isEqualTo(2);
        assertThat(expected.size()).as("reference rows").isGreaterThan(hours);
        List<ConsumerRecord<String, byte[]>> records = readCommitted(t.alerts, expected.size());
        List<String> actual = new ArrayList<>();
        Set<String> alertIds = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            JsonNode row = DetectionRun.JSON.readTree(r.value());
            actual.add(spec(row));
            alertIds.add(row.get("alert_id").asText());
        }
        assertSameRows(actual, expected);
        assertThat(alertIds).as("distinct alert ids").hasSize(expected.size());
        assertThat(readCommitted(t.deadLetters, 0)).as("dead letters (late events)").isEmpty();
        report("rows: %d expected, %d read_committed, 0 lost, 0 duplicated", expected.size(), actual.size());
    }

    /** Exactly the expected rows; on a difference, says how many were lost and how many repeated. */
    static void assertSameRows(List<String> actual, List<String> expected) {
        Map<String, Integer> balance = new HashMap<>();
        expected.forEach(r -> balance.merge(r, 1, Integer::sum));
        actual.forEach(r -> balance.merge(r, -1, Integer::sum));
        int lost = balance.values().stream().filter(n -> n > 0).mapToInt(Integer::intValue).sum();
        int extra = -balance.values().stream().filter(n -> n < 0).mapToInt(Integer::intValue).sum();
        assertThat(DetectionRun.sortedLikeGolden(actual))
                .as("%d rows lost, %d rows duplicated or unexpected", lost, extra)
                .containsExactlyElementsOf(expected);
    }

    /** Records of a topic from the start with read_committed: until {@code expected} came, then 5 s more. */
    static List<ConsumerRecord<String, byte[]>> readCommitted(String topic, int expected) {
        return TestTopics.readCommitted(KAFKA.bootstrapServers(), topic, expected, RECOVERY, Duration.ofSeconds(5));
    }

    /** A row reduced to the spec's columns, in canonical form (as {@link DetectionRun#specRows()}). */
    static String spec(JsonNode row) {
        ObjectNode spec = DetectionRun.JSON.createObjectNode();
        row.fields().forEachRemaining(e -> {
            if (DetectionRun.SPEC_COLUMNS.contains(e.getKey())) {
                spec.set(e.getKey(), e.getValue());
            }
        });
        return DetectionRun.canonical(spec);
    }

    static void report(String format, Object... args) {
        System.out.printf("FaultToleranceIT %s: %s%n", Instant.now(), String.format(format, args));
    }

    /** One test's topics, named apart from every other test's, and the job's Kafka flags on them. */
    record Topics(String events, String alerts, String deadLetters) {

        static Topics create(String name) throws Exception {
            Topics t = new Topics(name + "-events", name + "-alerts", name + "-dead-letters");
            TestTopics.create(KAFKA.bootstrapServers(), t.events, 2);
            TestTopics.create(KAFKA.bootstrapServers(), t.alerts, 2);
            TestTopics.create(KAFKA.bootstrapServers(), t.deadLetters, 1);
            return t;
        }

        List<String> jobArgs() {
            return List.of("--input", KAFKA.url(events), "--output", KAFKA.url(alerts),
                    "--dead-letter", KAFKA.url(deadLetters), "--group-id", events, "--start", "earliest");
        }
    }
}
