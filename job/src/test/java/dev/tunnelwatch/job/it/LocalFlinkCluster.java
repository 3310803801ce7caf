package dev.tunnelwatch.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A standalone cluster of bin/flink-cluster on its own REST port (its own folder .run/flink-PORT/
 * and its own ZooKeeper with --ha), driven as an operator would: the script's subcommands for
 * processes, the REST API for jobs.
 */
final class LocalFlinkCluster {

    private static final Duration SCRIPT = Duration.ofMinutes(3);
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern TASKMANAGER = Pattern.compile("taskmanager-(\\d+) \\(pid");

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    LocalFlinkCluster(int port) {
        this.port = port;
    }

    int port() {
        return port;
    }

    Path folder() {
        return Shell.home().resolve(".run").resolve("flink-" + port);
    }

    /** Starts a new cluster; one left over from an aborted run is stopped first. */
    void start(boolean ha, int taskManagers, int slots, List<String> settings) throws Exception {
        stop();
        List<String> command = new ArrayList<>(List.of("bin/flink-cluster", "start", "--port", Integer.toString(port),
                "--taskmanagers", Integer.toString(taskManagers), "--slots", Integer.toString(slots)));
        if (ha) {
            command.add("--ha");
        }
        for (String s : settings) {
            command.addAll(List.of("-D", s));
        }
        ok(command);
    }

    void stop() throws Exception {
        ok(List.of("bin/flink-cluster", "stop", "--port", Integer.toString(port)));
    }

    /** SIGKILL of TaskManager n. */
    void killTaskManager(int n) throws Exception {
        ok(List.of("bin/flink-cluster", "taskmanager", "kill", Integer.toString(n), "--port", Integer.toString(port)));
    }

    /** A new TaskManager with the next number; returns its number once it has registered. */
    int startTaskManager() throws Exception {
        Shell.Result r = ok(List.of("bin/flink-cluster", "taskmanager", "start", "--port", Integer.toString(port)));
        Matcher m = TASKMANAGER.matcher(r.all());
        if (!m.find()) {
            throw new IllegalStateException("no TaskManager number in: " + r.all());
        }
        return Integer.parseInt(m.group(1));
    }

    /** The numbers of the TaskManagers whose JVMs run (by their pid files). */
    List<Integer> runningTaskManagers() throws IOException {
        List<Integer> numbers = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder())) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("taskmanager-") && name.endsWith(".pid")) {
                    long pid = Long.parseLong(Files.readString(f).strip());
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        numbers.add(Integer.parseInt(name.substring("taskmanager-".length(), name.length() - 4)));
                    }
                }
            }
        }
        return numbers.stream().sorted().toList();
    }

    /** Starts TaskManagers until {@code count} run (after a test that failed half-way). */
    void ensureTaskManagers(int count) throws Exception {
        for (int running = runningTaskManagers().size(); running < count; running++) {
            startTaskManager();
        }
    }

    void killJobManager() throws Exception {
        ok(List.of("bin/flink-cluster", "jobmanager", "kill", "--port", Integer.toString(port)));
    }

    /** Starts the JobManager unless it runs (after a test that failed half-way). */
    void ensureJobManager() throws Exception {
        startJobManager();
    }

    /** Starts the JobManager again; returns once it leads (its REST API answers). */
    void startJobManager() throws Exception {
        ok(List.of("bin/flink-cluster", "jobmanager", "start", "--port", Integer.toString(port)));
    }

    /** Submits the job jar detached, as bin/flink-cluster submit does; returns the job id. */
    String submit(String jar, int parallelism, List<String> flinkSettings, List<String> jobArgs) throws Exception {
        // bin/flink (what submit runs) on this cluster's configuration, with a copy of the jar that a
        // concurrent rebuild of job/target cannot change under the running job.
        List<String> command = new ArrayList<>(List.of("env", "FLINK_CONF_DIR=" + folder().resolve("conf"),
                "bin/flink", "run", "-d", "-p", Integer.toString(parallelism)));
        flinkSettings.forEach(s -> command.add("-D" + s));
        command.add(jar);
        command.addAll(jobArgs);
        Shell.Result r = ok(command);
        Matcher m = JOB_ID.matcher(r.all());
        if (!m.find()) {
            throw new IllegalStateException("no job id in: " + r.all());
        }
        return m.group(1);
    }

    /** GET of a REST path, or null while the JobManager does not answer (or not as leader). */
    JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? DetectionRun.JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String state(String job) {
        JsonNode j = get("/jobs/" + job);
        return j == null ? "UNREACHABLE" : j.get("state").asText();
    }

    /** Fails the test at once when the job has failed for good, with its root cause. */
    void assertNotFailed(String job) {
        if (state(job).equals("FAILED")) {
            JsonNode e = get("/jobs/" + job + "/exceptions");
            throw new AssertionError("job " + job + " FAILED: "
                    + (e == null ? "?" : e.path("exceptionHistory").path("entries").path(0).path("exceptionName").asText()
                            + ": " + e.path("root-exception").asText().lines().findFirst().orElse("")));
        }
    }

    /** True when the job runs with every task of every vertex RUNNING (deployed, restored). */
    boolean allTasksRunning(String job) {
        assertNotFailed(job);
        JsonNode j = get("/jobs/" + job);
        if (j == null || !j.get("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode v : j.get("vertices")) {
            if (!v.get("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /** The numbers of the TaskManagers on which a task of the job is RUNNING right now. */
    List<Integer> taskManagersRunning(String job) {
        JsonNode j = get("/jobs/" + job);
        java.util.TreeSet<Integer> numbers = new java.util.TreeSet<>();
        if (j != null) {
            for (JsonNode v : j.get("vertices")) {
                JsonNode vertex = get("/jobs/" + job + "/vertices/" + v.get("id").asText());
                for (JsonNode s : vertex == null ? List.<JsonNode>of() : vertex.get("subtasks")) {
                    String tm = s.path("taskmanager-id").asText();
                    if (s.path("status").asText().equals("RUNNING") && tm.startsWith("localhost-tm-")) {
                        numbers.add(Integer.parseInt(tm.substring("localhost-tm-".length())));
                    }
                }
            }
        }
        return List.copyOf(numbers);
    }

    /** The job's checkpoint statistics ({@code counts}, {@code latest}), or null when unreachable. */
    JsonNode checkpoints(String job) {
        return get("/jobs/" + job + "/checkpoints");
    }

    long completedCheckpoints(String job) {
        JsonNode c = checkpoints(job);
        return c == null ? -1 : c.get("counts").get("completed").asLong();
    }

    /** The id of the checkpoint the job last restored from, or -1. */
    long restoredCheckpoint(String job) {
        JsonNode c = checkpoints(job);
        JsonNode restored = c == null ? null : c.get("latest").get("restored");
        return restored == null || restored.isNull() ? -1 : restored.get("id").asLong();
    }

    /** The id of the job's latest completed checkpoint, or -1. */
    long latestCheckpoint(String job) {
        JsonNode c = checkpoints(job);
        JsonNode completed = c == null ? null : c.get("latest").get("completed");
        return completed == null || completed.isNull() ? -1 : completed.get("id").asLong();
    }

    /** How often the job restarted on this JobManager (the numRestarts metric). */
    long restarts(String job) {
        JsonNode m = get("/jobs/" + job + "/metrics?get=numRestarts");
        return m == null || m.isEmpty() ? -1 : m.get(0).get("value").asLong();
    }

    /** Cancels every job that is not finished yet and waits until each has ended. */
    void cancelAll() throws Exception {
        JsonNode overview = get("/jobs/overview");
        if (overview == null) {
            return;
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode j : overview.get("jobs")) {
            if (!List.of("FINISHED", "CANCELED", "FAILED").contains(j.get("state").asText())) {
                ids.add(j.get("jid").asText());
            }
        }
        for (String id : ids) {
            http.send(HttpRequest.newBuilder(uri("/jobs/" + id + "?mode=cancel"))
                    .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        }
        for (String id : ids) {
            await(Duration.ofMinutes(1), "job " + id + " cancelled",
                    () -> List.of("CANCELED", "FINISHED", "FAILED").contains(state(id)));
        }
    }

    /**
     * Waits for a condition with a generous deadline (not an assertion on time: a slow machine
     * only waits longer); returns the time it took.
     */
    static Duration await(Duration timeout, String what, Condition condition) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static Shell.Result ok(List<String> command) throws Exception {
        Shell.Result r = Shell.run(SCRIPT, command);
        if (r.exit() != 0) {
            throw new IllegalStateException("exit " + r.exit() + ": " + String.join(" ", command) + "\n" + r.all());
        }
        return r;
    }
}
