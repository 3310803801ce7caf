package dev.tunnelwatch.job.functions;

import dev.tunnelwatch.connectors.decode.AsciiText;
import dev.tunnelwatch.connectors.decode.IntegerText;
import dev.tunnelwatch.connectors.record.CimNetworkTraffic;
import dev.tunnelwatch.connectors.record.NetworkConnectionEvent;
import dev.tunnelwatch.connectors.record.SysmonNetworkConnect;
import dev.tunnelwatch.job.model.GroupKey;
import dev.tunnelwatch.job.model.NetworkConnection;

/**
 * Maps a decoded event to CIM Network_Traffic (spec section 3): the Splunk Add-on for Sysmon's
 * rules, then the data model's defaults, then {@code fillnull_value=null}.
 */
public final class CimMapping {

    static final String NULL = "null";
    static final String UNKNOWN = "unknown";
    static final String NOT_AN_INTEGER_PORT = "0";

    private CimMapping() {}

    public static NetworkConnection map(NetworkConnectionEvent event) {
        if (event instanceof SysmonNetworkConnect s) {
            return fromSysmon(s);
        }
        return fromCim((CimNetworkTraffic) event);
    }

    static NetworkConnection fromSysmon(SysmonNetworkConnect e) {
        String dest = notEmptyOrDash(e.destinationHostname()) ? e.destinationHostname() : e.destinationIp();
        String src = notEmptyOrDash(e.sourceHostname()) ? e.sourceHostname()
                : notEmptyOrDash(e.sourceIp()) ? e.sourceIp() : null;
        GroupKey key = new GroupKey(
                "allowed",
                orElse(e.image(), NULL),
                orElse(dest, UNKNOWN),
                orElse(e.destinationIp(), NULL),
                port(e.destinationPort()),
                isTrue(e.initiated()) ? "outbound" : "inbound",
                orElse(e.computer(), UNKNOWN),
                "ip",
                isTrue(e.destinationIsIpv6()) ? "ipv6" : "ipv4",
                orElse(src, UNKNOWN),
                orElse(e.sourceIp(), NULL),
                transport(e.protocol()),
                notEmptyOrDash(e.user()) ? stripDomain(e.user()) : UNKNOWN,
                "Microsoft Sysmon");
        return new NetworkConnection(key, e.eventTime(), port(e.sourcePort()));
    }

    static NetworkConnection fromCim(CimNetworkTraffic e) {
        GroupKey key = new GroupKey(
                orElse(e.action(), UNKNOWN),
                orElse(e.app(), NULL),
                orElse(e.dest(), UNKNOWN),
                orElse(e.destIp(), NULL),
                port(e.destPort()),
                orElse(e.direction(), NULL),
                orElse(e.dvc(), UNKNOWN),
                orElse(e.protocol(), NULL),
                orElse(e.protocolVersion(), NULL),
                orElse(e.src(), UNKNOWN),
                orElse(e.srcIp(), NULL),
                transport(e.transport()),
                orElse(e.user(), UNKNOWN),
                orElse(e.vendorProduct(), UNKNOWN));
        return new NetworkConnection(key, e.eventTime(), port(e.srcPort()));
    }

    /** A port in canonical decimal form; {@code 0} when it is not an integer (spec section 4). */
    static String port(String value) {
        String canonical = IntegerText.canonical(value);
        return canonical == null ? NOT_AN_INTEGER_PORT : canonical;
    }

    static String transport(String protocol) {
        return isEmpty(protocol) ? UNKNOWN : AsciiText.toLowerCase(protocol);
    }

    /**
     * Splunk's {@code (.*)\\(.+)$} keeping group 2: the text after the last backslash that is
     * followed by at least one character ({@code CORP\svc} is {@code svc}, {@code CORP\} stays).
     */
    static String stripDomain(String user) {
        int last = user.lastIndexOf('\\', user.length() - 2);
        return last < 0 ? user : user.substring(last + 1);
    }

    static boolean isTrue(String value) {
        return AsciiText.equalsIgnoreCase(value, "true");
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static boolean notEmptyOrDash(String s) {
        return !isEmpty(s) && !s.equals("-");
    }

    private static String orElse(String value, String fallback) {
        return isEmpty(value) ? fallback : value;
    }
}
