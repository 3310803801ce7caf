package dev.tunnelwatch.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line's Kafka flags, and files and topics mixed. */
class KafkaFlagsTest {

    @TempDir
    Path home;

    private DetectionConfig parse(String... args) throws UsageException {
        return CommandLine.parse(args, home);
    }

    @Test
    void topicToTopicDefaultsToUnboundedExactlyOnceFromCommittedOffsets() throws UsageException {
        DetectionConfig c = parse("--input", "kafka://localhost:9092/sysmon", "--output", "kafka://localhost:9092/alerts");
        assertThat(c.inputs()).containsExactly("kafka://localhost:9092/sysmon");
        assertThat(c.output()).isEqualTo("kafka://localhost:9092/alerts");
        assertThat(c.deadLetter()).isEqualTo(DetectionConfig.STDERR);
        assertThat(c.bounded()).isFalse();
        assertThat(c.kafka().bounded()).isFalse();
        assertThat(c.kafka().groupId()).isEqualTo("tunnelwatch");
        assertThat(c.kafka().start()).isEqualTo("committed");
        assertThat(c.kafka().delivery()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(c.kafka().transactionalIdPrefix()).isEqualTo("tunnelwatch");
        assertThat(c.kafka().properties()).isEmpty();
    }

    @Test
    void everyKafkaFlag() throws Exception {
        Path props = Files.writeString(home.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nclient.id=from-file\n");
        DetectionConfig c = parse("--input", "kafka://b1:9092,b2:9092/a,b", "--input=kafka://b1:9092/sysmon-.*",
                "--bounded", "--group-id", "hunt-7", "--start", "2026-12-01T00:00:00Z", "--delivery=at-least-once",
                "--kafka-property", "client.id=from-flag", "--kafka-properties", props.toString(),
                "--kafka-property", "sasl.jaas.config=x=y", "--output", "-", "--dead-letter", "kafka://b1:9092/dlq");
        assertThat(c.bounded()).isTrue();
        assertThat(c.kafka().groupId()).isEqualTo("hunt-7");
        assertThat(c.kafka().start()).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(c.kafka().delivery()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(c.kafka().properties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("client.id", "from-flag") // a flag wins over the file
                .containsEntry("sasl.jaas.config", "x=y");
        assertThat(c.deadLetter()).isEqualTo("kafka://b1:9092/dlq");
    }

    @Test
    void filesAndTopicsMix() throws Exception {
        Path file = Files.writeString(home.resolve("a.jsonl"), "{}\n");
        DetectionConfig c = parse("--input", file.toString(), "--input", "kafka://localhost:9092/sysmon",
                "--output", home.resolve("out").toString());
        assertThat(c.inputs()).containsExactly(file.toString(), "kafka://localhost:9092/sysmon");
        assertThat(c.bounded()).isFalse();
        assertThat(c.deadLetter()).isEqualTo(home.resolve("dead-letter").toString());
        assertThat(parse("--input", file.toString()).bounded()).isTrue();
    }

    @Test
    void aBoundedReadStartsAtTheEarliestOffsetUnlessToldOtherwise() throws Exception {
        assertThat(parse("--input", "kafka://h:1/t", "--bounded").kafka().start()).isEqualTo("earliest");
        assertThat(parse("--input", "kafka://h:1/t", "--bounded", "--start", "committed").kafka().start())
                .isEqualTo("committed");
        assertThat(parse("--input", "kafka://h:1/t").kafka().start()).isEqualTo("committed");
    }

    @Test
    void transactionalIdPrefixComesFromTheConfiguration() throws Exception {
        Path conf = Files.writeString(home.resolve("conf.yaml"), "tunnelwatch.kafka.transactional-id-prefix: soc-prod\n");
        DetectionConfig c = parse("--input", "kafka://h:1/t", "--config", conf.toString());
        assertThat(c.kafka().transactionalIdPrefix()).isEqualTo("soc-prod");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--input|kafka://localhost/sysmon",
        "--input|kafka://localhost:9092/",
        "--output|kafka://localhost:9092/a,b",
        "--output|kafka://localhost:9092/alerts-.*",
        "--dead-letter|kafka://h:1/x,y",
        "--start|yesterday",
        "--delivery|exactly_once",
        "--kafka-property|novalue",
        "--kafka-property|=x",
        "--kafka-properties|/no/such/file.properties",
        "--bounded=true",
    })
    void badKafkaFlagsFailWithOneLine(String spec) throws IOException {
        String[] args = spec.split("\\|");
        String[] all = args.length == 1
                ? new String[] {"--input", "kafka://h:1/t", args[0]}
                : new String[] {"--input", "kafka://h:1/t", args[0], args[1]};
        if (args[0].equals("--input")) {
            all = new String[] {args[0], args[1]};
        }
        String[] run = all;
        assertThatThrownBy(() -> CommandLine.parse(run, home))
                .isInstanceOf(UsageException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(args[0].replace("=true", ""))
                        .doesNotContain("\n"));
    }

    @Test
    void outputAndDeadLetterMustDiffer() {
        assertThatThrownBy(() -> parse("--input", "kafka://h:1/t", "--output", "kafka://h:1/x", "--dead-letter",
                "kafka://h:1/x")).isInstanceOf(UsageException.class).hasMessageContaining("different");
    }

    @Test
    void hiddenInputNamesAndPortZeroAreRefusedRatherThanSilentlyMatchingNothingOrTooMuch() throws Exception {
        Path hidden = Files.writeString(home.resolve("_incoming.jsonl"), "{}\n");
        assertThatThrownBy(() -> parse("--input", hidden.toString()))
                .isInstanceOf(UsageException.class).hasMessageContaining("names starting with '.' or '_'");
        Path file = Files.writeString(home.resolve("a.jsonl"), "{}\n");
        assertThatThrownBy(() -> parse("--input", file.toString(), "--ports", "7844,0"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--ports: '0'");
        assertThatThrownBy(() -> parse("--input", file.toString(), "--window", "500us"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--window");
    }
}
