package dev.tunnelwatch.connectors.decode;

import java.util.LinkedHashSet;
import java.util.Set;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The scan with the Vector API (JDK 17 incubator): a whole vector of bytes (64 with AVX-512, 32
 * with AVX2) is compared at once, and each trigger is found by its first two bytes, so that a digit
 * '7' not followed by '8' costs nothing. Every encoding's triggers are flagged, whatever the
 * record's kind; a flagged byte is then checked exactly, for that kind. Loaded only when
 * {@code jdk.incubator.vector} is resolved ({@link TriggerScan#forPorts}).
 *
 * <p>Only what JDK 17 compiles to vector instructions is used: {@code eq}, mask {@code and} and
 * {@code or}, {@code anyTrue}, {@code firstTrue} (measured; {@code VectorMask.toLong} is not, and
 * crawls).
 */
final class VectorTriggerScan implements TriggerScan {

    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;

    private final byte[][] ports;
    /** The first two digits of the ports of two digits or more, a pair at each index, each pair once. */
    private final byte[] firstDigits;
    private final byte[] secondDigits;
    /** The ports of one digit. */
    private final byte[] singleDigits;

    VectorTriggerScan(byte[][] ports) {
        this.ports = ports;
        Set<Integer> pairs = new LinkedHashSet<>();
        Set<Integer> singles = new LinkedHashSet<>();
        for (byte[] port : ports) {
            if (port.length == 1) {
                singles.add((int) port[0]);
            } else {
                pairs.add(port[0] << 8 | port[1]);
            }
        }
        firstDigits = new byte[pairs.size()];
        secondDigits = new byte[pairs.size()];
        int k = 0;
        for (int pair : pairs) {
            firstDigits[k] = (byte) (pair >>> 8);
            secondDigits[k++] = (byte) pair;
        }
        singleDigits = new byte[singles.size()];
        k = 0;
        for (int digit : singles) {
            singleDigits[k++] = (byte) digit;
        }
    }

    /** The vector test holds any ports (it loops over their pairs). */
    static boolean takes(byte[][] ports) {
        return true;
    }

    /**
     * True when vectors are 256 bits or wider (AVX2 or better on x86). With SSE only, JDK 17's
     * preferred vectors are 128 bits and this scan ran at 70 MB/s (operations left uncompiled);
     * 128-bit AVX did well, but nothing here tells the two apart, and the word scan is safe.
     */
    static boolean pays() {
        return SPECIES.vectorBitSize() >= 256;
    }

    @Override
    public int indexOfLineEndOrTrigger(byte[] bytes, int from, int to, int kind) {
        int lanes = SPECIES.length();
        int i = from;
        // Each step reads lanes + 1 bytes: the byte after the last lane is its trigger's second.
        while (i + lanes < to) {
            ByteVector here = ByteVector.fromArray(SPECIES, bytes, i);
            ByteVector next = ByteVector.fromArray(SPECIES, bytes, i + 1);
            VectorMask<Byte> stops = here.eq((byte) '\n')
                    .or(here.eq((byte) '&').and(next.eq((byte) '#')))
                    .or(here.eq((byte) '<').and(next.eq((byte) '!').or(next.eq((byte) '?'))))
                    .or(here.eq((byte) '\\').and(next.eq((byte) 'u')));
            for (int k = 0; k < firstDigits.length; k++) {
                stops = stops.or(here.eq(firstDigits[k]).and(next.eq(secondDigits[k])));
            }
            for (byte digit : singleDigits) {
                stops = stops.or(here.eq(digit));
            }
            if (!stops.anyTrue()) {
                i += lanes;
                continue;
            }
            int at = i + stops.firstTrue();
            if (bytes[at] == '\n' || TriggerScan.startsAt(ports, bytes, from, at, to, kind)) {
                return at;
            }
            i = at + 1;
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n' || TriggerScan.startsAt(ports, bytes, from, i, to, kind)) {
                return i;
            }
        }
        return -1;
    }
}
