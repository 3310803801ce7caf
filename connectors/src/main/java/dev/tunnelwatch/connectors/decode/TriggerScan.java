package dev.tunnelwatch.connectors.decode;

import java.util.Arrays;

/**
 * Finds, in one pass, where a line ends or where a trigger starts, whichever comes first. A trigger
 * is what makes a record a candidate for {@link PortScreen}: a configured port's digits, or
 * {@code &#}, {@code <!}, {@code <?}, <code>&#92;u</code>, which can hide them. No trigger holds a
 * {@code '\n'}, so a line holds one exactly when the scan from its start stops on one.
 */
interface TriggerScan {

    /**
     * The index of the first {@code '\n'} in {@code [from, to)}, or of the first byte that starts a
     * trigger lying whole in {@code [from, to)}, whichever comes first; -1 when there is neither.
     */
    int indexOfLineEndOrTrigger(byte[] bytes, int from, int to);

    /**
     * The Vector API scan where it is resolved (it is an incubator module: only with
     * {@code --add-modules jdk.incubator.vector}) and pays, else the word-at-a-time one. Without
     * the module {@link VectorTriggerScan} is never loaded: it could not even be linked.
     */
    static TriggerScan forPorts(byte[][] ports, boolean vectors) {
        if (vectors && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorTriggerScan.pays()) {
            return new VectorTriggerScan(ports);
        }
        return new WordTriggerScan(ports);
    }

    /** True when a trigger starts at {@code at} and ends by {@code to}: the exact check behind the scans' quick tests. */
    static boolean startsAt(byte[][] ports, byte[] bytes, int at, int to) {
        byte b = bytes[at];
        if (at + 1 < to) {
            byte next = bytes[at + 1];
            if (b == '&' && next == '#' || b == '<' && (next == '!' || next == '?') || b == '\\' && next == 'u') {
                return true;
            }
        }
        for (byte[] port : ports) {
            if (port[0] == b && at + port.length <= to && restMatches(bytes, at, port)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The port's other digits at {@code at}. A plain loop: digit pairs like "78" are common in
     * events, and {@code Arrays.equals} over a range costs more per call than these few bytes do
     * (12% of the job's samples in a profile).
     */
    private static boolean restMatches(byte[] bytes, int at, byte[] port) {
        for (int k = 1; k < port.length; k++) {
            if (bytes[at + k] != port[k]) {
                return false;
            }
        }
        return true;
    }
}
