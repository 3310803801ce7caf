package dev.tunnelwatch.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real standalone cluster (bin/flink-cluster: a JobManager and two TaskManagers,
 * separate JVMs), submitted with Flink's own CLI (bin/flink), as a platform engineer would.
 */
class StandaloneClusterIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Duration SCRIPT = Duration.ofMinutes(4);
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    @BeforeAll
    static void startCluster() throws Exception {
        Shell.ok(SCRIPT, "bin/flink-cluster", "start", "--taskmanagers", "2", "--slots", "2");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Shell.ok(SCRIPT, "bin/flink-cluster", "stop");
    }

    static String jar() {
        return Shell.home().resolve("job/target/tunnelwatch-job-0.1.0-SNAPSHOT.jar").toString();
    }

    @Test
    void boundedRunsAtParallelismTwoAndFourGiveTheMiniClusterRows(@TempDir Path work) throws Exception {
        Path events = DetectionRun.testdata().resolve("events");
        List<String> expected = DetectionRun.of(work.resolve("mini"), List.of(events)).specRows();
        assertThat(expected).hasSize(75);

        List<String> jobIds = new ArrayList<>();
        for (int p : new int[] {2, 4}) {
            Path out = work.resolve("p" + p);
            Shell.Result r = Shell.ok(SCRIPT, "bin/flink", "run", "-p", Integer.toString(p), jar(),
                    "--input", events.toString(), "--output", out.resolve("alerts").toString(),
                    "--dead-letter", out.resolve("dead-letter").toString());
            assertThat(r.all()).contains("summary: rows written 75");
            jobIds.add(jobId(r.all()));

            List<String> rows = DetectionRun.readLines(out.resolve("alerts")).stream()
                    .map(StandaloneClusterIT::spec).toList();
            assertThat(DetectionRun.sortedLikeGolden(rows)).as("rows at parallelism %d", p)
                    .containsExactlyElementsOf(expected);
            assertThat(DetectionRun.readLines(out.resolve("dead-letter"))).hasSize(73);
        }
        for (String id : jobIds) {
            JsonNode job = rest("/jobs/" + id);
            assertThat(job.get("state").asText()).isEqualTo("FINISHED");
        }
        assertThat(rest("/jobs/" + jobIds.get(1)).get("vertices").get(0).get("parallelism").asInt()).isEqualTo(4);
    }

    @Test
    void stopWithSavepointAndResumeWithARebuiltJarAndAnotherParallelismLosesAndRepeatsNothing(@TempDir Path work)
            throws Exception {
        String events = "sp-events";
        String alerts = "sp-alerts";
        TestTopics.create(KAFKA.bootstrapServers(), events, 2);
        TestTopics.create(KAFKA.bootstrapServers(), alerts, 2);
        List<List<String>> parts = List.of(part(11, 12), part(13, 13), part(14, 15));

        // What one uninterrupted bounded run of all the events gives.
        List<String> all = new ArrayList<>();
        parts.forEach(all::addAll);
        Path allFile = Files.write(work.resolve("all.jsonl"), all);
        List<String> bounded = DetectionRun.of(work.resolve("expected"), List.of(allFile)).specRows();
        assertThat(bounded).hasSize(15);
        // Streaming, the last window [14:50, 15:50) stays open: no later event closes it.
        List<String> expected = bounded.stream().filter(r -> !r.contains("\"window_start\":\"2026-12-01T14:50:00Z\""))
                .toList();
        assertThat(expected).hasSize(12);

        List<String> jobArgs = List.of("--input", "kafka://" + KAFKA.bootstrapServers() + "/" + events,
                "--output", "kafka://" + KAFKA.bootstrapServers() + "/" + alerts,
                "--group-id", "savepoint-test", "--start", "earliest");

        produce(events, parts.get(0));
        String job = submit(List.of("-p", "2"), jar(), jobArgs);
        awaitRows(alerts, 3); // the 11:50 window closed, mid-stream
        String savepoint1 = stopWithSavepoint(job, work.resolve("sp1"));

        produce(events, parts.get(1));
        String upgraded = rebuiltJar(work.resolve("upgraded.jar"));
        job = submit(List.of("-p", "2", "-s", savepoint1), upgraded, jobArgs);
        awaitRows(alerts, 6);
        String savepoint2 = stopWithSavepoint(job, work.resolve("sp2"));

        produce(events, parts.get(2));
        job = submit(List.of("-p", "4", "-s", savepoint2), upgraded, jobArgs);
        List<ConsumerRecord<String, byte[]>> rows = awaitRows(alerts, 12);
        Shell.ok(SCRIPT, "bin/flink", "cancel", job);

        List<String> actual = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : rows) {
            actual.add(spec(DetectionRun.JSON.readTree(r.value())));
        }
        assertThat(DetectionRun.sortedLikeGolden(actual)).containsExactlyElementsOf(expected);
    }

    /**
     * What README "Operations" promises: every JVM of the cluster serves the job's counts for
     * Prometheus (flink-conf/config.yaml), and they add up to what the job read.
     */
    @Test
    void aRunningJobServesItsCountsToPrometheus() throws Exception {
        String events = "metrics-events";
        String alerts = "metrics-alerts";
        TestTopics.create(KAFKA.bootstrapServers(), events, 2);
        TestTopics.create(KAFKA.bootstrapServers(), alerts, 2);
        List<String> lines = new ArrayList<>(part(11, 12));
        lines.add("{\"EventID\":3,\"DestinationPort\":7844,"); // malformed JSON that shows the port
        lines.add(Events.flat("WS-09", "2026-12-01 12:30:00", 50000, 443)); // another port
        produce(events, lines);
        String job = submit(List.of("-p", "2"), jar(), List.of(
                "--input", "kafka://" + KAFKA.bootstrapServers() + "/" + events,
                "--output", "kafka://" + KAFKA.bootstrapServers() + "/" + alerts,
                "--group-id", "metrics-test", "--start", "earliest"));
        awaitRows(alerts, 3);

        String read = "flink_taskmanager_job_task_operator_records_read";
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        java.util.Map<String, Double> counts = prometheus(job);
        while (counts.getOrDefault(read, 0.0) < lines.size() || counts.getOrDefault(
                "flink_taskmanager_job_task_operator_rows_written", 0.0) < 3) {
            assertThat(System.nanoTime()).as("counts of %s: %s", job, counts).isLessThan(deadline);
            Thread.sleep(500);
            counts = prometheus(job);
        }
        Shell.ok(SCRIPT, "bin/flink", "cancel", job);

        String op = "flink_taskmanager_job_task_operator_";
        assertThat(counts.get(op + "records_read")).isEqualTo(32.0);
        assertThat(counts.get(op + "records_matched")).isEqualTo(30.0);
        assertThat(counts.get(op + "records_dead_lettered_malformed_json")).isEqualTo(1.0);
        // The port-443 event is passed over by the fast path, or decoded by its probe.
        assertThat(counts.get(op + "records_not_matching") + counts.get(op + "records_cannot_match")).isEqualTo(1.0);
        assertThat(counts.get(op + "records_dead_lettered")).isEqualTo(1.0);
        assertThat(counts.get(op + "rows_written")).isEqualTo(3.0);
        assertThat(counts.get(op + "records_late")).isEqualTo(0.0);
    }

    /**
     * The job's operator counts over every subtask, from each endpoint of the reporter's port
     * range that answers (the JobManager's and each TaskManager's).
     */
    private static java.util.Map<String, Double> prometheus(String job) throws Exception {
        java.util.Map<String, Double> sums = new java.util.TreeMap<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        int endpoints = 0;
        for (int port = 9249; port <= 9269; port++) {
            String body;
            try {
                body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException e) {
                continue; // nothing on this port
            }
            endpoints++;
            for (String line : body.split("\n")) {
                if (line.startsWith("flink_taskmanager_job_task_operator_") && line.contains("job_id=\"" + job + "\"")) {
                    String name = line.substring(0, line.indexOf('{'));
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    sums.merge(name, value, Double::sum);
                }
            }
        }
        assertThat(endpoints).as("Prometheus endpoints on 9249-9269").isGreaterThanOrEqualTo(3);
        return sums;
    }

    /**
     * Events of three groups, one per minute from {@code fromHour}:05 to {@code toHour}:45 on two
     * partitions' worth of hosts; the last one moves event time past the previous window's close.
     */
    private static List<String> part(int fromHour, int toHour) {
        List<String> lines = new ArrayList<>();
        for (int hour = fromHour; hour <= toHour; hour++) {
            for (int minute = 5; minute <= 45; minute += 10) {
                for (int host = 1; host <= 3; host++) {
                    lines.add(Events.flat("WS-0" + host, String.format("2026-12-01 %02d:%02d:00", hour, minute),
                            40000 + hour * 100 + minute, 7844));
                }
            }
        }
        return lines;
    }

    /** Each line to both partitions' hosts alike, so neither partition's watermark lags. */
    private static void produce(String topic, List<String> lines) throws Exception {
        List<byte[]> even = new ArrayList<>();
        List<byte[]> odd = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            (i % 2 == 0 ? even : odd).add(lines.get(i).getBytes(StandardCharsets.UTF_8));
        }
        TestTopics.produce(KAFKA.bootstrapServers(), topic, 0, even);
        TestTopics.produce(KAFKA.bootstrapServers(), topic, 1, odd);
    }

    private static String submit(List<String> flinkFlags, String jar, List<String> jobArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of("bin/flink", "run", "-d"));
        command.addAll(flinkFlags);
        command.add(jar);
        command.addAll(jobArgs);
        Shell.Result r = Shell.run(SCRIPT, command);
        assertThat(r.exit()).as(r.all()).isZero();
        String id = jobId(r.all());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!rest("/jobs/" + id).get("state").asText().equals("RUNNING")) {
            assertThat(System.nanoTime()).as("job %s running", id).isLessThan(deadline);
            Thread.sleep(200);
        }
        return id;
    }

    private static String stopWithSavepoint(String job, Path folder) throws Exception {
        Shell.Result r = Shell.ok(SCRIPT, "bin/flink", "stop", "--savepointPath", folder.toUri().toString(), job);
        Matcher m = SAVEPOINT.matcher(r.all());
        assertThat(m.find()).as(r.all()).isTrue();
        assertThat(rest("/jobs/" + job).get("state").asText()).isEqualTo("FINISHED");
        return m.group(1);
    }

    private static List<ConsumerRecord<String, byte[]>> awaitRows(String topic, int count) {
        List<ConsumerRecord<String, byte[]>> rows = TestTopics.readCommitted(KAFKA.bootstrapServers(), topic, count);
        assertThat(rows).as("rows in %s", topic).hasSize(count);
        return rows;
    }

    /** The same classes in a newly written jar with another version: an upgrade, as far as Flink can tell. */
    private static String rebuiltJar(Path target) throws Exception {
        try (JarFile in = new JarFile(jar());
                OutputStream file = Files.newOutputStream(target)) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "0.1.1-upgrade");
            try (JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry e : java.util.Collections.list(in.entries())) {
                    if (e.getName().equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.getInputStream(e).transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return target.toString();
    }

    private static String jobId(String output) {
        Matcher m = JOB_ID.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return m.group(1);
    }

    static JsonNode rest(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:8081" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return DetectionRun.JSON.readTree(r.body());
    }

    private static String spec(JsonNode row) {
        com.fasterxml.jackson.databind.node.ObjectNode spec = DetectionRun.JSON.createObjectNode();
        row.fields().forEachRemaining(e -> {
            if (DetectionRun.SPEC_COLUMNS.contains(e.getKey())) {
                spec.set(e.getKey(), e.getValue());
            }
        });
        return DetectionRun.canonical(spec);
    }
}
