package dev.tunnelwatch.job.model;

/**
 * The fourteen fields of the search's BY clause, in its order, as mapped to CIM (spec section 3).
 * A row is emitted per (window, group key). Values are compared exactly: {@code WS-01} and
 * {@code ws-01} are two groups.
 */
public record GroupKey(
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
        String transport,
        String user,
        String vendorProduct) {

    /** The CIM field names, in BY-clause order. */
    public static final String[] FIELD_NAMES = {
        "action", "app", "dest", "dest_ip", "dest_port", "direction", "dvc", "protocol",
        "protocol_version", "src", "src_ip", "transport", "user", "vendor_product"
    };

    /** The values in {@link #FIELD_NAMES} order. */
    public String[] values() {
        return new String[] {
            action, app, dest, destIp, destPort, direction, dvc, protocol,
            protocolVersion, src, srcIp, transport, user, vendorProduct
        };
    }

    /** The value of a CIM field by name, or null for a name that is not a group field. */
    public String field(String cimName) {
        return switch (cimName) {
            case "action" -> action;
            case "app" -> app;
            case "dest" -> dest;
            case "dest_ip" -> destIp;
            case "dest_port" -> destPort;
            case "direction" -> direction;
            case "dvc" -> dvc;
            case "protocol" -> protocol;
            case "protocol_version" -> protocolVersion;
            case "src" -> src;
            case "src_ip" -> srcIp;
            case "transport" -> transport;
            case "user" -> user;
            case "vendor_product" -> vendorProduct;
            default -> null;
        };
    }
}
