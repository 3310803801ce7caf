package dev.tunnelwatch.job.tools;

import dev.tunnelwatch.connectors.decode.DecodeLimits;
import dev.tunnelwatch.connectors.decode.EventTimes;
import dev.tunnelwatch.connectors.decode.RecordDecoder;
import dev.tunnelwatch.connectors.file.FileLine;
import dev.tunnelwatch.connectors.file.LineFormat;
import dev.tunnelwatch.connectors.kafka.KafkaClientProperties;
import dev.tunnelwatch.connectors.kafka.KafkaEndpoint;
import dev.tunnelwatch.connectors.record.DecodeResult;
import dev.tunnelwatch.connectors.record.OneLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bin/replay}: sends recorded events to a Kafka topic, one record a message, for demos and
 * for trying a rule change on recorded data. Records are split exactly as the job splits files
 * ({@link LineFormat}), and sent as they are: bad records too, so the job dead-letters them as it
 * would have. Optionally paced ({@code --rate}) and moved in time ({@code --shift-time-to}, see
 * {@link TimeShift}).
 */
public final class Replay {

    public static final String USAGE = """
            Usage: bin/replay --input PATH [--input PATH]... --to kafka://HOST:PORT/TOPIC [--rate N]
                              [--shift-time-to now|INSTANT] [--kafka-property KEY=VALUE]... [--kafka-properties FILE]

              --input PATH              file or folder of events (.gz too; folders recursively, names starting with . or _
                                        skipped, files in path order); repeatable, sent in the order given
              --to kafka://HOST:PORT/TOPIC  the topic; one line = one message value (exact bytes, no key)
              --rate N                  at most N records per second, evenly spaced (default: as fast as possible)
              --shift-time-to now|INSTANT  move every time in the records so the earliest event is at this instant
                                        (now, or e.g. 2030-01-01T00:00:00Z); gaps between records are kept
              --kafka-property KEY=VALUE  a producer setting (e.g. security.protocol=SASL_SSL); repeatable
              --kafka-properties FILE   producer settings from a Java properties file (--kafka-property wins)
              --help                    this text
            """;

    private static final int MAX_KEPT_BYTES = LineFormat.DEFAULT_MAX_KEPT_BYTES;
    /** The pacing may catch up this much lag at once (timer granularity), never more. */
    private static final long MAX_CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Replay() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.exit(code);
    }

    /** The parsed command line. */
    record Options(List<Path> files, KafkaEndpoint endpoint, String topic, double rate, String shiftTo,
                   Properties producerProperties) {}

    /** A bad flag, value or path: one line on stderr, exit 2, nothing sent. */
    static final class UsageError extends Exception {
        UsageError(String message) {
            super(message, null, false, false);
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        Options options;
        long deltaMillis = 0;
        try {
            options = parse(args);
            if (options.shiftTo() != null) {
                deltaMillis = shiftDelta(options, err);
            }
        } catch (UsageError e) {
            err.println("replay: " + e.getMessage());
            return 2;
        }
        return send(options, deltaMillis == 0 && options.shiftTo() == null ? null : new TimeShift(deltaMillis), err);
    }

    static Options parse(String[] args) throws UsageError {
        List<String> inputs = new ArrayList<>();
        String to = null;
        String rateText = null;
        String shiftTo = null;
        String propertiesFile = null;
        List<String> properties = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--input", "--to", "--rate", "--shift-time-to", "--kafka-property", "--kafka-properties" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageError(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                }
                default -> throw new UsageError("unknown argument '" + args[i] + "' (see --help)");
            }
            switch (arg) {
                case "--input" -> inputs.add(value);
                case "--to" -> to = once(arg, to, value);
                case "--rate" -> rateText = once(arg, rateText, value);
                case "--shift-time-to" -> shiftTo = once(arg, shiftTo, value);
                case "--kafka-property" -> properties.add(value);
                case "--kafka-properties" -> propertiesFile = once(arg, propertiesFile, value);
                default -> throw new IllegalStateException(arg);
            }
        }
        if (inputs.isEmpty()) {
            throw new UsageError("--input is required");
        }
        if (to == null) {
            throw new UsageError("--to kafka://HOST:PORT/TOPIC is required");
        }
        KafkaEndpoint endpoint;
        String topic;
        try {
            endpoint = KafkaEndpoint.parse(to);
            topic = endpoint.singleTopic();
        } catch (IllegalArgumentException e) {
            throw new UsageError("--to: " + e.getMessage());
        }
        double rate = rateText == null ? 0 : rate(rateText);
        if (shiftTo != null) {
            shiftTarget(shiftTo); // checked now, read again when the pass starts
        }
        Properties producer;
        try {
            producer = KafkaClientProperties.of(
                    propertiesFile == null ? List.of() : List.of(propertiesFile), properties);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        List<Path> files = new ArrayList<>();
        for (String input : inputs) {
            files.addAll(files(Path.of(input)));
        }
        return new Options(files, endpoint, topic, rate, shiftTo, producer);
    }

    private static String once(String flag, String previous, String value) throws UsageError {
        if (previous != null) {
            throw new UsageError(flag + " given twice");
        }
        return value;
    }

    private static double rate(String text) throws UsageError {
        double rate;
        try {
            rate = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            rate = Double.NaN;
        }
        if (!(rate > 0) || Double.isInfinite(rate) || !text.strip().matches("[0-9]*\\.?[0-9]+")) {
            throw new UsageError("--rate: '" + text + "' is not a positive number of records per second");
        }
        return rate;
    }

    /** The target instant in epoch milliseconds. */
    private static long shiftTarget(String text) throws UsageError {
        if (text.equals("now")) {
            return System.currentTimeMillis();
        }
        long millis = EventTimes.parseTimestamp(text);
        if (!EventTimes.isUsable(millis)) {
            throw new UsageError("--shift-time-to: '" + text
                    + "' is not 'now' nor an instant between 1970 and 9999 (e.g. 2030-01-01T00:00:00Z)");
        }
        return millis;
    }

    /** The files of an input, in path order; a folder is read recursively, skipping names starting with . or _. */
    private static List<Path> files(Path input) throws UsageError {
        if (!Files.exists(input)) {
            throw new UsageError("--input " + input + ": no such file or folder");
        }
        if (!Files.isDirectory(input)) {
            if (!Files.isReadable(input)) {
                throw new UsageError("--input " + input + ": not readable");
            }
            return List.of(input);
        }
        if (!Files.isReadable(input) || !Files.isExecutable(input)) {
            throw new UsageError("--input " + input + ": not readable");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(input)) {
            List<Path> sorted = entries.filter(p -> !hidden(p)).sorted().toList();
            for (Path p : sorted) {
                files.addAll(files(p));
            }
        } catch (IOException e) {
            throw new UsageError("--input " + input + ": not readable (" + OneLine.of(e.getMessage(), "invalid") + ")");
        }
        return files;
    }

    private static boolean hidden(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(".") || name.startsWith("_");
    }

    /**
     * First pass: the delta that moves the earliest event time of the input to the target. Only
     * events the job would accept count: a forged 1970 time must not decide the shift.
     */
    private static long shiftDelta(Options options, PrintStream err) throws UsageError {
        RecordDecoder decoder = new RecordDecoder(DecodeLimits.defaults());
        long earliest = Long.MAX_VALUE;
        for (Path file : options.files()) {
            try (StreamFormat.Reader<FileLine> reader = open(file)) {
                for (FileLine line = reader.read(); line != null; line = reader.read()) {
                    if (line.size() > line.bytes().length) {
                        continue; // too large to be an event
                    }
                    if (decoder.decode(line.bytes()) instanceof DecodeResult.Decoded d) {
                        earliest = Math.min(earliest, d.event().eventTime());
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new UsageError("--input " + file + ": " + OneLine.of(e.getMessage(), "invalid"));
            }
        }
        if (earliest == Long.MAX_VALUE) {
            throw new UsageError("--shift-time-to: the input holds no event with a usable time");
        }
        long target = shiftTarget(options.shiftTo());
        long delta = target - earliest;
        err.println("replay: shifting times by " + describe(delta) + ": earliest event "
                + Instant.ofEpochMilli(earliest) + " -> " + Instant.ofEpochMilli(target));
        return delta;
    }

    private static int send(Options options, TimeShift shift, PrintStream err) {
        Properties config = new Properties();
        config.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        config.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "tunnelwatch-replay");
        config.putAll(options.producerProperties());
        config.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.endpoint().bootstrapServers());
        Producer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            err.println("replay: producer settings: " + OneLine.of(rootMessage(e), "invalid"));
            return 2;
        }
        try {
            // the topic's metadata first: a broker or topic that is not there fails here, before any record
            producer.partitionsFor(options.topic());
        } catch (RuntimeException e) {
            producer.close(java.time.Duration.ZERO);
            err.println("replay: cannot send to " + options.topic() + " at " + options.endpoint().bootstrapServers()
                    + ": " + OneLine.of(rootMessage(e), "invalid"));
            return 1;
        }
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long sent = 0;
        long notSent = 0;
        String readError = null;
        long intervalNanos = options.rate() > 0 ? Math.max(1, Math.round(1e9 / options.rate())) : 0;
        long start = System.nanoTime();
        long next = start;
        try {
            files:
            for (Path file : options.files()) {
                try (StreamFormat.Reader<FileLine> reader = open(file)) {
                    for (FileLine line = reader.read(); line != null; line = reader.read()) {
                        if (firstError.get() != null) {
                            break files;
                        }
                        if (line.size() > line.bytes().length) {
                            err.println("replay: " + file + ":" + line.number() + ": line of " + line.size()
                                    + " bytes is longer than " + MAX_KEPT_BYTES + "; not sent");
                            notSent++;
                            continue;
                        }
                        if (intervalNanos > 0) {
                            long now = System.nanoTime();
                            if (now < next) {
                                LockSupport.parkNanos(next - now);
                                while ((now = System.nanoTime()) < next) {
                                    LockSupport.parkNanos(next - now);
                                }
                            }
                            next = Math.max(next, now - MAX_CATCH_UP_NANOS) + intervalNanos;
                        }
                        byte[] value = shift == null ? line.bytes() : shift.apply(line.bytes());
                        try {
                            producer.send(new ProducerRecord<>(options.topic(), null, value), (metadata, e) -> {
                                if (e != null) {
                                    failed.incrementAndGet();
                                    firstError.compareAndSet(null, e);
                                }
                            });
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, e);
                        }
                        sent++;
                    }
                } catch (IOException | RuntimeException e) {
                    readError = file + ": " + OneLine.of(e.getMessage(), "invalid");
                    break;
                }
            }
            producer.flush();
        } finally {
            producer.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long delivered = sent - failed.get();
        err.println(String.format(Locale.ROOT, "replay: sent %d records from %d files to %s in %.1f s (%.1f records/s)",
                delivered, options.files().size(), options.topic(), seconds,
                seconds > 0 ? delivered / seconds : (double) delivered));
        int code = 0;
        if (readError != null) {
            err.println("replay: stopped: cannot read " + readError);
            code = 1;
        }
        if (firstError.get() != null) {
            err.println("replay: " + failed.get() + " records were not delivered, sending stopped: "
                    + OneLine.of(rootMessage(firstError.get()), "invalid"));
            code = 1;
        }
        if (notSent > 0) {
            code = 1;
        }
        return code;
    }

    /** The job's line splitting, driven directly on a (decompressed) file stream. */
    static StreamFormat.Reader<FileLine> open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            InflaterInputStreamFactory<?> inflater =
                    StandardDeCompressors.getDecompressorForFileName(file.getFileName().toString());
            InputStream stream = inflater == null ? in : inflater.create(in);
            return new LineFormat(MAX_KEPT_BYTES).createReader(new Configuration(), new PlainStream(stream));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** A plain stream, read once from the start: all {@link LineFormat} needs of a Flink stream. */
    private static final class PlainStream extends FSDataInputStream {
        private final InputStream in;
        private long pos;

        PlainStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                pos++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                pos += n;
            }
            return n;
        }

        @Override
        public void seek(long desired) throws IOException {
            if (desired != pos) {
                throw new IOException("seek is not supported");
            }
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** {@code +1126d 11:50:00.000}. */
    static String describe(long deltaMillis) {
        long abs = Math.abs(deltaMillis);
        return String.format(Locale.ROOT, "%s%dd %02d:%02d:%02d.%03d", deltaMillis < 0 ? "-" : "+",
                abs / 86_400_000L, abs / 3_600_000L % 24, abs / 60_000L % 60, abs / 1000 % 60, abs % 1000);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

}
