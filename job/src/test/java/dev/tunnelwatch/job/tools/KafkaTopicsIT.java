package dev.tunnelwatch.job.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.job.it.KafkaBroker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** bin/kafka-local's topic and consume commands against a real broker. */
class KafkaTopicsIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final long T0 = 1_663_246_579_000L;

    /** What one run of the tool printed and returned. */
    record Run(int exitCode, List<String> lines, String stderr) {}

    private static Run run(String... args) {
        return run(new byte[0], args);
    }

    private static Run run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] withBroker = Arrays.copyOf(args, args.length + 2);
        withBroker[args.length] = "--bootstrap-server";
        withBroker[args.length + 1] = KAFKA.bootstrapServers();
        int code = KafkaTopics.run(withBroker, new ByteArrayInputStream(stdin), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        return new Run(code, printed.isEmpty() ? List.of() : List.of(printed.split("\n")),
                err.toString(StandardCharsets.UTF_8));
    }

    private static KafkaProducer<byte[], byte[]> transactionalProducer() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "kafka-topics-it");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(int partition, long time, String key, byte[] value) {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>("events", partition, time, keyBytes, value);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void consumePrintsCommittedRecordsAsJsonLines() {
        assertThat(run("create", "events", "--partitions", "2").exitCode()).isZero();
        Run again = run("create", "events", "--partitions", "2");
        assertThat(again.exitCode()).isZero();
        assertThat(again.stderr()).contains("topic events exists");

        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record(0, T0, "ws-01", utf8("{\"dest_port\":7844,\"ratio\":1.50,\"app\":\"cloudflared.exe\"}")));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(record(0, T0 + 1, "ws-01", utf8("{\"aborted\":true}")));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(record(0, T0 + 2, null, utf8("not json: dest_port=7844 ✓")));
            producer.send(record(0, T0 + 3, null, utf8("[7844]")));
            producer.send(record(1, T0 + 4, "raw", new byte[] {'p', (byte) 0xC3, '(', (byte) 0xFF}));
            producer.commitTransaction();
        }

        Run consumed = run("consume", "events", "--idle-timeout", "3");

        assertThat(consumed.exitCode()).isZero();
        // Partition 0: the committed record (0), its commit marker (1), the aborted record (2) and
        // its abort marker (3) take offsets; only committed records are printed, in offset order.
        List<String> partition0 = List.of(
                "{\"topic\":\"events\",\"partition\":0,\"offset\":0,\"timestamp\":1663246579000,\"key\":\"ws-01\","
                        + "\"value\":{\"dest_port\":7844,\"ratio\":1.50,\"app\":\"cloudflared.exe\"}}",
                "{\"topic\":\"events\",\"partition\":0,\"offset\":4,\"timestamp\":1663246579002,\"key\":null,"
                        + "\"value\":\"not json: dest_port=7844 ✓\"}",
                "{\"topic\":\"events\",\"partition\":0,\"offset\":5,\"timestamp\":1663246579003,\"key\":null,"
                        + "\"value\":\"[7844]\"}");
        String partition1 = "{\"topic\":\"events\",\"partition\":1,\"offset\":0,\"timestamp\":1663246579004,"
                + "\"key\":\"raw\",\"value_base64\":\"cMMo/w==\"}";
        assertThat(consumed.lines()).filteredOn(line -> line.contains("\"partition\":0,")).containsExactlyElementsOf(partition0);
        assertThat(consumed.lines()).containsExactlyInAnyOrder(
                partition0.get(0), partition0.get(1), partition0.get(2), partition1);
        assertThat(consumed.lines()).noneMatch(line -> line.contains("aborted"));
    }

    @Test
    void produceWritesOneRecordPerLineAndConsumeStopsAtMax() {
        assertThat(run("create", "lines").exitCode()).isZero();
        Run produced = run(utf8("{\"n\":1}\nsecond\n{\"n\":3}"), "produce", "lines");
        assertThat(produced.exitCode()).isZero();
        assertThat(produced.stderr()).contains("wrote 3 record(s) to lines");

        Run consumed = run("consume", "lines", "--max", "2", "--idle-timeout", "30");

        assertThat(consumed.exitCode()).isZero();
        assertThat(consumed.lines()).hasSize(2);
        assertThat(consumed.lines().get(0)).endsWith(",\"key\":null,\"value\":{\"n\":1}}");
        assertThat(consumed.lines().get(1)).endsWith(",\"key\":null,\"value\":\"second\"}");
    }

    @Test
    void consumeOfAMissingTopicFails() {
        Run consumed = run("consume", "no-such-topic", "--idle-timeout", "1");

        assertThat(consumed.exitCode()).isEqualTo(1);
        assertThat(consumed.lines()).isEmpty();
        assertThat(consumed.stderr()).isEqualTo("kafka-local: no topic no-such-topic\n");
    }

    @Test
    void badArgumentsAreOneLineAndExitCode2() {
        for (String[] args : List.of(
                new String[] {"consume"},
                new String[] {"create", "t", "--partitions", "0"},
                new String[] {"consume", "t", "--max"},
                new String[] {"consume", "t", "--partitions", "2"},
                new String[] {"delete", "t"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = KafkaTopics.run(args, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("kafka-local: ").hasLineCount(1);
        }
    }
}
