package dev.tunnelwatch.job.model;

import java.util.Arrays;

/**
 * A compact set of canonical port strings, bounded for every real port: up to
 * {@value #LIST_LIMIT} ports in 0..65535 are a sorted {@code char} list (2 bytes each); beyond,
 * a 65,536-bit bitmap (8 KiB), so one host spraying every source port costs a group at most
 * 8 KiB. Values above 65535 (crafted digit strings; Sysmon writes 16-bit ports) are kept as
 * text, as the spec keeps every distinct value.
 *
 * <p>Public fields and a no-argument constructor make it a Flink POJO, so window state is
 * serialised without Kryo.
 */
public class PortSet {

    /** A list at this size takes as much room as the bitmap. */
    static final int LIST_LIMIT = 4096;
    private static final int PORT_RANGE = 65536;

    /** Sorted distinct ports while there are few; only the first {@link #size} are used. Empty once {@link #bitmap} is. */
    public char[] ports = new char[4];

    /** How many ports in 0..65535 the set holds. */
    public int size;

    /** Bit p set when port p is in the set; null while the list is used. */
    public long[] bitmap;

    /** Sorted distinct values above 65535, in canonical form. */
    public String[] otherPorts = new String[0];

    public PortSet() {}

    /** Adds a port in canonical decimal form. */
    public void add(String canonicalPort) {
        if (canonicalPort.length() <= 5) {
            int port = Integer.parseInt(canonicalPort);
            if (port < PORT_RANGE) {
                add(port);
                return;
            }
        }
        addOther(canonicalPort);
    }

    private void add(int port) {
        if (bitmap != null) {
            long bit = 1L << port;
            if ((bitmap[port >>> 6] & bit) == 0) {
                bitmap[port >>> 6] |= bit;
                size++;
            }
            return;
        }
        int at = Arrays.binarySearch(ports, 0, size, (char) port);
        if (at >= 0) {
            return;
        }
        if (size == LIST_LIMIT) {
            toBitmap();
            add(port);
            return;
        }
        int insert = -at - 1;
        if (size == ports.length) {
            ports = Arrays.copyOf(ports, Math.min(size * 2, LIST_LIMIT));
        }
        System.arraycopy(ports, insert, ports, insert + 1, size - insert);
        ports[insert] = (char) port;
        size++;
    }

    private void toBitmap() {
        bitmap = new long[PORT_RANGE / 64];
        for (int i = 0; i < size; i++) {
            bitmap[ports[i] >>> 6] |= 1L << ports[i];
        }
        ports = new char[0];
    }

    private void addOther(String port) {
        int at = Arrays.binarySearch(otherPorts, port);
        if (at < 0) {
            int insert = -at - 1;
            String[] grown = new String[otherPorts.length + 1];
            System.arraycopy(otherPorts, 0, grown, 0, insert);
            grown[insert] = port;
            System.arraycopy(otherPorts, insert, grown, insert + 1, otherPorts.length - insert);
            otherPorts = grown;
        }
    }

    public void addAll(PortSet other) {
        if (other.bitmap != null) {
            for (int word = 0; word < other.bitmap.length; word++) {
                for (long bits = other.bitmap[word]; bits != 0; bits &= bits - 1) {
                    add(word * 64 + Long.numberOfTrailingZeros(bits));
                }
            }
        } else {
            for (int i = 0; i < other.size; i++) {
                add(other.ports[i]);
            }
        }
        for (String p : other.otherPorts) {
            addOther(p);
        }
    }

    public int count() {
        return size + otherPorts.length;
    }

    /** Bytes of the port data held, for bounds in tests and benchmarks. */
    public long heldBytes() {
        long values = bitmap != null ? bitmap.length * 8L : ports.length * 2L;
        for (String p : otherPorts) {
            values += p.length() + 8;
        }
        return values;
    }

    /** The ports as strings, sorted lexicographically ({@code "10000"} before {@code "9000"}). */
    public String[] sortedAsText() {
        String[] out = new String[count()];
        int n = 0;
        if (bitmap != null) {
            for (int word = 0; word < bitmap.length; word++) {
                for (long bits = bitmap[word]; bits != 0; bits &= bits - 1) {
                    out[n++] = Integer.toString(word * 64 + Long.numberOfTrailingZeros(bits));
                }
            }
        } else {
            for (int i = 0; i < size; i++) {
                out[n++] = Integer.toString(ports[i]);
            }
        }
        System.arraycopy(otherPorts, 0, out, n, otherPorts.length);
        Arrays.sort(out);
        return out;
    }
}
