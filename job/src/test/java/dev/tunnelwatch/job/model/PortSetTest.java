package dev.tunnelwatch.job.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PortSetTest {

    private static PortSet of(String... ports) {
        PortSet s = new PortSet();
        for (String p : ports) {
            s.add(p);
        }
        return s;
    }

    @Test
    void emptySet() {
        PortSet s = new PortSet();
        assertThat(s.count()).isZero();
        assertThat(s.sortedAsText()).isEmpty();
    }

    @Test
    void dedupesAndSortsLexicographically() {
        PortSet s = of("9000", "10000", "9000", "50123", "0", "7844", "10000", "443");
        assertThat(s.count()).isEqualTo(6);
        assertThat(s.sortedAsText()).containsExactly("0", "10000", "443", "50123", "7844", "9000");
    }

    @Test
    void tenThousandBeforeNineThousand() {
        assertThat(of("9000", "10000").sortedAsText()).containsExactly("10000", "9000");
    }

    @Test
    void zeroAlone() {
        PortSet s = of("0", "0");
        assertThat(s.count()).isEqualTo(1);
        assertThat(s.sortedAsText()).containsExactly("0");
    }

    @Test
    void zeroAndOneAndTen() {
        assertThat(of("10", "1", "0", "100", "2").sortedAsText()).containsExactly("0", "1", "10", "100", "2");
    }

    @Test
    void longDigitStringsAreKeptAndSortedWithTheOthers() {
        String huge = "1234567890123456789012345"; // 25 digits
        PortSet s = of("7844", huge, "10000", huge, "9999999999", "999999999", "2147483648", "2147483647");
        assertThat(s.count()).isEqualTo(7);
        assertThat(s.sortedAsText()).containsExactly(
                "10000", huge, "2147483647", "2147483648", "7844", "999999999", "9999999999");
    }

    @Test
    void addAllMerges() {
        String huge = "1234567890123456789012345";
        PortSet a = of("9000", "1", huge);
        PortSet b = of("10000", "1", huge, "99999999999");
        a.addAll(b);
        assertThat(a.count()).isEqualTo(5);
        assertThat(a.sortedAsText()).containsExactly("1", "10000", huge, "9000", "99999999999");
        // b is unchanged
        assertThat(b.sortedAsText()).containsExactly("1", "10000", huge, "99999999999");
    }

    @Test
    void threeThousandDistinctPorts() {
        PortSet s = new PortSet();
        TreeSet<String> expected = new TreeSet<>();
        // descending, with duplicates, to exercise inserts at the front
        for (int round = 0; round < 2; round++) {
            for (int p = 52999; p >= 50000; p--) {
                s.add(Integer.toString(p));
                expected.add(Integer.toString(p));
            }
        }
        assertThat(s.count()).isEqualTo(3000);
        assertThat(s.sortedAsText()).containsExactly(expected.toArray(String[]::new));
    }

    @Test
    void allSixtyFiveThousandFiveHundredThirtySixPorts() {
        PortSet s = new PortSet();
        List<String> all = new ArrayList<>();
        for (int p = 0; p <= 65535; p++) {
            s.add(Integer.toString(p));
            all.add(Integer.toString(p));
        }
        for (int p = 65535; p >= 0; p -= 7) {
            s.add(Integer.toString(p)); // duplicates change nothing
        }
        assertThat(s.count()).isEqualTo(65_536);
        String[] sorted = s.sortedAsText();
        assertThat(sorted).hasSize(65_536);
        assertThat(sorted).containsExactly(new TreeSet<>(all).toArray(String[]::new));
        assertThat(sorted[0]).isEqualTo("0");
        assertThat(sorted[1]).isEqualTo("1");
        assertThat(sorted[2]).isEqualTo("10");
        assertThat(sorted[65_535]).isEqualTo("9999");
    }

    @Test
    void aListUpToTheLimitThenABitmapWithTheSameContents() {
        PortSet s = new PortSet();
        TreeSet<String> expected = new TreeSet<>();
        for (int i = 0; i < PortSet.LIST_LIMIT; i++) {
            String p = Integer.toString(65535 - i * 13);
            s.add(p);
            expected.add(p);
        }
        assertThat(s.bitmap).isNull();
        assertThat(s.count()).isEqualTo(PortSet.LIST_LIMIT);
        s.add("65535"); // already there: still a list
        assertThat(s.bitmap).isNull();
        s.add("1");
        expected.add("1");
        assertThat(s.bitmap).isNotNull();
        assertThat(s.ports).isEmpty();
        assertThat(s.count()).isEqualTo(PortSet.LIST_LIMIT + 1);
        assertThat(s.sortedAsText()).containsExactly(expected.toArray(String[]::new));
    }

    @Test
    void valuesAboveTheRealPortRangeAreKeptAsText() {
        PortSet s = of("65535", "65536", "99999", "0");
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.otherPorts).containsExactly("65536", "99999");
        assertThat(s.sortedAsText()).containsExactly("0", "65535", "65536", "99999");
    }

    @Test
    void addAllMergesABitmapIntoAListAndBack() {
        PortSet big = new PortSet();
        for (int p = 0; p < 5000; p++) {
            big.add(Integer.toString(p * 3));
        }
        PortSet small = of("1", "3", "70000");
        small.addAll(big);
        assertThat(small.count()).isEqualTo(5000 + 2);
        big.addAll(of("1", "70000"));
        assertThat(big.sortedAsText()).containsExactly(small.sortedAsText());
    }

    @Test
    void everySourcePortTakesAtMostEightKibibytes() {
        PortSet s = new PortSet();
        long largest = 0;
        for (int round = 0; round < 3; round++) {
            for (int p = 0; p <= 65535; p++) {
                s.add(Integer.toString((p * 7919) & 0xFFFF)); // every port, scattered
                largest = Math.max(largest, s.heldBytes());
            }
        }
        assertThat(s.count()).isEqualTo(65_536);
        assertThat(largest).isEqualTo(8192);
    }
}
