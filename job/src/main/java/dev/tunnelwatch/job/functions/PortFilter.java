package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.connectors.decode.IntegerText;
import java.io.Serializable;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** Keeps connections whose destination port is one of the configured ports (spec section 4). */
public final class PortFilter implements Serializable {

    private final Set<String> ports;

    /** @param ports the ports, each an integer in the spec's sense; stored canonically */
    public PortFilter(Collection<String> ports) {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("at least one port is required");
        }
        Set<String> canonical = new TreeSet<>();
        for (String p : ports) {
            String c = IntegerText.canonical(p);
            if (c == null) {
                throw new IllegalArgumentException("not a port number: '" + p + "'");
            }
            if (c.equals(CimMapping.NOT_AN_INTEGER_PORT)) {
                // a port that is not an integer maps to 0 (spec section 4), and must never match
                throw new IllegalArgumentException("port 0 cannot be matched: records without an integer port map to 0");
            }
            canonical.add(c);
        }
        this.ports = Set.copyOf(canonical);
    }

    /** @param destPort a mapped {@code dest_port}, already canonical */
    public boolean matches(String destPort) {
        return ports.contains(destPort);
    }

    public Set<String> ports() {
        return ports;
    }
}
