package dev.tunnelwatch.job.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GroupKeyTest {

    private static GroupKey of(String[] v) {
        return new GroupKey(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
    }

    private static String[] sample() {
        return new String[] {"allowed", "C:\\cloudflared.exe", "edge.example", "198.41.192.7", "7844", "outbound",
            "WS-01", "ip", "ipv4", "WS-01.corp", "10.0.0.5", "tcp", "CORP\\svc", "Microsoft Sysmon"};
    }

    @Test
    void everyFieldComesBackByAccessorByNameAndInOrder() {
        String[] v = sample();
        GroupKey k = of(v);
        assertThat(k.values()).containsExactly(v);
        for (int i = 0; i < v.length; i++) {
            assertThat(k.field(GroupKey.FIELD_NAMES[i])).isEqualTo(v[i]);
        }
        assertThat(k.field("not_a_field")).isNull();
        assertThat(new String[] {k.action(), k.app(), k.dest(), k.destIp(), k.destPort(), k.direction(), k.dvc(),
            k.protocol(), k.protocolVersion(), k.src(), k.srcIp(), k.transport(), k.user(), k.vendorProduct()})
                .containsExactly(v);
        assertThat(k.chars()).isEqualTo(Arrays.stream(v).mapToLong(String::length).sum());
    }

    @Test
    void anyStringRoundTripsExactly_nullsEmptiesNonAsciiLoneSurrogatesAndLongFields() {
        String[] v = sample();
        v[0] = null;
        v[1] = "";
        v[2] = "Ünïcödé \u20ac \ud83d\ude00 \u0000";
        v[3] = "lone \ud800 and \udfff";
        v[4] = "x".repeat(127);
        v[5] = "y".repeat(128);
        v[6] = "z".repeat(20_000);
        v[13] = null;
        GroupKey k = of(v);
        assertThat(k.values()).containsExactly(v);
        assertThat(k.dest()).isEqualTo(v[2]);
        assertThat(k.vendorProduct()).isNull();

        Random random = new Random(42);
        for (int n = 0; n < 2_000; n++) {
            String[] r = new String[14];
            for (int i = 0; i < r.length; i++) {
                if (random.nextInt(10) == 0) {
                    continue;
                }
                char[] chars = new char[random.nextInt(40)];
                for (int c = 0; c < chars.length; c++) {
                    chars[c] = (char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(65536));
                }
                r[i] = new String(chars);
            }
            assertThat(of(r).values()).containsExactly(r);
        }
    }

    @Test
    void keysAreEqualExactlyWhenEveryFieldIsEqual() {
        GroupKey a = of(sample());
        assertThat(of(sample())).isEqualTo(a).hasSameHashCodeAs(a);
        String[] moved = sample();
        moved[0] = "allowedC";
        moved[1] = ":\\cloudflared.exe"; // the same characters, split elsewhere
        assertThat(of(moved)).isNotEqualTo(a);
        String[] nullVsEmpty = sample();
        nullVsEmpty[5] = null;
        String[] empty = sample();
        empty[5] = "";
        assertThat(of(nullVsEmpty)).isNotEqualTo(of(empty));
        String[] caseOnly = sample();
        caseOnly[6] = "ws-01";
        assertThat(of(caseOnly)).isNotEqualTo(a);
    }

    @Test
    void aTypicalKeyTakesOneArrayOfAboutItsCharacters() {
        GroupKey k = of(sample());
        assertThat(k.packed().length).isEqualTo(k.chars() + 14); // ASCII: a byte a char, and a byte per length
    }
}
