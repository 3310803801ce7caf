package dev.tunnelwatch.job.output;

import java.util.OptionalInt;

/**
 * Turns CIM's loosely typed group values into the typed values of the standard formats, which
 * would rather leave an attribute out than carry a placeholder or a value of the wrong kind.
 */
final class FieldValues {

    private FieldValues() {}

    /**
     * The value, or null when it says nothing: null, empty, or one of the placeholders that the
     * CIM mapping writes for a missing value ({@code null} and {@code unknown}, spec section 3).
     */
    static String known(String value) {
        if (value == null || value.isEmpty() || value.equals("null") || value.equals("unknown")) {
            return null;
        }
        return value;
    }

    /** The value if it is an IPv4 or IPv6 literal (OCSF's ip_t, ECS's ip), else null. Never resolves a name. */
    static String ip(String value) {
        String v = known(value);
        return v != null && (isIpv4(v) || isIpv6(v)) ? v : null;
    }

    /**
     * A TCP/UDP port, 1 to 65535. The CIM mapping writes {@code 0} for a port that was not an
     * integer (spec section 4), so 0 is no port here.
     */
    static OptionalInt port(String value) {
        String v = known(value);
        if (v == null || v.isEmpty() || v.length() > 5 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalInt.empty();
        }
        int port = Integer.parseInt(v);
        return port >= 1 && port <= 65535 ? OptionalInt.of(port) : OptionalInt.empty();
    }

    /** A host name: the value unless it is an IP literal, which belongs in an ip field instead. */
    static String hostname(String value) {
        String v = known(value);
        return v == null || ip(v) != null ? null : v;
    }

    /** The last component of a Windows or POSIX path: {@code C:\Temp\cloudflared.exe} is {@code cloudflared.exe}. */
    static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        return slash < 0 || slash == path.length() - 1 ? path : path.substring(slash + 1);
    }

    /** The IANA protocol number of a transport name, or empty when it is not one we know. */
    static OptionalInt ianaNumber(String transport) {
        return switch (transport) {
            case "icmp" -> OptionalInt.of(1);
            case "tcp" -> OptionalInt.of(6);
            case "udp" -> OptionalInt.of(17);
            case "ipv6-icmp", "icmpv6" -> OptionalInt.of(58);
            case "sctp" -> OptionalInt.of(132);
            default -> OptionalInt.empty();
        };
    }

    /** The ATT&CK page of a technique, sub-technique ({@code T1071.001}) or tactic ({@code TA0011}). */
    static String attackUrl(String id) {
        if (id.startsWith("TA")) {
            return "https://attack.mitre.org/tactics/" + id + "/";
        }
        return "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/";
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            // Decimal 0-255 without leading zeros, which some parsers read as octal.
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4291 text forms: eight groups, {@code ::} once, an IPv4 tail, and an optional {@code %zone}. */
    static boolean isIpv6(String s) {
        int percent = s.indexOf('%');
        if (percent >= 0) {
            if (percent == s.length() - 1) {
                return false;
            }
            s = s.substring(0, percent);
        }
        int groups = 8;
        int lastColon = s.lastIndexOf(':');
        if (lastColon < 0) {
            return false;
        }
        if (s.indexOf('.') >= 0) {
            if (!isIpv4(s.substring(lastColon + 1))) {
                return false;
            }
            s = s.substring(0, lastColon + 1) + "0"; // the IPv4 tail stands for two groups
            groups = 7;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String[] halves = gap >= 0 ? new String[] {s.substring(0, gap), s.substring(gap + 2)} : new String[] {s};
        int count = 0;
        for (String half : halves) {
            if (half.isEmpty()) {
                continue;
            }
            for (String g : half.split(":", -1)) {
                if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(FieldValues::isHex)) {
                    return false;
                }
                count++;
            }
        }
        return gap >= 0 ? count < groups : count == groups;
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
