package dev.tunnelwatch.connectors.file;

import dev.tunnelwatch.connectors.decode.BaselinePortScreen;
import dev.tunnelwatch.connectors.decode.DecodeLimits;
import dev.tunnelwatch.connectors.decode.PortScreen;
import dev.tunnelwatch.connectors.record.DecodedRecord;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.local.LocalDataInputStream;

/**
 * Measures the file reader's fast path, the job's hot loop: the real reader over a realistic file
 * (bench's {@code Generate}), the baseline (two passes: line end, then {@link BaselinePortScreen})
 * against the one-pass scan, portable and with the Vector API, in one JVM, taking turns so that a
 * noisy machine slows all alike. Not a test; run by hand:
 *
 * <pre>
 * mvn -q -o -pl connectors test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/perf-cp.txt
 * java --add-modules jdk.incubator.vector -cp connectors/target/classes:connectors/target/test-classes:$(cat /tmp/perf-cp.txt) \
 *     dev.tunnelwatch.connectors.file.ScanThroughput [--rounds 15] [--from-file] [--only NAME] FILE...
 * java ... dev.tunnelwatch.connectors.file.ScanThroughput --fetcher PASSES FILE...
 * </pre>
 *
 * <p>Prints each variant's median and best MB/s and lines/s over the rounds after two of warm-up,
 * and checks that all read the same records and runs. {@code --from-file} reads the file through
 * Flink's local input stream (page cache) instead of from memory (files over 2 GiB must);
 * {@code --only NAME} measures only the variants whose name holds NAME ({@code vectors}).
 * {@code --fetcher} reads and decodes as the job does instead ({@link #fetcher}).
 */
public final class ScanThroughput {

    private static final List<String> PORTS = List.of("7844");

    private ScanThroughput() {}

    /** What a variant read: records passed on, lines passed over, and a sum over the records' line numbers. */
    private record Tally(long records, long passedOver, long lineSum) {}

    private interface Variant {
        StreamFormat.Reader<FileLine> open() throws IOException;
    }

    public static void main(String[] args) throws IOException {
        int rounds = 15;
        boolean fromFile = false;
        String only = null;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--from-file" -> fromFile = true;
                case "--only" -> only = args[++i];
                case "--fetcher" -> {
                    int passes = Integer.parseInt(args[++i]);
                    List<Path> fetched = new ArrayList<>();
                    while (++i < args.length) {
                        fetched.add(Path.of(args[i]));
                    }
                    fetcher(fetched, passes);
                    return;
                }
                default -> files.add(Path.of(args[i]));
            }
        }
        PortScreen vectors = new PortScreen(PORTS);
        System.out.printf("JVM %s, vector scan %s%n", System.getProperty("java.vm.version"),
                vectors.usesVectors() ? "in use" : "NOT in use (no --add-modules jdk.incubator.vector?)");
        for (Path file : files) {
            // Files over 2 GiB do not fit in an array: read them from the file (page cache).
            byte[] bytes = fromFile ? null : Files.readAllBytes(file);
            File f = file.toFile();
            boolean local = fromFile;
            Map<String, Variant> variants = new LinkedHashMap<>();
            variants.put("baseline (two passes)", () -> new BaselineLineReader(
                    local ? new LocalDataInputStream(f) : new ByteArrayInputStream(bytes),
                    LineFormat.DEFAULT_MAX_KEPT_BYTES, new BaselinePortScreen(PORTS), 0));
            variants.put("one pass, words", () -> new LineFormat.Reader(
                    local ? new LocalDataInputStream(f) : new ByteArrayInputStream(bytes),
                    LineFormat.DEFAULT_MAX_KEPT_BYTES, PortScreen.withoutVectors(PORTS), 0));
            variants.put("one pass, vectors", () -> new LineFormat.Reader(
                    local ? new LocalDataInputStream(f) : new ByteArrayInputStream(bytes),
                    LineFormat.DEFAULT_MAX_KEPT_BYTES, vectors, 0));
            if (only != null) {
                String wanted = only;
                variants.keySet().removeIf(name -> !name.contains(wanted));
            }
            measure(file, Files.size(file), variants, rounds, () -> copyOnly(
                    local ? new LocalDataInputStream(f) : new ByteArrayInputStream(bytes)));
        }
    }

    /**
     * As in the job: {@link EventFileFormat}'s reader (Flink's stream format adapter around
     * {@link LineFormat}) on a thread named like Flink's "Source Data Fetcher", which calls
     * {@code readBatch()}, and so {@code LineFormat.Reader.read()}, over and over and hands each
     * batch through a queue of two (Flink's default) to this thread, which decodes the candidates as
     * the job's task thread does. Prints each pass's MB/s; run it under {@code -XX:+PrintCompilation}
     * or JFR to see how the scan is compiled in that setting.
     */
    private static void fetcher(List<Path> files, int passes) throws IOException {
        PortScreen screen = new PortScreen(PORTS);
        EventFileFormat format = new EventFileFormat(DecodeLimits.defaults().withoutTimeRange(),
                LineFormat.DEFAULT_MAX_KEPT_BYTES, screen, 0);
        System.out.printf("JVM %s, vector scan %s%n", System.getProperty("java.vm.version"),
                screen.usesVectors() ? "in use" : "NOT in use (no --add-modules jdk.incubator.vector?)");
        for (Path file : files) {
            for (int pass = 0; pass < passes; pass++) {
                fetch(format, file, pass);
            }
        }
    }

    private static void fetch(EventFileFormat format, Path file, int pass) throws IOException {
        long size = Files.size(file);
        Object end = new Object();
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
        FileSourceSplit split = new FileSourceSplit("0", new org.apache.flink.core.fs.Path(file.toUri()), 0, size, 0, size);
        Thread fetcher = new Thread(() -> {
            try (BulkFormat.Reader<DecodedRecord> reader = format.createReader(new Configuration(), split)) {
                for (BulkFormat.RecordIterator<DecodedRecord> batch; (batch = reader.readBatch()) != null; ) {
                    queue.put(batch);
                }
                queue.put(end);
            } catch (Exception e) {
                queue.offer(e);
            }
        }, "Source Data Fetcher for Source: file-source (1/1)#" + pass);
        long start = System.nanoTime();
        fetcher.start();
        long passedOver = 0;
        long decoded = 0;
        long events = 0;
        while (true) {
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            if (next == end) {
                break;
            }
            if (next instanceof Exception e) {
                throw new IOException(e);
            }
            @SuppressWarnings("unchecked")
            BulkFormat.RecordIterator<DecodedRecord> batch = (BulkFormat.RecordIterator<DecodedRecord>) next;
            for (RecordAndPosition<DecodedRecord> r; (r = batch.next()) != null; ) {
                DecodedRecord record = r.getRecord();
                if (record.cannotMatch() > 0) {
                    passedOver += record.cannotMatch();
                } else {
                    decoded++;
                    events += record.sysmon() != null || record.cim() != null ? 1 : 0;
                }
            }
            batch.releaseBatch();
        }
        double s = (System.nanoTime() - start) / 1e9;
        long lines = passedOver + decoded;
        // On stderr, apart from -XX:+PrintCompilation's lines.
        System.err.printf(Locale.ROOT, "%s pass %d: %,.0f MB/s %,.0f lines/s, %,d lines, %,d decoded (%.2f%%), %,d events%n",
                file.getFileName(), pass, size / s / 1e6, lines / s, lines, decoded, 100.0 * decoded / lines, events);
    }

    private interface Floor {
        long run() throws IOException;
    }

    /** The floor: the input read into a 64 KiB buffer as the reader does, nothing else. */
    private static long copyOnly(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (in) {
            for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
                total += n + buffer[n - 1];
            }
        }
        return total;
    }

    private static void measure(Path file, long size, Map<String, Variant> variants, int rounds, Floor floor)
            throws IOException {
        List<String> names = new ArrayList<>(variants.keySet());
        String floorName = "copy only (floor)";
        names.add(floorName);
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        names.forEach(n -> seconds.put(n, new ArrayList<>()));
        // The baseline screens for every encoding's spellings in every record (before kinds), so it
        // passes on more lines: it is checked against itself, the one-pass variants against each other.
        Tally expected = null;
        Tally expectedBaseline = null;
        int warmUp = 2;
        for (int round = 0; round < warmUp + rounds; round++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((round + k) % names.size()); // a different one first each round
                long start = System.nanoTime();
                Tally tally = name.equals(floorName) ? null : read(variants.get(name));
                if (tally == null) {
                    floor.run();
                }
                double s = (System.nanoTime() - start) / 1e9;
                if (tally == null) {
                    // nothing to check
                } else if (name.startsWith("baseline")) {
                    if (expectedBaseline == null) {
                        expectedBaseline = tally;
                    } else if (!expectedBaseline.equals(tally)) {
                        throw new AssertionError(name + " read " + tally + ", expected " + expectedBaseline);
                    }
                } else if (expected == null) {
                    expected = tally;
                } else if (!expected.equals(tally)) {
                    throw new AssertionError(name + " read " + tally + ", expected " + expected);
                }
                if (round >= warmUp) {
                    seconds.get(name).add(s);
                }
            }
        }
        if (expected == null) {
            expected = expectedBaseline;
        }
        long lines = expected.records() + expected.passedOver();
        System.out.printf(Locale.ROOT,
                "%s: %,d bytes, %,d records read (%,d passed over, %,d passed on: %.2f%% candidates), %d rounds%n",
                file, size, lines, expected.passedOver(), expected.records(), 100.0 * expected.records() / lines, rounds);
        if (expectedBaseline != null && !expectedBaseline.equals(expected)) {
            System.out.printf(Locale.ROOT, "  the baseline (every encoding's spellings in every record) passed on %,d: %.2f%% candidates%n",
                    expectedBaseline.records(), 100.0 * expectedBaseline.records() / lines);
        }
        double baseline = 0;
        for (String name : names) {
            List<Double> s = seconds.get(name);
            Collections.sort(s);
            double median = s.get(s.size() / 2);
            double best = s.get(0);
            if (baseline == 0) {
                baseline = median;
            }
            System.out.printf(Locale.ROOT, "  %-22s median %,7.0f MB/s %,10.0f lines/s | best %,7.0f MB/s | %.2fx%n",
                    name, size / median / 1e6, lines / median, size / best / 1e6, baseline / median);
        }
    }

    private static Tally read(Variant variant) throws IOException {
        long records = 0;
        long passedOver = 0;
        long lineSum = 0;
        try (StreamFormat.Reader<FileLine> reader = variant.open()) {
            for (FileLine line; (line = reader.read()) != null; ) {
                if (line.cannotMatch() > 0) {
                    passedOver += line.cannotMatch();
                } else {
                    records++;
                    lineSum += line.number();
                }
            }
        }
        return new Tally(records, passedOver, lineSum);
    }
}
