package dev.tunnelwatch.connectors.record;

/**
 * A record that already carries CIM Network_Traffic names ({@code dest_port}, {@code src_ip}, ...,
 * or their {@code All_Traffic.} prefixed forms). Only the data-model defaults apply to it.
 */
public record CimNetworkTraffic(
        long eventTime,
        String action,
        String app,
        String dest,
        String destIp,
        String destPort,
        String direction,
        String dvc,
        String protocol,
        String protocolVersion,
        String src,
        String srcIp,
        String srcPort,
        String transport,
        String user,
        String vendorProduct)
        implements NetworkConnectionEvent {}
