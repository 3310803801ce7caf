package dev.tunnelwatch.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaEndpointTest {

    @Test
    void oneTopic() {
        KafkaEndpoint e = KafkaEndpoint.parse("kafka://localhost:9092/sysmon");
        assertThat(e.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(e.topics()).containsExactly("sysmon");
        assertThat(e.topicPattern()).isNull();
        assertThat(e.singleTopic()).isEqualTo("sysmon");
        assertThat(e).hasToString("kafka://localhost:9092/sysmon");
    }

    @Test
    void severalServersAndTopics() {
        KafkaEndpoint e = KafkaEndpoint.parse("kafka://b1:9092,b2:9093/sysmon.eid3,winlog_events,a-b");
        assertThat(e.bootstrapServers()).isEqualTo("b1:9092,b2:9093");
        assertThat(e.topics()).containsExactly("sysmon.eid3", "winlog_events", "a-b");
        assertThatThrownBy(e::singleTopic).hasMessageContaining("exactly one topic");
    }

    @Test
    void aTopicPartThatIsNoTopicNameIsAPattern() {
        KafkaEndpoint e = KafkaEndpoint.parse("kafka://[::1]:9092/sysmon-.*");
        assertThat(e.bootstrapServers()).isEqualTo("[::1]:9092");
        assertThat(e.topics()).isEmpty();
        assertThat(e.topicPattern()).isEqualTo("sysmon-.*");
        assertThatThrownBy(e::singleTopic).hasMessageContaining("sysmon-.*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka://localhost:9092", "kafka://localhost:9092/", "kafka:///topic",
        "kafka://localhost/topic", "kafka://localhost:port/topic", "kafka://h:1/a,", "kafka://h:1/(unclosed",
        "kafka://h:9092/a,b.*",
        "file:///tmp/x", "localhost:9092/topic"})
    void malformedAddressesAreRefusedWithTheirText(String bad) {
        assertThatThrownBy(() -> KafkaEndpoint.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad.startsWith("kafka://") ? bad : "not a kafka:// address");
    }

    @Test
    void isKafka() {
        assertThat(List.of("kafka://h:1/t", "/data/kafka://x", "-"))
                .extracting(KafkaEndpoint::isKafka).containsExactly(true, false, false);
    }
}
