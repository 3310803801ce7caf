package dev.tunnelwatch.job.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class FieldValuesTest {

    @Test
    void placeholdersSayNothing() {
        assertThat(FieldValues.known(null)).isNull();
        assertThat(FieldValues.known("")).isNull();
        assertThat(FieldValues.known("null")).isNull();
        assertThat(FieldValues.known("unknown")).isNull();
        assertThat(FieldValues.known("Unknown-host")).isEqualTo("Unknown-host");
    }

    @Test
    void ipLiterals() {
        for (String ip : new String[] {"10.1.2.3", "0.0.0.0", "255.255.255.255", "::", "::1", "fe80::1%12",
                "2001:db8::8a2e:370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "::ffff:192.0.2.1",
                "1:2:3:4:5:6:7::", "1:2:3:4:5:6:1.2.3.4"}) {
            assertThat(FieldValues.ip(ip)).as(ip).isEqualTo(ip);
        }
        for (String notIp : new String[] {"10.1.2", "256.1.1.1", "01.1.1.1", "1.2.3.4.5", "ws-01", ":::",
                "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "fe80::1%", "1:2:3:4:5:6:7:1.2.3.4", "g::1", ":1:2"}) {
            assertThat(FieldValues.ip(notIp)).as(notIp).isNull();
        }
    }

    @Test
    void portsAreOneTo65535() {
        assertThat(FieldValues.port("7844")).isEqualTo(OptionalInt.of(7844));
        assertThat(FieldValues.port("65535")).isEqualTo(OptionalInt.of(65535));
        // 0 is the CIM mapping's "not an integer"
        for (String notPort : new String[] {"0", "65536", "-1", "80a", "", "null", "123456"}) {
            assertThat(FieldValues.port(notPort)).as(notPort).isEmpty();
        }
    }

    @Test
    void hostnamesAreNotAddresses() {
        assertThat(FieldValues.hostname("ws-01.corp.example")).isEqualTo("ws-01.corp.example");
        assertThat(FieldValues.hostname("10.1.2.3")).isNull();
        assertThat(FieldValues.hostname("unknown")).isNull();
    }

    @Test
    void fileNames() {
        assertThat(FieldValues.fileName("C:\\Temp\\cloudflared.exe")).isEqualTo("cloudflared.exe");
        assertThat(FieldValues.fileName("/usr/local/bin/cloudflared")).isEqualTo("cloudflared");
        assertThat(FieldValues.fileName("cloudflared")).isEqualTo("cloudflared");
        assertThat(FieldValues.fileName("C:\\Temp\\")).isEqualTo("C:\\Temp\\");
    }

    @Test
    void attackUrls() {
        assertThat(FieldValues.attackUrl("T1572")).isEqualTo("https://attack.mitre.org/techniques/T1572/");
        assertThat(FieldValues.attackUrl("T1071.001")).isEqualTo("https://attack.mitre.org/techniques/T1071/001/");
        assertThat(FieldValues.attackUrl("TA0011")).isEqualTo("https://attack.mitre.org/tactics/TA0011/");
    }
}
