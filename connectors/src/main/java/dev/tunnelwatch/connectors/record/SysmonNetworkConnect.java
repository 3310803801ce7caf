package dev.tunnelwatch.connectors.record;

/**
 * The fields of a Sysmon Event ID 3 (NetworkConnect) record that the CIM mapping reads, whatever
 * encoding it arrived in. Values are as decoded (entities and escapes resolved); null = absent.
 */
public record SysmonNetworkConnect(
        long eventTime,
        String computer,
        String image,
        String user,
        String protocol,
        String initiated,
        String sourceIp,
        String sourceHostname,
        String sourcePort,
        String destinationIp,
        String destinationHostname,
        String destinationPort,
        String destinationIsIpv6)
        implements NetworkConnectionEvent {}
