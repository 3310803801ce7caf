package dev.tunnelwatch.connectors.decode;

import java.util.List;
import java.util.Set;

/** The Sysmon EventData names that the CIM mapping reads (spec section 3). */
final class SysmonFieldNames {

    static final String IMAGE = "Image";
    static final String USER = "User";
    static final String PROTOCOL = "Protocol";
    static final String INITIATED = "Initiated";
    static final String SOURCE_IP = "SourceIp";
    static final String SOURCE_HOSTNAME = "SourceHostname";
    static final String SOURCE_PORT = "SourcePort";
    static final String DESTINATION_IP = "DestinationIp";
    static final String DESTINATION_HOSTNAME = "DestinationHostname";
    static final String DESTINATION_PORT = "DestinationPort";
    static final String DESTINATION_IS_IPV6 = "DestinationIsIpv6";
    static final String UTC_TIME = "UtcTime";

    static final List<String> READ = List.of(
            IMAGE, USER, PROTOCOL, INITIATED, SOURCE_IP, SOURCE_HOSTNAME, SOURCE_PORT,
            DESTINATION_IP, DESTINATION_HOSTNAME, DESTINATION_PORT, DESTINATION_IS_IPV6, UTC_TIME);

    static final Set<String> READ_SET = Set.copyOf(READ);

    private SysmonFieldNames() {}
}
