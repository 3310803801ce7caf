package dev.tunnelwatch.connectors.decode;

/**
 * Finds, in one pass, where a line ends or where a trigger starts, whichever comes first. A trigger
 * is what makes a record a candidate for {@link PortScreen}: a configured port's digits, or a
 * construct that can hide them in the record's kind ({@link PortScreen#XML}: {@code &#},
 * {@code <!}, {@code <?}; {@link PortScreen#JSON}: a <code>&#92;u</code> escape, a 'u' after an odd
 * run of backslashes; {@link PortScreen#OTHER}: all of these, and any <code>&#92;u</code>). No
 * trigger holds a {@code '\n'}, so a line holds one exactly when the scan from its start stops on one.
 */
interface TriggerScan {

    /**
     * The index of the first {@code '\n'} in {@code [from, to)}, or of the first byte that starts a
     * trigger of the given kind lying whole in {@code [from, to)}, whichever comes first; -1 when
     * there is neither. A run of backslashes is counted from {@code from} at the earliest: the
     * caller starts at a record's or line's start, or just after a line end.
     */
    int indexOfLineEndOrTrigger(byte[] bytes, int from, int to, int kind);

    /**
     * The Vector API scan where it is resolved (it is an incubator module: only with
     * {@code --add-modules jdk.incubator.vector}), pays and takes these ports, else the
     * word-at-a-time one. Without the module {@link VectorTriggerScan} is never loaded: it could not
     * even be linked.
     */
    static TriggerScan forPorts(byte[][] ports, boolean vectors) {
        if (vectors && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorTriggerScan.pays()
                && VectorTriggerScan.takes(ports)) {
            return new VectorTriggerScan(ports);
        }
        return new WordTriggerScan(ports);
    }

    /**
     * True when one of the ports' digits start at {@code at} and end by {@code to}. Branches that
     * go both ways all the time: a port cut short by {@code to} fails as a mismatch does.
     */
    static boolean portAt(byte[][] ports, byte[] bytes, int at, int to) {
        for (byte[] port : ports) {
            if (digitsMatching(bytes, at, port, Math.min(port.length, to - at)) == port.length) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many of the port's first {@code n} digits are at {@code at}. A plain loop: digit pairs
     * like "78" are common in events, and {@code Arrays.equals} over a range costs more per call
     * than these few bytes do (12% of the job's samples in a profile).
     */
    private static int digitsMatching(byte[] bytes, int at, byte[] port, int n) {
        int k = 0;
        while (k < n && bytes[at + k] == port[k]) {
            k++;
        }
        return k;
    }

    /**
     * True when the backslash at {@code at} escapes the byte after it in JSON: it ends a run of
     * backslashes of odd length (counted back to {@code from} at the earliest). A JSON string's
     * escapes pair its backslashes from the start of each run ({@code \\} is one backslash), and a
     * backslash anywhere else is a syntax error; so <code>&#92;u</code> starts an escape exactly
     * when its run is odd.
     */
    static boolean escapesNext(byte[] bytes, int from, int at) {
        int start = at;
        while (start > from && bytes[start - 1] == '\\') {
            start--;
        }
        return ((at - start) & 1) == 0;
    }
}
