package dev.tunnelwatch.job.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelwatch.connectors.record.SysmonNetworkConnect;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec section 4. */
class PortFilterTest {

    private final PortFilter defaultFilter = new PortFilter(List.of("7844"));

    @Test
    void defaultMatchesExactly7844() {
        assertThat(defaultFilter.ports()).containsExactly("7844");
        assertThat(defaultFilter.matches("7844")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"78440", "784", "0", "443", "17844", "7845", "7843", "", "7844.0", "-7844"})
    void defaultRejectsOtherMappedPorts(String destPort) {
        assertThat(defaultFilter.matches(destPort)).isFalse();
    }

    @Test
    void multiplePorts() {
        PortFilter f = new PortFilter(List.of("7844", "443", "0080"));
        assertThat(f.ports()).containsExactlyInAnyOrder("7844", "443", "80");
        assertThat(f.matches("7844")).isTrue();
        assertThat(f.matches("443")).isTrue();
        assertThat(f.matches("80")).isTrue();
        assertThat(f.matches("8080")).isFalse();
        assertThat(f.matches("0")).isFalse();
    }

    @Test
    void constructorCanonicalisesPorts() {
        PortFilter f = new PortFilter(List.of("07844"));
        assertThat(f.ports()).containsExactly("7844");
        assertThat(f.matches("7844")).isTrue();
        assertThat(new PortFilter(List.of(" 7844\t")).ports()).containsExactly("7844");
        assertThat(new PortFilter(List.of("7844", "07844", "007844")).ports()).containsExactly("7844");
    }

    @Test
    void portZeroIsRefusedBecauseNonIntegerPortsMapToIt() {
        // spec section 4: a non-integer dest_port becomes 0 and must never match
        assertThatThrownBy(() -> new PortFilter(List.of("000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port 0 cannot be matched");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7844.0", "-7844", "+7844", "abc", "", " ", "7.844e3", "\u0667\u0668\u0664\u0664", "78 44"})
    void rejectsNonIntegers(String port) {
        assertThatThrownBy(() -> new PortFilter(List.of("7844", port)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsEmptyList() {
        assertThatThrownBy(() -> new PortFilter(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mappedSpellingsMatchOrNotAsTheSpecSays() {
        // "07844 matches; 78440, -7844, 7844.0, 7.844e3 and ٧٨٤٤ do not."
        assertThat(defaultFilter.matches(destPort("07844"))).isTrue();
        assertThat(defaultFilter.matches(destPort(" 7844 "))).isTrue();
        for (String no : List.of("78440", "-7844", "7844.0", "7.844e3", "\u0667\u0668\u0664\u0664")) {
            assertThat(defaultFilter.matches(destPort(no))).as(no).isFalse();
        }
    }

    @Test
    void onlyDestPortMatters() {
        SysmonNetworkConnect e = new SysmonNetworkConnect(0L, "h", "i", "u", "tcp", "true", "10.0.0.1", "h",
                "7844", "1.1.1.1", "d", "443", "false");
        assertThat(defaultFilter.matches(CimMapping.map(e).key().destPort())).isFalse();
    }

    private static String destPort(String raw) {
        return CimMapping.map(new SysmonNetworkConnect(0L, "h", "i", "u", "tcp", "true", "10.0.0.1", "h", "1",
                "1.1.1.1", "d", raw, "false")).key().destPort();
    }
}
