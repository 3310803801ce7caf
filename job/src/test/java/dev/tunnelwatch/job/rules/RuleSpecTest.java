package dev.tunnelwatch.job.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelwatch.job.model.DetectionRule;
import dev.tunnelwatch.job.rules.RuleSpec.InvalidRule;
import dev.tunnelwatch.job.rules.RuleSpec.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule record: canonical values, defaults, the reason template. */
class RuleSpecTest {

    static RuleSpec rule(List<String> ports, List<String> groupBy, Duration window, Duration offset, Duration lag,
            String reason) {
        return new RuleSpec("Test rule", "0bd906f3-c79e-4f6d-ba66-f01bf0503900", 1, "A rule for tests.",
                "T1572", "Protocol Tunneling", "TA0011", "Command and Control", Severity.HIGH,
                ports, groupBy, window, offset, lag, reason);
    }

    static RuleSpec withReason(String reason) {
        return rule(List.of("7844"), null, null, null, null, reason);
    }

    static Map<String, String> row() {
        Map<String, String> values = new HashMap<>();
        values.put("dvc", "WS-01");
        values.put("app", "C:\\Temp\\cloudflared.exe");
        values.put("dest", "region1.v2.argotunnel.com");
        values.put("dest_port", "7844");
        values.put("count", "3");
        values.put("first_time", "2026-12-01T11:51:00");
        values.put("last_time", "2026-12-01T12:40:07");
        return values;
    }

    @Test
    void theBundledReasonReadsAsASentence() {
        assertThat(RuleSpec.CLOUDFLARED.reason(row())).isEqualTo("WS-01 ran C:\\Temp\\cloudflared.exe, which connected"
                + " to region1.v2.argotunnel.com:7844 (count 3, from 2026-12-01T11:51:00 to 2026-12-01T12:40:07)");
        assertThat(RuleSpec.CLOUDFLARED.reasonPlaceholders())
                .containsExactly("dvc", "app", "dest", "dest_port", "count", "first_time", "last_time");
    }

    @Test
    void aMissingOrNullValueIsWrittenNullAsFillnullDoes() {
        Map<String, String> values = row();
        values.remove("app");
        values.put("dest", null);
        assertThat(RuleSpec.CLOUDFLARED.reason(values)).isEqualTo("WS-01 ran null, which connected"
                + " to null:7844 (count 3, from 2026-12-01T11:51:00 to 2026-12-01T12:40:07)");
    }

    @Test
    void valuesAreInsertedLiterallyAndDoubledBracesAreBraces() {
        RuleSpec r = withReason("{{dvc}} is {dvc}; }}{{");
        assertThat(r.reason(Map.of("dvc", "{app} $1 \\"))).isEqualTo("{dvc} is {app} $1 \\; }{");
        assertThat(r.reasonPlaceholders()).containsExactly("dvc");
    }

    @Test
    void nullsGiveTheDefaults() {
        RuleSpec r = rule(List.of("7844"), null, null, null, null, null);
        assertThat(r.groupBy()).isEqualTo(RuleSpec.DEFAULT_GROUP_BY);
        assertThat(r.window()).isEqualTo(Duration.ofHours(1));
        assertThat(r.offset()).isEqualTo(Duration.ofMinutes(50));
        assertThat(r.lag()).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.reason()).isEqualTo(RuleSpec.CLOUDFLARED.reason());
    }

    @Test
    void theOffsetIsTakenModuloTheWindow() {
        assertThat(rule(List.of("7844"), null, Duration.ofMinutes(30), null, null, null).offset())
                .isEqualTo(Duration.ofMinutes(20));
        assertThat(rule(List.of("7844"), null, Duration.ofMinutes(30), Duration.ofMinutes(30), null, null).offset())
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void theSameRuleWrittenDifferentlyIsEqual() {
        RuleSpec a = rule(List.of("07844", "443"), List.of("user", "dvc"), null, Duration.ofMinutes(110), null, null);
        RuleSpec b = rule(List.of("7844", "0443"), List.of("dvc", "user"), null, Duration.ofMinutes(50), null, null);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.ports()).containsExactly("7844", "443");
        assertThat(a.groupBy()).containsExactly("dvc", "user");
    }

    @Test
    void listsAreImmutable() {
        assertThatThrownBy(() -> RuleSpec.CLOUDFLARED.ports().add("443")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> RuleSpec.CLOUDFLARED.groupBy().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidValuesNameTheirRulesFileKey() {
        assertThatThrownBy(() -> rule(List.of(), null, null, null, null, null))
                .isInstanceOfSatisfying(InvalidRule.class, e -> {
                    assertThat(e.key()).isEqualTo("ports");
                    assertThat(e.problem()).isEqualTo("at least one port is required");
                })
                .hasMessage("ports: at least one port is required");
        assertThatThrownBy(() -> rule(List.of("7844"), null, Duration.ofMillis(-1), null, null, null))
                .hasMessage("window: must not be negative");
        assertThatThrownBy(() -> rule(List.of("7844"), null, null, null, Duration.ofMinutes(-1), null))
                .hasMessage("lag: must not be negative");
        assertThatThrownBy(() -> new RuleSpec("x", "0bd906f3-c79e-4f6d-ba66-f01bf0503900", 1, "d", "T1572", "n", "TA0011",
                "n", null, List.of("7844"), null, null, null, null, null)).hasMessage("severity: missing");
    }

    @Test
    void theDefaultReasonOfOtherFieldsNamesThem() {
        RuleSpec r = rule(List.of("3389"), List.of("src_ip", "dest_ip"), null, null, null, null);
        assertThat(r.reason()).isEqualTo("Matching connections (count {count}, from {first_time} to {last_time}): "
                + "dest_ip={dest_ip}, src_ip={src_ip}");
        assertThat(r.reason(Map.of("dest_ip", "10.0.0.9", "src_ip", "10.0.0.1", "count", "2", "first_time", "a",
                "last_time", "b"))).isEqualTo("Matching connections (count 2, from a to b): dest_ip=10.0.0.9, src_ip=10.0.0.1");
    }

    @Test
    void identityIsWhatRowsCarryToday() {
        assertThat(RuleSpec.CLOUDFLARED.identity()).isEqualTo(DetectionRule.CLOUDFLARED);
    }

    @Test
    void severitiesAreLowerCase() {
        assertThat(Severity.of("critical")).isEqualTo(Severity.CRITICAL);
        assertThat(Severity.INFORMATIONAL.text()).isEqualTo("informational");
        assertThatThrownBy(() -> Severity.of("CRITICAL"))
                .hasMessage("'CRITICAL' is not one of informational, low, medium, high, critical");
    }

    @Test
    void serializesForFlink() throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(RuleSpec.CLOUDFLARED);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(RuleSpec.CLOUDFLARED);
        }
    }
}
