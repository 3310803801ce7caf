package dev.tunnelwatch.connectors.decode;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link PortScreen} as it was before the one-pass scan (commit 7274fc7), unchanged: a word-at-a-time
 * test of each byte that may start a trigger, then a byte-by-byte check of each. Kept as the
 * baseline of {@code ScanThroughput} and as a second opinion in the paired tests.
 */
public final class BaselinePortScreen implements Serializable {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    /**
     * What a byte may start or end: bit 1 the first digit of a port; bit 2 the second byte of an
     * XML construct that can hide digits ({@code &#}, {@code <!}, {@code <?}); bit 4 a backslash,
     * which in JSON may start a unicode escape. XML constructs are found by their second byte
     * because '#', '!' and '?' are rare in events while '<' is everywhere. Every record is
     * screened for the spellings of every encoding, whatever it looks like: the spec lets a record
     * be passed over only when none can occur in its bytes.
     */
    private final byte[] triggers = new byte[256];
    /**
     * The word-at-a-time test: a byte b is a trigger when {@code (b | or[k]) == is[k]} for some k,
     * each repeated over the 8 bytes of a word. Two triggers that differ in one bit share a test
     * ('!' and '#'; '7' and '?'), so the usual five triggers take three tests.
     */
    private final long or0;
    private final long or1;
    private final long or2;
    private final long is0;
    private final long is1;
    private final long is2;
    /** False when the triggers need more than three tests: then byte by byte. */
    private final boolean wordTests;
    private final byte[][] ports;

    /** @param canonicalPorts the configured ports in canonical decimal form ({@code "7844"}) */
    public BaselinePortScreen(List<String> canonicalPorts) {
        if (canonicalPorts.isEmpty()) {
            throw new IllegalArgumentException("at least one port");
        }
        ports = new byte[canonicalPorts.size()][];
        for (int i = 0; i < ports.length; i++) {
            String port = canonicalPorts.get(i);
            if (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not a canonical port: " + port);
            }
            ports[i] = port.getBytes(StandardCharsets.US_ASCII);
            triggers[ports[i][0]] |= 1;
        }
        triggers['#'] |= 2;
        triggers['!'] |= 2;
        triggers['?'] |= 2;
        triggers['\\'] |= 4;
        // Pair triggers that differ in exactly one bit; each pair, or single, is one test.
        List<int[]> tests = new ArrayList<>();
        boolean[] taken = new boolean[256];
        for (int b = 0; b < 256; b++) {
            if (triggers[b] == 0 || taken[b]) {
                continue;
            }
            taken[b] = true;
            int or = 0;
            for (int bit = 1; bit < 256; bit <<= 1) {
                int other = b ^ bit;
                if ((b & bit) == 0 && triggers[other] != 0 && !taken[other]) {
                    taken[other] = true;
                    or = bit;
                    break;
                }
            }
            tests.add(new int[] {or, b | or});
        }
        wordTests = tests.size() <= 3;
        while (tests.size() < 3) {
            tests.add(tests.get(0));
        }
        or0 = ONES * tests.get(0)[0];
        is0 = ONES * tests.get(0)[1];
        or1 = ONES * tests.get(1)[0];
        is1 = ONES * tests.get(1)[1];
        or2 = ONES * tests.get(2)[0];
        is2 = ONES * tests.get(2)[1];
    }

    /** True unless the bytes {@code [offset, offset + length)} cannot hold any spelling of a configured port. */
    public boolean mayMatch(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        if (wordTests) {
            for (; i + 8 <= end; i += 8) {
                long w = (long) LONGS.get(bytes, i);
                long hits = zeroByte((w | or0) ^ is0) | zeroByte((w | or1) ^ is1) | zeroByte((w | or2) ^ is2);
                // The lowest flagged byte is a trigger; flags above it may be false alarms, which the
                // byte check rejects. Each flagged byte is checked on its own.
                while (hits != 0) {
                    int at = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                    if (near(bytes, offset, at, at + 1, end)) {
                        return true;
                    }
                    hits &= hits - 1;
                }
            }
        }
        return near(bytes, offset, i, end, end);
    }

    public boolean mayMatch(byte[] bytes, int length) {
        return mayMatch(bytes, 0, length);
    }

    /** Nonzero when some byte of {@code x} is zero (exactly: no false alarm on the whole word). */
    private static long zeroByte(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /**
     * Looks at each trigger byte of {@code [from, to)}; the record starts at {@code start} and a
     * port may run on up to {@code end}.
     */
    private boolean near(byte[] bytes, int start, int from, int to, int end) {
        for (int i = from; i < to; i++) {
            int t = triggers[bytes[i] & 0xFF];
            if (t == 0) {
                continue;
            }
            byte b = bytes[i];
            if ((t & 2) != 0 && i > start && (b == '#' ? bytes[i - 1] == '&' : bytes[i - 1] == '<')
                    || (t & 4) != 0 && i + 1 < end && bytes[i + 1] == 'u'
                    || (t & 1) != 0 && startsWithPort(bytes, i, end)) {
                return true;
            }
        }
        return false;
    }

    private boolean startsWithPort(byte[] bytes, int at, int length) {
        for (byte[] port : ports) {
            if (at + port.length <= length && port[0] == bytes[at]) {
                int k = 1;
                while (k < port.length && bytes[at + k] == port[k]) {
                    k++;
                }
                if (k == port.length) {
                    return true;
                }
            }
        }
        return false;
    }
}
