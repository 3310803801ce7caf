package dev.tunnelwatch.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.job.MainRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** bin/detect's entry point, in process: console and folder outputs, summary, and usage errors. */
class CommandLineIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @Test
    void consoleRunPrintsRowsOnStdoutAndDeadLettersAndSummaryOnStderr(@TempDir Path work) throws Exception {
        Path input = Files.write(work.resolve("in.log"), List.of(
                Events.flat("WS-01", "2026-12-01 12:00:00", 50001, 7844),
                Events.flat("WS-02", "2026-12-01 12:00:00", 50001, 7844),
                "garbage"));
        Console console = Console.capture(() -> MainRunner.run("--input", input.toString()));

        assertThat(console.code).isZero();
        assertThat(console.stdoutLines()).hasSize(2).allMatch(l -> l.startsWith("{\"action\":\"allowed\""));
        // "garbage" cannot hold the port: the fast path passes over it without decoding.
        assertThat(console.stderr).doesNotContain("\"reason\"")
                .contains("summary: read 3 = matched 2 + not matching 0 + skipped (not EID 3) 0 + dead-lettered 0"
                        + " + cannot match (not decoded) 1")
                .contains("summary: rows written 2");

        Console strict = Console.capture(() -> MainRunner.run("--input", input.toString(), "--strict"));
        assertThat(strict.code).isZero();
        assertThat(strict.stdoutLines()).isEqualTo(console.stdoutLines());
        assertThat(strict.stderr).contains("\"reason\":\"unrecognised-record\"")
                .contains("summary: read 3 = matched 2 + not matching 0 + skipped (not EID 3) 0 + dead-lettered 1\n")
                .contains("summary: rows written 2");
    }

    @Test
    void folderRunWritesPartFilesAndDeadLettersBesideThem(@TempDir Path work) throws Exception {
        Path input = Files.write(work.resolve("in.log"), List.of(
                Events.flat("WS-01", "2026-12-01 12:00:00", 50001, 7844), "{\"broken\":"));
        Path out = work.resolve("out/alerts");
        Console console = Console.capture(() -> MainRunner.run("--input", input.toString(), "--output", out.toString(),
                "--strict"));

        assertThat(console.code).isZero();
        assertThat(console.stdout).isEmpty();
        assertThat(DetectionRun.readLines(out)).hasSize(1);
        assertThat(DetectionRun.readLines(work.resolve("out/dead-letter")))
                .extracting(d -> d.get("reason").asText()).containsExactly("malformed-json");
        assertThat(console.stderr).contains("summary: rows written 1");
    }

    @Test
    void badFlagsAndPathsFailWithOneLineBeforeAnyWork(@TempDir Path work) throws Exception {
        Path input = Files.write(work.resolve("in.log"), List.of("{}"));
        Path notEmpty = Files.createDirectories(work.resolve("used"));
        Files.writeString(notEmpty.resolve("old.jsonl"), "x");
        List<List<String>> bad = List.of(
                List.of("--bogus", "1"),
                List.of("--input", work.resolve("missing.jsonl").toString()),
                List.of("--input", input.toString(), "--ports", "78x4"),
                List.of("--input", input.toString(), "--window", "soon"),
                List.of("--input", input.toString(), "--parallelism", "0"),
                List.of("--input", input.toString(), "--output", input.toString()),
                List.of("--input", input.toString(), "--output", notEmpty.toString()),
                List.of("--input", input.toString(), "--allowlist", work.resolve("nope.yaml").toString()),
                List.of("--input"));
        for (List<String> args : bad) {
            Console console = Console.capture(() -> MainRunner.run(args.toArray(String[]::new)));
            assertThat(console.code).as("exit code for %s", args).isEqualTo(2);
            assertThat(console.stderr.strip().lines()).as("stderr for %s", args).hasSize(1)
                    .allMatch(l -> l.startsWith("detect: "));
            assertThat(console.stdout).isEmpty();
        }
        assertThat(Files.list(work).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("in.log", "used");
    }

    @Test
    void helpGoesToStdout() throws Exception {
        Console console = Console.capture(() -> MainRunner.run("--help"));
        assertThat(console.code).isZero();
        assertThat(console.stdout).startsWith("Usage: bin/detect");
    }

    /** Captures System.out/err (the print sinks write there) around one run. */
    record Console(int code, String stdout, String stderr) {
        interface Run {
            int run() throws Exception;
        }

        static Console capture(Run run) throws Exception {
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                code = run.run();
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
            return new Console(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        List<String> stdoutLines() {
            return stdout.lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
