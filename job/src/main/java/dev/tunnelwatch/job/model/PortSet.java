package dev.tunnelwatch.job.model;

import java.util.Arrays;

/**
 * A compact set of canonical port strings: ports that fit an int (all real ones) are kept in a
 * sorted int array, anything longer (a crafted digit string) as text. A group that sees all 65,536
 * source ports costs 256 KiB, not 65,536 strings.
 *
 * <p>Public fields and a no-argument constructor make it a Flink POJO, so window state is
 * serialised without Kryo.
 */
public class PortSet {

    private static final int LARGEST_INT_DIGITS = 9;

    /** Sorted distinct ports; only the first {@link #size} entries are used. */
    public int[] ports = new int[4];

    public int size;

    /** Sorted distinct ports too long for an int, in canonical form. */
    public String[] longPorts = new String[0];

    public PortSet() {}

    /** Adds a port in canonical decimal form. */
    public void add(String canonicalPort) {
        if (canonicalPort.length() > LARGEST_INT_DIGITS) {
            int at = Arrays.binarySearch(longPorts, canonicalPort);
            if (at < 0) {
                int insert = -at - 1;
                String[] grown = new String[longPorts.length + 1];
                System.arraycopy(longPorts, 0, grown, 0, insert);
                grown[insert] = canonicalPort;
                System.arraycopy(longPorts, insert, grown, insert + 1, longPorts.length - insert);
                longPorts = grown;
            }
            return;
        }
        add(Integer.parseInt(canonicalPort));
    }

    private void add(int port) {
        int at = Arrays.binarySearch(ports, 0, size, port);
        if (at >= 0) {
            return;
        }
        int insert = -at - 1;
        if (size == ports.length) {
            ports = Arrays.copyOf(ports, size * 2);
        }
        System.arraycopy(ports, insert, ports, insert + 1, size - insert);
        ports[insert] = port;
        size++;
    }

    public void addAll(PortSet other) {
        for (int i = 0; i < other.size; i++) {
            add(other.ports[i]);
        }
        for (String p : other.longPorts) {
            add(p);
        }
    }

    public int count() {
        return size + longPorts.length;
    }

    /** The ports as strings, sorted lexicographically ({@code "10000"} before {@code "9000"}). */
    public String[] sortedAsText() {
        String[] out = new String[count()];
        for (int i = 0; i < size; i++) {
            out[i] = Integer.toString(ports[i]);
        }
        System.arraycopy(longPorts, 0, out, size, longPorts.length);
        Arrays.sort(out);
        return out;
    }
}
