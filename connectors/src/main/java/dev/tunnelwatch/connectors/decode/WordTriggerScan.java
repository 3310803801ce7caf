package dev.tunnelwatch.connectors.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The portable scan, eight bytes at a time: one pass tests each byte for a line end and for the
 * bytes that may belong to a trigger of any kind, and checks each flagged byte exactly, for the
 * record's kind. Used where the Vector API is not available.
 */
final class WordTriggerScan implements TriggerScan {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long NEWLINES = ONES * '\n';

    private final byte[][] ports;
    /**
     * What a byte may be in a trigger: bit 1 the first digit of a port; bit 2 the second byte of an
     * XML construct ({@code &#}, {@code <!}, {@code <?}); bit 4 a backslash, which may start
     * <code>&#92;u</code>. XML constructs are found by their second byte because '#', '!' and '?'
     * are rare in events while '<' is everywhere.
     */
    private final byte[] triggers = new byte[256];
    /**
     * The word-at-a-time test: a byte b is flagged when {@code (b | or[k]) == is[k]} for some k,
     * each repeated over the 8 bytes of a word. Two trigger bytes that differ in one bit share a
     * test ('!' and '#'; '7' and '?'), so the usual five take three tests, beside the line end's.
     */
    private final long or0;
    private final long or1;
    private final long or2;
    private final long is0;
    private final long is1;
    private final long is2;
    /** False when the trigger bytes need more than three tests: then byte by byte. */
    private final boolean wordTests;

    WordTriggerScan(byte[][] ports) {
        this.ports = ports;
        for (byte[] port : ports) {
            triggers[port[0]] |= 1;
        }
        triggers['#'] |= 2;
        triggers['!'] |= 2;
        triggers['?'] |= 2;
        triggers['\\'] |= 4;
        // Pair trigger bytes that differ in exactly one bit; each pair, or single, is one test.
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

    @Override
    public int indexOfLineEndOrTrigger(byte[] bytes, int from, int to, int kind) {
        int i = from;
        if (wordTests) {
            for (; i + 8 <= to; i += 8) {
                long w = (long) LONGS.get(bytes, i);
                long n = w ^ NEWLINES;
                long a = (w | or0) ^ is0;
                long b = (w | or1) ^ is1;
                long c = (w | or2) ^ is2;
                // The high bit of each zero byte of n, a, b or c: never misses one, and may raise a
                // false alarm just above one (a borrow), which the exact check rejects.
                long flags = ((n - ONES) & ~n | (a - ONES) & ~a | (b - ONES) & ~b | (c - ONES) & ~c) & HIGHS;
                for (; flags != 0; flags &= flags - 1) {
                    int stop = stopAt(bytes, from, i + (Long.numberOfTrailingZeros(flags) >>> 3), to, kind);
                    if (stop >= 0) {
                        return stop;
                    }
                }
            }
        }
        for (; i < to; i++) {
            int stop = stopAt(bytes, from, i, to, kind);
            if (stop >= 0) {
                return stop;
            }
        }
        return -1;
    }

    /**
     * Where the line end or trigger of this kind that byte {@code at} belongs to starts, or -1: an
     * XML construct is flagged on its second byte, so it starts one byte before.
     */
    private int stopAt(byte[] bytes, int from, int at, int to, int kind) {
        byte b = bytes[at];
        if (b == '\n') {
            return at;
        }
        int t = triggers[b & 0xFF];
        if ((t & 2) != 0 && kind != PortScreen.JSON && at > from && xmlConstructEndsAt(bytes, at)) {
            return at - 1;
        }
        if ((t & 4) != 0 && kind != PortScreen.XML && at + 1 < to && bytes[at + 1] == 'u'
                && (kind == PortScreen.OTHER || TriggerScan.escapesNext(bytes, from, at))) {
            return at;
        }
        if ((t & 1) != 0 && TriggerScan.portAt(ports, bytes, at, to)) {
            return at;
        }
        return -1;
    }

    /** {@code &#}, {@code <!} or {@code <?} ending at {@code at}. */
    private static boolean xmlConstructEndsAt(byte[] bytes, int at) {
        byte prev = bytes[at - 1];
        byte b = bytes[at];
        return prev == '&' && b == '#' || prev == '<' && (b == '!' || b == '?');
    }
}
