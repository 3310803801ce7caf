package dev.tunnelwatch.job.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the project's own scripts (bin/...) as a user would, from the project folder. */
final class Shell {

    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Shell() {}

    static Path home() {
        return Path.of(System.getProperty("tunnelwatch.home", "..")).toAbsolutePath().normalize();
    }

    static Result run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("shell", ".out");
        Path err = Files.createTempFile("shell", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(home().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("timed out after " + timeout + ": " + command
                        + "\n" + Files.readString(out) + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs and insists on exit code 0, showing the output when it is not. */
    static Result ok(Duration timeout, String... command) throws IOException, InterruptedException {
        Result r = run(timeout, List.of(command));
        if (r.exit() != 0) {
            throw new IllegalStateException("exit " + r.exit() + ": " + String.join(" ", command) + "\n" + r.all());
        }
        return r;
    }
}
