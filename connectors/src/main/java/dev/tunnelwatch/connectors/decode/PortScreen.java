package dev.tunnelwatch.connectors.decode;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

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
 *       ({@code 78<!---->44}); any {@code &#}, {@code <!} or {@code <?} makes an XML record a
 *       candidate (so do DTDs, which are refused anyway, and their entities);
 *   <li>JSON can escape any character (<code>&#92;u0037844</code>): a 'u' after an odd run of
 *       backslashes makes a JSON record a candidate. After an even run it is not an escape: the
 *       backslashes pair up into escaped backslashes (<code>C:&#92;&#92;Users</code>, the text
 *       <code>C:&#92;Users</code>), as they do in every JSON string from the start of each run.
 * </ul>
 *
 * <p><b>Kinds.</b> A record is decoded in exactly one encoding, which {@link RecordDecoder} picks
 * by its first character after whitespace (space, tab, CR, LF): {@code '<'} XML, <code>'{'</code>
 * JSON, anything else a dead letter that can never match. So the screen looks for the spellings
 * of that encoding only ({@link #kindOf}): in XML a backslash is plain text, so <code>&#92;u</code>
 * cannot hide a digit; in JSON {@code &#}, {@code <!} and {@code <?} are plain text, and a
 * backslash escape holds no XML construct. Whitespace bytes are ASCII and UTF-8 never uses ASCII
 * bytes inside a longer character, so the first byte after whitespace bytes is the first
 * character after whitespace, as the decoder sees it. A record of any other kind (a byte-order mark
 * at the start of a Kafka message, which the decoder keeps, included), or one of whitespace only,
 * is screened for every encoding's spellings, as before kinds: it is rare, and never matches.
 * The line reader strips a file's byte-order mark before the decoder sees line 1, and so skips it
 * before telling line 1's kind ({@code LineFormat}).
 *
 * <p>Everything else (other event IDs, malformed records) that shows none of its kind's spellings
 * cannot give a row, and is counted as "cannot match" instead of being decoded. False candidates
 * only cost a decode.
 *
 * <p>The bytes are scanned in one pass for what can start a spelling ({@link TriggerScan}): with
 * the Vector API when the JVM has it ({@code --add-modules jdk.incubator.vector}) and the ports
 * fit its test (up to four distinct first-two-digit pairs and two one-digit ports), else eight
 * bytes at a time; both decide exactly the same. Both flag every encoding's triggers, and carry on
 * past one that is not of the record's kind. Stateless and thread-safe.
 */
public final class PortScreen implements Serializable {

    /** A record of no kind the decoder reads, or of whitespace only: screened for every encoding's spellings. */
    public static final int OTHER = 0;
    /** A record whose first byte after whitespace is {@code '<'}: decoded as XML. */
    public static final int XML = 1;
    /** A record whose first byte after whitespace is <code>'{'</code>: decoded as JSON. */
    public static final int JSON = 2;

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

    /** True unless the record {@code [offset, offset + length)} cannot hold any spelling of a configured port. */
    public boolean mayMatch(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int kind = kindOf(bytes, offset, end);
        int from = offset;
        while (true) {
            int stop = scan.indexOfLineEndOrTrigger(bytes, from, end, kind);
            if (stop < 0) {
                return false;
            }
            if (bytes[stop] != '\n') {
                return true;
            }
            from = stop + 1; // no spelling holds a line end: the rest is screened on its own, in the record's kind
        }
    }

    public boolean mayMatch(byte[] bytes, int length) {
        return mayMatch(bytes, 0, length);
    }

    /**
     * The kind of the record {@code [from, to)}, as {@link RecordDecoder} will read it: {@link #XML}
     * or {@link #JSON} by its first byte after spaces, tabs, CRs and LFs, else {@link #OTHER}.
     */
    public static int kindOf(byte[] bytes, int from, int to) {
        return kind(bytes, from, to, true);
    }

    /**
     * The kind of the line that starts at {@code from} and ends at the first {@code '\n'} (or at
     * {@code to}): as {@link #kindOf}, but its line end ends the look ({@link #OTHER} if it comes
     * first). A reader passes the start of the line's record, after any byte-order mark it strips.
     */
    public static int kindOfLine(byte[] bytes, int from, int to) {
        return kind(bytes, from, to, false);
    }

    private static int kind(byte[] bytes, int from, int to, boolean lineEndIsWhitespace) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '<') {
                return XML;
            }
            if (b == '{') {
                return JSON;
            }
            if (b != ' ' && b != '\t' && b != '\r' && (b != '\n' || !lineEndIsWhitespace)) {
                return OTHER;
            }
        }
        return OTHER;
    }

    /**
     * For a reader that splits lines, so that one pass both ends a line and screens it: the index
     * of the first {@code '\n'} in {@code [from, to)}, or of the first byte that starts a trigger
     * of the line's kind lying whole in {@code [from, to)}, whichever comes first; -1 when there is
     * neither. A line starting at {@code from}, of that kind ({@link #kindOfLine}), cannot hold a
     * spelling exactly when this returns its line end. Triggers are a port's digits and, by kind,
     * {@code &#}, {@code <!}, {@code <?} (XML), <code>&#92;u</code> after an odd run of backslashes
     * (JSON), or all of these and any <code>&#92;u</code> (other).
     */
    public int indexOfLineEndOrTrigger(byte[] bytes, int from, int to, int kind) {
        Objects.checkIndex(kind, JSON + 1);
        return scan.indexOfLineEndOrTrigger(bytes, from, to, kind);
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
