package dev.tunnelwatch.job.allowlist;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation. Only IP literals are ever parsed (never a DNS lookup),
 * and a field value that is not an address simply does not match.
 */
public final class IpCidr implements Serializable {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private IpCidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** Parses {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a single address. */
    public static IpCidr parse(String cidr) {
        String s = cidr.trim();
        int slash = s.indexOf('/');
        byte[] address = literal(slash < 0 ? s : s.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP network: '" + cidr + "'");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bits) {
                throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
            }
            prefix = Integer.parseInt(p);
        }
        return new IpCidr(address, prefix, s);
    }

    public boolean contains(String value) {
        byte[] address = literal(value);
        if (address == null || address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }

    /** The address bytes of an IP literal, or null for anything else. */
    static byte[] literal(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        boolean v4 = IPV4.matcher(s).matches();
        if (!v4 && !(s.indexOf(':') >= 0 && IPV6_CHARS.matcher(s).matches())) {
            return null;
        }
        try {
            // safe: the text is a literal address, so no name resolution takes place
            byte[] bytes = InetAddress.getByName(s).getAddress();
            return v4 && bytes.length == 4 ? bytes : (!v4 && bytes.length == 4 ? ipv4Mapped(bytes) : bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Java folds {@code ::ffff:a.b.c.d} to IPv4; keep it an IPv6 address so families never mix. */
    private static byte[] ipv4Mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xFF;
        v6[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpCidr c && prefix == c.prefix && Arrays.equals(network, c.network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
