package dev.tunnelwatch.connectors.record;

/**
 * A decoded network-connection event, before CIM mapping: either the Sysmon fields of an Event
 * ID 3 record, or the CIM fields of a record that already uses CIM names. Field values are kept
 * exactly as decoded; {@code null} means absent or JSON null.
 */
public sealed interface NetworkConnectionEvent permits SysmonNetworkConnect, CimNetworkTraffic {

    /** Event time in epoch milliseconds, already truncated and range-checked. */
    long eventTime();
}
