package dev.tunnelwatch.connectors.decode;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fast path of spec section 7: tells from a record's bytes alone whether it could possibly
 * match, so that the great majority of records (about 99,999 in 100,000 in real traffic) are
 * never decoded. A record may be passed over only when no spelling of a configured port can occur
 * in it in any accepted encoding:
 *
 * <ul>
 *   <li>a port is an integer: ASCII digits, leading zeros allowed, nothing inside (section 4), so
 *       in plain text it always shows its canonical digits ({@code 07844} holds {@code 7844});
 *   <li>XML can build text from pieces the bytes do not show whole: character references
 *       ({@code &#55;844}) and text split by comments, CDATA sections or processing instructions
 *       ({@code 78<!---->44}); any {@code &#}, {@code <!} or {@code <?} makes a record a candidate
 *       (so do DTDs, which are refused anyway, and their entities);
 *   <li>JSON can escape any character (<code>&#92;u0037844</code>); any <code>&#92;u</code> makes a record a candidate.
 * </ul>
 *
 * <p>Everything else (other event IDs, malformed records) that shows none of these cannot give a
 * row, and is counted as "cannot match" instead of being decoded. False candidates only cost a
 * decode. Every record is screened for the spellings of every encoding, whatever it looks like:
 * the spec lets a record be passed over only when none can occur in its bytes.
 *
 * <p>The bytes are scanned in one pass for what can start a spelling ({@link TriggerScan}): with
 * the Vector API when the JVM has it ({@code --add-modules jdk.incubator.vector}), else eight
 * bytes at a time; both decide exactly the same. Stateless and thread-safe.
 */
public final class PortScreen implements Serializable {

    private final byte[][] ports;
    /** Chosen by the JVM that screens: a deserialized screen chooses again (readObject). */
    private transient TriggerScan scan;

    /** @param canonicalPorts the configured ports in canonical decimal form ({@code "7844"}) */
    public PortScreen(List<String> canonicalPorts) {
        this(canonicalPorts, true);
    }

    private PortScreen(List<String> canonicalPorts, boolean vectors) {
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
        }
        scan = TriggerScan.forPorts(ports, vectors);
    }

    /**
     * The same screen on the portable scan, as on a JVM without the Vector API, even where it has
     * it: to test and measure that path. Once deserialized it chooses again, like any screen.
     */
    public static PortScreen withoutVectors(List<String> canonicalPorts) {
        return new PortScreen(canonicalPorts, false);
    }

    /** True unless the bytes {@code [offset, offset + length)} cannot hold any spelling of a configured port. */
    public boolean mayMatch(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int from = offset;
        while (true) {
            int stop = scan.indexOfLineEndOrTrigger(bytes, from, end);
            if (stop < 0) {
                return false;
            }
            if (bytes[stop] != '\n') {
                return true;
            }
            from = stop + 1; // no spelling holds a line end: the rest is screened on its own
        }
    }

    public boolean mayMatch(byte[] bytes, int length) {
        return mayMatch(bytes, 0, length);
    }

    /**
     * For a reader that splits lines, so that one pass both ends a line and screens it: the index
     * of the first {@code '\n'} in {@code [from, to)}, or of the first byte that starts a trigger
     * lying whole in {@code [from, to)}, whichever comes first; -1 when there is neither. A line
     * starting at {@code from} cannot hold a spelling exactly when this returns its line end.
     * Triggers are a port's digits, {@code &#}, {@code <!}, {@code <?} and <code>&#92;u</code>.
     */
    public int indexOfLineEndOrTrigger(byte[] bytes, int from, int to) {
        return scan.indexOfLineEndOrTrigger(bytes, from, to);
    }

    /** Whether the Vector API scan is in use (else the portable one). */
    public boolean usesVectors() {
        return !(scan instanceof WordTriggerScan);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        scan = TriggerScan.forPorts(ports, true);
    }
}
