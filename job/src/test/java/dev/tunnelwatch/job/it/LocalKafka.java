package dev.tunnelwatch.job.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The broker of bin/kafka-local on its own port, as a process of its own that a test can stop and
 * start again on the same data, unlike the in-JVM {@link KafkaBroker}.
 */
final class LocalKafka {

    private static final Duration SCRIPT = Duration.ofMinutes(3);

    private final int port;

    LocalKafka(int port) {
        this.port = port;
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    String url(String topic) {
        return "kafka://" + bootstrapServers() + "/" + topic;
    }

    Path folder() {
        return Shell.home().resolve(".run").resolve("kafka").resolve(Integer.toString(port));
    }

    /** A new broker with no topics: a broker and data left by an aborted run are removed first. */
    void startEmpty() throws Exception {
        stop();
        if (Files.isDirectory(folder())) {
            try (Stream<Path> all = Files.walk(folder())) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        start();
    }

    /** Starts the broker on its existing data (or new data); returns once it answers. */
    void start() throws Exception {
        ok(List.of("bin/kafka-local", "start", "--port", Integer.toString(port)));
    }

    /** True when something answers on the broker's port. */
    boolean running() {
        try (java.net.Socket ignored = new java.net.Socket("localhost", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Stops it (SIGTERM, as an operator's restart does), keeping its data. */
    void stop() throws Exception {
        ok(List.of("bin/kafka-local", "stop", "--port", Integer.toString(port)));
    }

    private static void ok(List<String> command) throws Exception {
        Shell.Result r = Shell.run(SCRIPT, command);
        if (r.exit() != 0) {
            throw new IllegalStateException("exit " + r.exit() + ": " + String.join(" ", command) + "\n" + r.all());
        }
    }
}
