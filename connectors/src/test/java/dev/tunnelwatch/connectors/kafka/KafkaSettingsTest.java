package dev.tunnelwatch.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaSettingsTest {

    @Test
    void defaultsResumeFromCommittedOffsetsExactlyOnce() {
        KafkaSettings s = KafkaSettings.defaults();
        assertThat(s.groupId()).isEqualTo("tunnelwatch");
        assertThat(s.start()).isEqualTo("committed");
        assertThat(s.bounded()).isFalse();
        assertThat(s.delivery()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(s.startingOffsets()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"earliest", "latest", "committed", "2026-12-01T11:50:00Z"})
    void acceptedStarts(String start) {
        assertThat(new KafkaSettings(new Properties(), "g", start, false, DeliveryGuarantee.AT_LEAST_ONCE, "p")
                .startingOffsets()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "EARLIEST", "yesterday", "2026-12-01 11:50:00", "2026-12-01"})
    void refusedStarts(String start) {
        assertThatThrownBy(() -> new KafkaSettings(new Properties(), "g", start, false, DeliveryGuarantee.NONE, "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--start: '" + start + "'");
    }

    @Test
    void deliveryNames() {
        assertThat(KafkaSettings.delivery("exactly-once")).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(KafkaSettings.delivery("at-least-once")).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThatThrownBy(() -> KafkaSettings.delivery("once")).hasMessageContaining("--delivery: 'once'");
    }
}
