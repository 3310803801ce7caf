package dev.tunnelwatch.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Writes a realistic Sysmon event stream, one record per line: XmlWinEventLog, Winlogbeat JSON,
 * flat (NXLog) Sysmon JSON, or all three interleaved. Deterministic for a seed.
 *
 * <pre>
 * Generate --events N --format xml|json|winlogbeat|flat|mixed [--share-7844 0.01] [--hosts 5000]
 *          [--seed S] [--start 2026-12-01T00:00:00Z] [--span 4h] [--other-eids 0.10]
 *          [--distinct-groups] --out FILE
 * </pre>
 *
 * {@code json} is Winlogbeat and flat JSON alternated; {@code mixed} adds XML. With
 * {@code --distinct-groups} every event goes to port 7844 from its own host and source address, so
 * N events are N groups (the memory measurement); {@code --other-eids} is then 0.
 */
public final class Generate {

    public static void main(String[] args) throws IOException {
        long events = 1_000_000;
        String format = "mixed";
        double share = 0.01;
        int hosts = 5000;
        long seed = 1;
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        Duration span = Duration.ofHours(4);
        double other = 0.10;
        boolean distinct = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--events" -> events = parseCount(args[++i]);
                case "--format" -> format = args[++i];
                case "--share-7844" -> share = Double.parseDouble(args[++i]);
                case "--hosts" -> hosts = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--start" -> start = Instant.parse(args[++i]);
                case "--span" -> span = Duration.parse("PT" + args[++i].toUpperCase(Locale.ROOT));
                case "--other-eids" -> other = Double.parseDouble(args[++i]);
                case "--distinct-groups" -> distinct = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> usage("unknown argument " + a);
            }
        }
        if (out == null) {
            usage("--out FILE is required");
        }
        if (!java.util.Set.of("xml", "json", "winlogbeat", "flat", "mixed").contains(format)) {
            usage("--format must be xml, json, winlogbeat, flat or mixed");
        }
        if (distinct) {
            share = 1.0;
            other = 0.0;
        }
        long t0 = System.nanoTime();
        EventWriter writer = new EventWriter(seed, hosts, share, other, distinct);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        long bytes = 0;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Buf buf = new Buf(16 << 20);
            long startMs = start.toEpochMilli();
            long spanMs = span.toMillis();
            for (long i = 0; i < events; i++) {
                long time = startMs + (long) ((double) i * spanMs / events);
                int encoding = switch (format) {
                    case "xml" -> EventWriter.XML;
                    case "winlogbeat" -> EventWriter.WINLOGBEAT;
                    case "flat" -> EventWriter.FLAT;
                    case "json" -> (i & 1) == 0 ? EventWriter.WINLOGBEAT : EventWriter.FLAT;
                    default -> (int) (i % 3);
                };
                writer.write(buf, i, time, encoding);
                buf.put((byte) '\n');
                if (buf.len > (15 << 20)) {
                    bytes += flush(ch, buf);
                }
            }
            bytes += flush(ch, buf);
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        double s = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "generate: %,d events (%s), %,d bytes (%.1f bytes/event), %,d to port 7844,"
                        + " %,d other event IDs, in %.1f s -> %s%n",
                events, format, bytes, (double) bytes / Math.max(1, events), writer.matching, writer.others, s, out);
    }

    private static long flush(FileChannel ch, Buf buf) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf.bytes, 0, buf.len);
        while (bb.hasRemaining()) {
            ch.write(bb);
        }
        long n = buf.len;
        buf.len = 0;
        return n;
    }

    static long parseCount(String s) {
        String t = s.replace("_", "").replace(",", "").toLowerCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("k")) {
            mult = 1_000;
        } else if (t.endsWith("m")) {
            mult = 1_000_000;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return (long) (Double.parseDouble(t) * mult);
    }

    private static void usage(String message) {
        System.err.println("generate: " + message);
        System.err.println("usage: generate --events N --format xml|json|winlogbeat|flat|mixed [--share-7844 0.01]"
                + " [--hosts 5000] [--seed S] [--start 2026-12-01T00:00:00Z] [--span 4h] [--other-eids 0.10]"
                + " [--distinct-groups] --out FILE");
        System.exit(2);
    }
}
