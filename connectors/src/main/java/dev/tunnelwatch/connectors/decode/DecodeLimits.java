package dev.tunnelwatch.connectors.decode;

import java.io.Serializable;

/**
 * Limits a record must stay within (spec section 7); beyond one, it is a dead letter whose reason
 * names the limit. The defaults accept every record the spec says must be accepted.
 *
 * @param maxRecordBytes the largest record, in bytes without line end and byte-order mark
 * @param maxJsonDepth the deepest JSON nesting (open objects and arrays)
 * @param maxXmlDepth the deepest XML element nesting
 */
public record DecodeLimits(int maxRecordBytes, int maxJsonDepth, int maxXmlDepth) implements Serializable {

    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_JSON_DEPTH = 64;
    public static final int DEFAULT_MAX_XML_DEPTH = 64;

    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_XML_DEPTH);
    }

    public DecodeLimits {
        if (maxRecordBytes < 1 || maxJsonDepth < 1 || maxXmlDepth < 1) {
            throw new IllegalArgumentException("decode limits must be positive");
        }
    }
}
