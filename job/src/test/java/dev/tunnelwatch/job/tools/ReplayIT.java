package dev.tunnelwatch.job.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.connectors.decode.DecodeLimits;
import dev.tunnelwatch.connectors.decode.RecordDecoder;
import dev.tunnelwatch.connectors.record.DecodeResult;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/replay's entry point against an in-process KRaft broker. */
class ReplayIT {

    private static final Path HOME = Path.of(System.getProperty("tunnelwatch.home", ".."));
    private static final Path MIXED = HOME.resolve("testdata/events/encodings-mixed.log");
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static KafkaClusterTestKit cluster;
    private static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build()).build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        admin = Admin.create(p);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sendsEveryRecordOfAFileAsItsExactBytesInOrder() throws Exception {
        String topic = newTopic();
        Run run = replay("--input", MIXED.toString(), "--to", to(topic));

        assertThat(run.code).as(run.stderr).isZero();
        List<byte[]> expected = records(Files.readAllBytes(MIXED));
        assertThat(expected).hasSize(6);
        List<ConsumerRecord<byte[], byte[]>> got = consume(topic, 6);
        assertThat(got).extracting(ConsumerRecord::value).containsExactlyElementsOf(expected);
        assertThat(got).allMatch(r -> r.key() == null);
        assertThat(run.stderr).matches("replay: sent 6 records from 1 files to " + topic
                + " in [0-9]+\\.[0-9] s \\([0-9]+\\.[0-9] records/s\\)\\R");
    }

    @Test
    void readsGzipAndFoldersAndSplitsLinesLikeTheJob(@TempDir Path work) throws Exception {
        byte[] mixed = Files.readAllBytes(MIXED);
        Path gz = work.resolve("in/b/encodings-mixed.log.gz");
        Files.createDirectories(gz.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(mixed);
        }
        // BOM, CRLF, blank lines, a bad record, invalid UTF-8, no final newline
        ByteArrayOutputStream messy = new ByteArrayOutputStream();
        messy.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        messy.write("{\"broken\":\r\n\r\n   \n\t\r\n".getBytes(StandardCharsets.UTF_8));
        messy.write(new byte[] {'{', '"', (byte) 0xFF, '"', '}', '\n'});
        messy.write("tail\rwith cr inside\r\r\nlast".getBytes(StandardCharsets.UTF_8));
        Files.write(work.resolve("in/a.log"), messy.toByteArray());
        Files.write(work.resolve("in/.hidden.log"), "hidden\n".getBytes(StandardCharsets.UTF_8));
        Files.write(work.resolve("in/_skipped.log"), "skipped\n".getBytes(StandardCharsets.UTF_8));

        String gzTopic = newTopic();
        Run gzRun = replay("--input", gz.toString(), "--to", to(gzTopic));
        assertThat(gzRun.code).as(gzRun.stderr).isZero();
        assertThat(consume(gzTopic, 6)).extracting(ConsumerRecord::value).containsExactlyElementsOf(records(mixed));

        String folderTopic = newTopic();
        Run folderRun = replay("--input", work.resolve("in").toString(), "--input", MIXED.toString(),
                "--to", to(folderTopic));
        assertThat(folderRun.code).as(folderRun.stderr).isZero();
        List<byte[]> expected = new ArrayList<>();
        expected.add("{\"broken\":".getBytes(StandardCharsets.UTF_8));
        expected.add(new byte[] {'{', '"', (byte) 0xFF, '"', '}'});
        expected.add("tail\rwith cr inside\r".getBytes(StandardCharsets.UTF_8));
        expected.add("last".getBytes(StandardCharsets.UTF_8));
        expected.addAll(records(mixed)); // in/b/encodings-mixed.log.gz
        expected.addAll(records(mixed)); // the second --input
        assertThat(consume(folderTopic, expected.size())).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(expected);
        assertThat(folderRun.stderr).contains("replay: sent 16 records from 3 files to " + folderTopic);
    }

    @Test
    void shiftTimeToMovesTheEarliestEventThereAndKeepsEveryGap() throws Exception {
        String topic = newTopic();
        Run run = replay("--input", MIXED.toString(), "--to", to(topic), "--shift-time-to", "2030-01-01T00:00:00Z");
        assertThat(run.code).as(run.stderr).isZero();
        assertThat(run.stderr).contains("replay: shifting times by +1126d 11:50:00.000: earliest event "
                + "2026-12-01T12:10:00Z -> 2030-01-01T00:00:00Z");

        RecordDecoder decoder = new RecordDecoder(DecodeLimits.defaults().withoutTimeRange());
        List<byte[]> original = records(Files.readAllBytes(MIXED));
        List<ConsumerRecord<byte[], byte[]>> got = consume(topic, original.size());
        long target = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();
        long delta = target - Instant.parse("2026-12-01T12:10:00Z").toEpochMilli();
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < original.size(); i++) {
            long before = eventTime(decoder, original.get(i));
            long after = eventTime(decoder, got.get(i).value());
            assertThat(after - before).isEqualTo(delta); // so every gap between records is kept
            earliest = Math.min(earliest, after);
            assertThat(got.get(i).value()).isEqualTo(new TimeShift(delta).apply(original.get(i)));
        }
        assertThat(earliest).isEqualTo(target);
        assertThat(new String(got.get(0).value(), StandardCharsets.UTF_8))
                .contains("SystemTime='2030-01-01T00:00:00.1234567Z'")
                .contains("<Data Name='UtcTime'>2030-01-01 00:00:00.000</Data>");
        assertThat(new String(got.get(4).value(), StandardCharsets.UTF_8)).startsWith("{\"_time\": \"2030-01-01T00:04:00Z\"");
    }

    @Test
    void shiftTimeToNowLandsTheEarliestEventOnTheClock() throws Exception {
        String topic = newTopic();
        long before = System.currentTimeMillis();
        Run run = replay("--input", MIXED.toString(), "--to", to(topic), "--shift-time-to", "now");
        long after = System.currentTimeMillis();
        assertThat(run.code).as(run.stderr).isZero();
        RecordDecoder decoder = new RecordDecoder(DecodeLimits.defaults().withoutTimeRange());
        long earliest = consume(topic, 6).stream().mapToLong(r -> eventTime(decoder, r.value())).min().orElseThrow();
        // the XML UtcTime has milliseconds, so the earliest event is the target to the millisecond
        assertThat(earliest).isBetween(before, after);
    }

    @Test
    void rateSpacesRecordsEvenly() throws Exception {
        String topic = newTopic();
        long start = System.nanoTime();
        Run run = replay("--input", MIXED.toString(), "--to", to(topic), "--rate", "10");
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(run.code).as(run.stderr).isZero();
        assertThat(millis).isGreaterThanOrEqualTo(480); // 6 records at 10/s: 5 gaps of 100 ms
        List<ConsumerRecord<byte[], byte[]>> got = consume(topic, 6);
        for (int i = 1; i < got.size(); i++) {
            // producer timestamps: not a burst, each one about 100 ms after the last
            assertThat(got.get(i).timestamp() - got.get(i - 1).timestamp()).isGreaterThanOrEqualTo(80);
        }
    }

    @Test
    void producerSettingsFromFlagsAndFileApply(@TempDir Path work) throws Exception {
        Path props = Files.writeString(work.resolve("producer.properties"),
                "# settings\ncompression.type=gzip\nlinger.ms=1\n");
        String topic = newTopic();
        Run run = replay("--input", MIXED.toString(), "--to", to(topic), "--kafka-properties", props.toString(),
                "--kafka-property", "compression.type=lz4", "--kafka-property=batch.size=1024");
        assertThat(run.code).as(run.stderr).isZero();
        assertThat(consume(topic, 6)).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(records(Files.readAllBytes(MIXED)));

        Run bad = replay("--input", MIXED.toString(), "--to", to(newTopic()), "--kafka-property", "acks=sometimes");
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.stderr).startsWith("replay: producer settings: ").doesNotContain("\n\n");
    }

    @Test
    void badArgumentsAndPathsFailWithOneLineAndSendNothing(@TempDir Path work) throws Exception {
        String topic = newTopic();
        Path noEvents = Files.writeString(work.resolve("no-events.log"), "garbage\n{\"EventID\": 1}\n");
        List<List<String>> bad = List.of(
                List.of("--to", to(topic)),
                List.of("--input", MIXED.toString()),
                List.of("--input", work.resolve("missing.log").toString(), "--to", to(topic)),
                List.of("--input", MIXED.toString(), "--to", "kafka://localhost/" + topic),
                List.of("--input", MIXED.toString(), "--to", "kafka://localhost:9092/a,b"),
                List.of("--input", MIXED.toString(), "--to", "localhost:9092/" + topic),
                List.of("--input", MIXED.toString(), "--to", to(topic), "--rate", "0"),
                List.of("--input", MIXED.toString(), "--to", to(topic), "--rate", "-5"),
                List.of("--input", MIXED.toString(), "--to", to(topic), "--rate", "fast"),
                List.of("--input", MIXED.toString(), "--to", to(topic), "--shift-time-to", "tomorrow"),
                List.of("--input", MIXED.toString(), "--to", to(topic), "--shift-time-to", "1969-12-31T23:59:59Z"),
                List.of("--input", noEvents.toString(), "--to", to(topic), "--shift-time-to", "now"),
                List.of("--input", MIXED.toString(), "--to", to(topic), "--kafka-property", "acks"),
                List.of("--input", MIXED.toString(), "--to", to(topic), "--kafka-properties", work.resolve("none").toString()),
                List.of("--input", MIXED.toString(), "--to", to(topic), "--bogus", "1"),
                List.of("--input", MIXED.toString(), "--to", to(topic), "--to", to(topic)),
                List.of("--input", MIXED.toString(), "--to"));
        for (List<String> args : bad) {
            Run run = replay(args.toArray(String[]::new));
            assertThat(run.code).as(args + ": " + run.stderr).isEqualTo(2);
            assertThat(run.stderr).as(args.toString()).startsWith("replay: ").endsWith("\n");
            assertThat(run.stderr.strip().lines()).as(args.toString()).hasSize(1);
        }
        Run help = replay("--help");
        assertThat(help.code).isZero();
        assertThat(help.stdout).startsWith("Usage: bin/replay");
        assertThat(consume(topic, 0)).isEmpty();
    }

    @Test
    void anUnreachableBrokerFailsBeforeAnyRecord() {
        Run run = replay("--input", MIXED.toString(), "--to", "kafka://localhost:1/nowhere",
                "--kafka-property", "max.block.ms=1000");
        assertThat(run.code).as(run.stderr).isEqualTo(1);
        assertThat(run.stderr).startsWith("replay: cannot send to nowhere at localhost:1: ");
        assertThat(run.stderr.strip().lines()).hasSize(1);
    }

    // ---- helpers ----

    private record Run(int code, String stdout, String stderr) {}

    private static Run replay(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Replay.run(args, o, e);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String to(String topic) {
        return "kafka://" + cluster.bootstrapServers().split(",")[0] + "/" + topic;
    }

    /** A new topic of one partition, so the order of the messages is the order sent. */
    private static String newTopic() throws Exception {
        String topic = "replay-" + TOPICS.incrementAndGet();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        return topic;
    }

    /** The records of a file as the spec splits them, computed here independently of LineFormat. */
    private static List<byte[]> records(byte[] file) {
        int start = file.length >= 3 && file[0] == (byte) 0xEF && file[1] == (byte) 0xBB && file[2] == (byte) 0xBF ? 3 : 0;
        List<byte[]> records = new ArrayList<>();
        while (start <= file.length) {
            int nl = start;
            while (nl < file.length && file[nl] != '\n') {
                nl++;
            }
            int end = nl < file.length && nl > start && file[nl - 1] == '\r' ? nl - 1 : nl;
            byte[] line = Arrays.copyOfRange(file, start, end);
            if (!new String(line, StandardCharsets.ISO_8859_1).replaceAll("[ \\t\\r\\n]", "").isEmpty()) {
                records.add(line);
            }
            start = nl + 1;
        }
        return records;
    }

    private static long eventTime(RecordDecoder decoder, byte[] bytes) {
        DecodeResult result = decoder.decode(bytes);
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).event().eventTime();
    }

    /** Reads the whole topic (one partition) from the start; waits until {@code expected} arrived. */
    private static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            assertThat(end).as("messages in " + topic).isEqualTo(expected);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).hasSize(expected);
            return records;
        }
    }
}
