package dev.tunnelwatch.connectors.decode;

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
 * decode. Stateless and thread-safe.
 */
public final class PortScreen implements Serializable {

    /** Per byte value: 1 when it starts a port's digits, 2 for '&', 4 for '<', 8 for '\\'. */
    private final byte[] triggers = new byte[256];
    private final byte[][] ports;

    /** @param canonicalPorts the configured ports in canonical decimal form ({@code "7844"}) */
    public PortScreen(List<String> canonicalPorts) {
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
            triggers[ports[i][0]] |= 1;
        }
        triggers['&'] |= 2;
        triggers['<'] |= 4;
        triggers['\\'] |= 8;
    }

    /** True unless the first {@code length} bytes cannot hold any spelling of a configured port. */
    public boolean mayMatch(byte[] bytes, int length) {
        int last = length - 1;
        for (int i = 0; i < length; i++) {
            int t = triggers[bytes[i] & 0xFF];
            if (t == 0) {
                continue;
            }
            if (i == last) {
                return (t & 1) != 0 && startsWithPort(bytes, i, length);
            }
            byte next = bytes[i + 1];
            if ((t & 2) != 0 && next == '#'
                    || (t & 4) != 0 && (next == '!' || next == '?')
                    || (t & 8) != 0 && next == 'u'
                    || (t & 1) != 0 && startsWithPort(bytes, i, length)) {
                return true;
            }
        }
        return false;
    }

    private boolean startsWithPort(byte[] bytes, int at, int length) {
        for (byte[] port : ports) {
            if (at + port.length <= length && port[0] == bytes[at]) {
                int k = 1;
                while (k < port.length && bytes[at + k] == port[k]) {
                    k++;
                }
                if (k == port.length) {
                    return true;
                }
            }
        }
        return false;
    }
}
