package dev.tunnelwatch.connectors.decode;

import static dev.tunnelwatch.connectors.decode.Decoding.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Spec section 7: "The defaults must accept every record up to 1 MiB". Valid records under 1 MiB
 * that stress the parsers' own built-in limits (JDK XML limits, Jackson constraints) must decode.
 */
class DefaultLimitsTest {

    private static final int MIB = 1 << 20;

    private static String xmlWithImage(String imageXml) {
        String record = xmlEvent(SYSTEM, UTC + PORT + data("Image", imageXml));
        assertThat(record.getBytes(UTF_8).length).isLessThanOrEqualTo(MIB);
        return record;
    }

    @Test
    void manyPredefinedEntityReferences() {
        int n = 200_000; // 1,000,000 bytes of &amp;
        assertThat(sysmon(xmlWithImage("&amp;".repeat(n))).image()).isEqualTo("&".repeat(n));
    }

    @Test
    void manyCharacterReferences() {
        int n = 160_000;
        assertThat(sysmon(xmlWithImage("&#55;".repeat(n))).image()).isEqualTo("7".repeat(n));
    }

    @Test
    void manyAttributesOnOneElement() {
        StringBuilder attrs = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            attrs.append(" a").append(i).append("=''");
        }
        String record = xmlEvent(SYSTEM, UTC + PORT + "<Data Name='RuleName'" + attrs + "/>");
        assertThat(record.getBytes(UTF_8).length).isLessThanOrEqualTo(MIB);
        assertThat(sysmon(record)).isEqualTo(new dev.tunnelwatch.connectors.record.SysmonNetworkConnect(
                UTC_TIME_MILLIS, "WS-01", null, null, null, null, null, null, null, null, null, "7844", null));
    }

    @Test
    void longElementAndAttributeNames() {
        String name = "N" + "x".repeat(100_000);
        String record = xmlEvent(SYSTEM, UTC + PORT + "<" + name + " " + name + "='v'/>");
        assertThat(sysmon(record).destinationPort()).isEqualTo("7844");
    }

    @Test
    void manySiblingElements() {
        String record = xmlEvent(SYSTEM, UTC + PORT + "<x/>".repeat(200_000));
        assertThat(record.getBytes(UTF_8).length).isLessThanOrEqualTo(MIB);
        assertThat(sysmon(record).destinationPort()).isEqualTo("7844");
    }

    @Test
    void longAttributeValue() {
        String record = xmlEvent(SYSTEM, UTC + PORT + "<Data Name='RuleName' v='" + "y".repeat(900_000) + "'/>");
        assertThat(sysmon(record).destinationPort()).isEqualTo("7844");
    }

    @Test
    void manyJsonKeys() {
        StringBuilder sb = new StringBuilder(j("{'_time':1714564800,'dest_port':'7844'"));
        for (int i = 0; i < 80_000; i++) {
            sb.append(",\"k").append(i).append("\":1");
        }
        sb.append('}');
        assertThat(sb.toString().getBytes(UTF_8).length).isLessThanOrEqualTo(MIB);
        assertThat(cim(sb.toString()).destPort()).isEqualTo("7844");
    }

    @Test
    void longJsonKeyAndNumber() {
        String record = j("{'_time':1714564800,'dest_port':'7844','" + "k".repeat(500_000) + "':"
                + "9".repeat(500_000) + "}");
        assertThat(cim(record).destPort()).isEqualTo("7844");
        String longFraction = j("{'_time':1714564800.") + "9".repeat(900_000) + j(",'dest_port':'7844'}");
        assertThat(cim(longFraction).eventTime()).isEqualTo(1_714_564_800_999L);
    }

    @Test
    void manyEscapes() {
        String record = j("{'_time':1714564800,'dest_port':'7844','app':'") + "\\u0041".repeat(170_000) + j("'}");
        assertThat(cim(record).app()).isEqualTo("A".repeat(170_000));
    }
}
