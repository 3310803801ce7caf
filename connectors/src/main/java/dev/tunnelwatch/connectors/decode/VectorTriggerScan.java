package dev.tunnelwatch.connectors.decode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
 * <p>Written for C2, which alone compiles the Vector API to vector instructions (the interpreter and
 * C1 run its Java fallbacks, a hundred times slower), so that the vector loop's compiled code, once
 * made, is not thrown away (deoptimised) again. Before, in the job, C2's code for the scan was made
 * not entrant a dozen times a run and the reader's thread spent some 40% of its time in the
 * fallbacks; the traps were a never-seen branch of the scalar tail loop, a range check C2 had
 * widened over a trigger's bytes at a buffer's end, the switch on the species' size in
 * {@code maskAll} (behind {@code anyTrue}), and loops over the ports' digit pairs.
 *
 * <ul>
 *   <li>The vector loops ({@link #findOnePair}, {@link #findInSlots}) are methods of their own
 *       with nothing but vector operations and their loop: hot on their own, they get compiled on
 *       their own, and no exact check lives in them. A check compiled for the data seen so far
 *       may still trap on new data (the first JSON record after XML ones), but that throws away the
 *       small driver only, whose interpreted code calls the loop's compiled code meanwhile.
 *   <li>The ports' digit pairs sit in fields (a few slots, and a loop of its own for the usual
 *       single pair), not in arrays looped over inside the vector loop.
 *   <li>Only operations JDK 17 compiles to vector instructions: {@code eq}, mask {@code and} and
 *       {@code or}, {@code firstTrue} (measured; {@code VectorMask.toLong} is not, and crawls).
 *       Not {@code anyTrue}, which builds {@code maskAll(true)} through that switch.
 *   <li>No scalar tail: the last bytes of a range, fewer than a vector and one, are copied into a
 *       zeroed array and scanned by the same loop (a zero byte starts no trigger and ends none),
 *       so the same few branches run everywhere, each taken both ways all the time.
 * </ul>
 */
final class VectorTriggerScan implements TriggerScan {

    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    /** The most distinct first-two-digit pairs (of the ports of two digits or more) the test holds. */
    static final int PAIR_SLOTS = 4;
    /** The most ports of one digit the test holds. */
    static final int SINGLE_SLOTS = 2;

    /** What a flagged byte means, by kind: not a trigger of this kind; always; if a port follows; if it escapes. */
    private static final byte PASS = 0;
    private static final byte STOP = 1;
    private static final byte PORT = 2;
    private static final byte ESCAPE = 3;
    /** Per kind, per byte: what a flag on it means. A flag is always a line end or a trigger's first byte. */
    private static final byte[][] ACTIONS = actions();

    private final byte[][] ports;
    /** One pair and no single digit: the usual case, with a loop of its own. */
    private final boolean onePair;
    /** The pair slots: first and second digits; unused slots repeat the first pair. */
    private final byte first0;
    private final byte second0;
    private final byte first1;
    private final byte second1;
    private final byte first2;
    private final byte second2;
    private final byte first3;
    private final byte second3;
    /** The single-digit slots; unused ones hold '\n', already a stop. */
    private final byte single0;
    private final byte single1;

    VectorTriggerScan(byte[][] ports) {
        if (!takes(ports)) {
            throw new IllegalArgumentException("more distinct ports than the vector test holds");
        }
        this.ports = ports;
        List<byte[]> pairs = pairs(ports);
        List<Byte> singles = singles(ports);
        onePair = pairs.size() == 1 && singles.isEmpty();
        // With no pair at all, every slot is a line end followed by a line end: a stop anyway.
        byte[] none = {'\n', '\n'};
        byte[][] slots = new byte[PAIR_SLOTS][];
        for (int k = 0; k < PAIR_SLOTS; k++) {
            slots[k] = k < pairs.size() ? pairs.get(k) : pairs.isEmpty() ? none : pairs.get(0);
        }
        first0 = slots[0][0];
        second0 = slots[0][1];
        first1 = slots[1][0];
        second1 = slots[1][1];
        first2 = slots[2][0];
        second2 = slots[2][1];
        first3 = slots[3][0];
        second3 = slots[3][1];
        single0 = !singles.isEmpty() ? singles.get(0) : (byte) '\n';
        single1 = singles.size() > 1 ? singles.get(1) : (byte) '\n';
    }

    /**
     * True when vectors are 256 bits or wider (AVX2 or better on x86). With SSE only, JDK 17's
     * preferred vectors are 128 bits and this scan ran at 70 MB/s (operations left uncompiled);
     * 128-bit AVX did well, but nothing here tells the two apart, and the word scan is safe.
     */
    static boolean pays() {
        return SPECIES.vectorBitSize() >= 256;
    }

    /** True when the ports fit the slots: else the word scan, which takes any number. */
    static boolean takes(byte[][] ports) {
        return pairs(ports).size() <= PAIR_SLOTS && singles(ports).size() <= SINGLE_SLOTS;
    }

    private static List<byte[]> pairs(byte[][] ports) {
        Set<Integer> distinct = new LinkedHashSet<>();
        for (byte[] port : ports) {
            if (port.length > 1) {
                distinct.add(port[0] << 8 | port[1]);
            }
        }
        List<byte[]> pairs = new ArrayList<>();
        for (int pair : distinct) {
            pairs.add(new byte[] {(byte) (pair >>> 8), (byte) pair});
        }
        return pairs;
    }

    private static List<Byte> singles(byte[][] ports) {
        Set<Byte> distinct = new LinkedHashSet<>();
        for (byte[] port : ports) {
            if (port.length == 1) {
                distinct.add(port[0]);
            }
        }
        return new ArrayList<>(distinct);
    }

    private static byte[][] actions() {
        byte[][] actions = new byte[PortScreen.JSON + 1][256];
        for (byte[] kind : actions) {
            kind['\n'] = STOP;
            for (int d = '0'; d <= '9'; d++) {
                kind[d] = PORT;
            }
        }
        // '&' and '<' are flagged only before '#', '!' or '?'; a backslash only before 'u'.
        actions[PortScreen.OTHER]['&'] = STOP;
        actions[PortScreen.OTHER]['<'] = STOP;
        actions[PortScreen.OTHER]['\\'] = STOP;
        actions[PortScreen.XML]['&'] = STOP;
        actions[PortScreen.XML]['<'] = STOP;
        actions[PortScreen.XML]['\\'] = PASS;
        actions[PortScreen.JSON]['&'] = PASS;
        actions[PortScreen.JSON]['<'] = PASS;
        actions[PortScreen.JSON]['\\'] = ESCAPE;
        return actions;
    }

    @Override
    public int indexOfLineEndOrTrigger(byte[] bytes, int from, int to, int kind) {
        byte[] actions = ACTIONS[kind];
        int i = from;
        while (true) {
            int at = find(bytes, i, to);
            if (at < 0) {
                at = findInTail(bytes, ~at, to);
                if (at < 0) {
                    return -1;
                }
            }
            // Exact for a line end and the XML and JSON constructs; a port needs its other digits.
            if (stopsAt(actions[bytes[at] & 0xFF], bytes, from, at, to)) {
                return at;
            }
            i = at + 1;
        }
    }

    private boolean stopsAt(byte action, byte[] bytes, int from, int at, int to) {
        return action == STOP
                || action == PORT && TriggerScan.portAt(ports, bytes, at, to)
                || action == ESCAPE && TriggerScan.escapesNext(bytes, from, at);
    }

    /**
     * The first flagged byte in whole vectors from {@code i}, each read with the byte after it
     * (a trigger's second), so all below {@code to}; when there is none, {@code ~j} for the first
     * byte {@code j} left unscanned, fewer than a vector and one before {@code to}.
     */
    private int find(byte[] bytes, int i, int to) {
        return onePair ? findOnePair(bytes, i, to) : findInSlots(bytes, i, to);
    }

    /** The last bytes, from {@code i}: fewer than a vector and one, scanned in a zeroed copy. */
    private int findInTail(byte[] bytes, int i, int to) {
        byte[] tail = new byte[LANES + 1];
        System.arraycopy(bytes, i, tail, 0, to - i); // none at all when a range ends in whole vectors
        int k = find(tail, 0, tail.length);
        return k < 0 ? -1 : i + k;
    }

    private int findOnePair(byte[] bytes, int i, int to) {
        byte first = first0;
        byte second = second0;
        for (; to - i > LANES; i += LANES) {
            ByteVector here = ByteVector.fromArray(SPECIES, bytes, i);
            ByteVector next = ByteVector.fromArray(SPECIES, bytes, i + 1);
            VectorMask<Byte> stops = here.eq((byte) '\n')
                    .or(here.eq((byte) '&').and(next.eq((byte) '#')))
                    .or(here.eq((byte) '<').and(next.eq((byte) '!').or(next.eq((byte) '?'))))
                    .or(here.eq((byte) '\\').and(next.eq((byte) 'u')))
                    .or(here.eq(first).and(next.eq(second)));
            int k = stops.firstTrue();
            if (k < LANES) {
                return i + k;
            }
        }
        return ~i;
    }

    private int findInSlots(byte[] bytes, int i, int to) {
        byte f0 = first0;
        byte s0 = second0;
        byte f1 = first1;
        byte s1 = second1;
        byte f2 = first2;
        byte s2 = second2;
        byte f3 = first3;
        byte s3 = second3;
        byte d0 = single0;
        byte d1 = single1;
        for (; to - i > LANES; i += LANES) {
            ByteVector here = ByteVector.fromArray(SPECIES, bytes, i);
            ByteVector next = ByteVector.fromArray(SPECIES, bytes, i + 1);
            VectorMask<Byte> stops = here.eq((byte) '\n')
                    .or(here.eq((byte) '&').and(next.eq((byte) '#')))
                    .or(here.eq((byte) '<').and(next.eq((byte) '!').or(next.eq((byte) '?'))))
                    .or(here.eq((byte) '\\').and(next.eq((byte) 'u')))
                    .or(here.eq(f0).and(next.eq(s0)))
                    .or(here.eq(f1).and(next.eq(s1)))
                    .or(here.eq(f2).and(next.eq(s2)))
                    .or(here.eq(f3).and(next.eq(s3)))
                    .or(here.eq(d0))
                    .or(here.eq(d1));
            int k = stops.firstTrue();
            if (k < LANES) {
                return i + k;
            }
        }
        return ~i;
    }
}
