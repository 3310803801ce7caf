package dev.tunnelwatch.connectors.decode;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.List;

/**
 * The screen's rule written the plainest way, byte by byte, as the reference of the paired tests:
 * a record's kind is its first byte after spaces, tabs, CRs and LFs ('&lt;' XML, '{' JSON, else
 * other); it is a candidate when a trigger of its kind lies whole in it: a port's digits; in XML
 * and other records {@code &#}, {@code <!}, {@code <?}; in other records any <code>&#92;u</code>;
 * in JSON records a <code>&#92;u</code> whose backslash ends a run of backslashes of odd length.
 */
public final class KindAwareReference {

    private static final byte[][] XML_TRIGGERS = {"&#".getBytes(US_ASCII), "<!".getBytes(US_ASCII), "<?".getBytes(US_ASCII)};
    private static final byte[] ESCAPE = "\\u".getBytes(US_ASCII);

    private final byte[][] ports;

    public KindAwareReference(List<String> ports) {
        this.ports = ports.stream().map(p -> p.getBytes(US_ASCII)).toArray(byte[][]::new);
    }

    /** The kind of the record [from, to): its first byte after whitespace (LF included). */
    public static int kind(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n') {
                return b[i] == '<' ? PortScreen.XML : b[i] == '{' ? PortScreen.JSON : PortScreen.OTHER;
            }
        }
        return PortScreen.OTHER;
    }

    /** True when a trigger of the record's kind lies whole in {@code [offset, offset + length)}. */
    public boolean mayMatch(byte[] b, int offset, int length) {
        int to = offset + length;
        int kind = kind(b, offset, to);
        for (int i = offset; i < to; i++) {
            if (triggerAt(ports, b, offset, i, to, kind)) {
                return true;
            }
        }
        return false;
    }

    /** The first '\n' or start of a trigger of the kind lying whole in [from, to), or -1; runs counted from {@code from}. */
    public static int indexOfLineEndOrTrigger(byte[][] ports, byte[] b, int from, int to, int kind) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n' || triggerAt(ports, b, from, i, to, kind)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean triggerAt(byte[][] ports, byte[] b, int from, int i, int to, int kind) {
        for (byte[] port : ports) {
            if (startsWith(b, i, to, port)) {
                return true;
            }
        }
        if (kind != PortScreen.JSON) {
            for (byte[] t : XML_TRIGGERS) {
                if (startsWith(b, i, to, t)) {
                    return true;
                }
            }
        }
        if (kind != PortScreen.XML && startsWith(b, i, to, ESCAPE)) {
            int run = 0;
            for (int j = i; j >= from && b[j] == '\\'; j--) {
                run++;
            }
            return kind == PortScreen.OTHER || run % 2 == 1;
        }
        return false;
    }

    private static boolean startsWith(byte[] b, int i, int to, byte[] t) {
        if (t.length > to - i) {
            return false;
        }
        for (int k = 0; k < t.length; k++) {
            if (b[i + k] != t[k]) {
                return false;
            }
        }
        return true;
    }
}
