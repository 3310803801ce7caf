package dev.tunnelwatch.job.model;

import java.util.Arrays;

/**
 * The fourteen fields of the search's BY clause, in its order, as mapped to CIM (spec section 3).
 * A row is emitted per (window, group key). Values are compared exactly: {@code WS-01} and
 * {@code ws-01} are two groups.
 *
 * <p>Held packed in one byte array, because a window holds one key per group and fourteen
 * {@code String} objects cost about 600 bytes more a group than their characters (a million
 * groups in one window: about 0.6 GB). Each field is a length (varint: 0 for null, else chars + 1)
 * followed by its chars, each as 1 to 3 bytes (UTF-8's layout, surrogates kept one by one, so
 * every Java string round-trips exactly). Equal fields give equal bytes, so keys compare and hash
 * by their bytes. The one component keeps it a Flink POJO (a byte array: no Kryo).
 *
 * @param packed the encoded fields; never changed after construction
 */
public record GroupKey(byte[] packed) {

    /** The CIM field names, in BY-clause order. */
    public static final String[] FIELD_NAMES = {
        "action", "app", "dest", "dest_ip", "dest_port", "direction", "dvc", "protocol",
        "protocol_version", "src", "src_ip", "transport", "user", "vendor_product"
    };

    private static final int ACTION = 0;
    private static final int APP = 1;
    private static final int DEST = 2;
    private static final int DEST_IP = 3;
    private static final int DEST_PORT = 4;
    private static final int DIRECTION = 5;
    private static final int DVC = 6;
    private static final int PROTOCOL = 7;
    private static final int PROTOCOL_VERSION = 8;
    private static final int SRC = 9;
    private static final int SRC_IP = 10;
    private static final int TRANSPORT = 11;
    private static final int USER = 12;
    private static final int VENDOR_PRODUCT = 13;

    public GroupKey(
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
        this(pack(action, app, dest, destIp, destPort, direction, dvc, protocol, protocolVersion, src, srcIp,
                transport, user, vendorProduct));
    }

    public String action() {
        return field(ACTION);
    }

    public String app() {
        return field(APP);
    }

    public String dest() {
        return field(DEST);
    }

    public String destIp() {
        return field(DEST_IP);
    }

    public String destPort() {
        return field(DEST_PORT);
    }

    public String direction() {
        return field(DIRECTION);
    }

    public String dvc() {
        return field(DVC);
    }

    public String protocol() {
        return field(PROTOCOL);
    }

    public String protocolVersion() {
        return field(PROTOCOL_VERSION);
    }

    public String src() {
        return field(SRC);
    }

    public String srcIp() {
        return field(SRC_IP);
    }

    public String transport() {
        return field(TRANSPORT);
    }

    public String user() {
        return field(USER);
    }

    public String vendorProduct() {
        return field(VENDOR_PRODUCT);
    }

    /** The values in {@link #FIELD_NAMES} order. */
    public String[] values() {
        String[] values = new String[FIELD_NAMES.length];
        int[] at = {0};
        for (int i = 0; i < values.length; i++) {
            values[i] = next(at);
        }
        return values;
    }

    /** The value of a CIM field by name, or null for a name that is not a group field. */
    public String field(String cimName) {
        for (int i = 0; i < FIELD_NAMES.length; i++) {
            if (FIELD_NAMES[i].equals(cimName)) {
                return field(i);
            }
        }
        return null;
    }

    /** This key with only the named fields (a rule's group_by); the others null, so they group nothing. */
    public GroupKey keeping(java.util.Collection<String> fields) {
        String[] values = values();
        for (int i = 0; i < values.length; i++) {
            if (!fields.contains(FIELD_NAMES[i])) {
                values[i] = null;
            }
        }
        return new GroupKey(pack(values));
    }

    /** The total number of characters of the fields. */
    public long chars() {
        long chars = 0;
        int[] at = {0};
        for (int i = 0; i < FIELD_NAMES.length; i++) {
            int length = varint(at);
            if (length > 0) {
                chars += length - 1;
                at[0] = skipChars(at[0], length - 1);
            }
        }
        return chars;
    }

    private String field(int index) {
        int[] at = {0};
        for (int i = 0; i < index; i++) {
            int length = varint(at);
            if (length > 0) {
                at[0] = skipChars(at[0], length - 1);
            }
        }
        return next(at);
    }

    private String next(int[] at) {
        int length = varint(at);
        if (length == 0) {
            return null;
        }
        char[] chars = new char[length - 1];
        int p = at[0];
        for (int i = 0; i < chars.length; i++) {
            int b = packed[p++] & 0xFF;
            if (b < 0x80) {
                chars[i] = (char) b;
            } else if (b < 0xE0) {
                chars[i] = (char) ((b & 0x1F) << 6 | packed[p++] & 0x3F);
            } else {
                chars[i] = (char) ((b & 0x0F) << 12 | (packed[p++] & 0x3F) << 6 | packed[p++] & 0x3F);
            }
        }
        at[0] = p;
        return new String(chars);
    }

    private int skipChars(int p, int chars) {
        for (int i = 0; i < chars; i++) {
            int b = packed[p] & 0xFF;
            p += b < 0x80 ? 1 : b < 0xE0 ? 2 : 3;
        }
        return p;
    }

    private int varint(int[] at) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = packed[at[0]++];
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static byte[] pack(String... fields) {
        int size = 0;
        for (String f : fields) {
            size += 5 + (f == null ? 0 : f.length() * 3);
        }
        byte[] out = new byte[size];
        int p = 0;
        for (String f : fields) {
            int length = f == null ? 0 : f.length() + 1;
            while (length >= 0x80) {
                out[p++] = (byte) (length | 0x80);
                length >>>= 7;
            }
            out[p++] = (byte) length;
            if (f == null) {
                continue;
            }
            for (int i = 0; i < f.length(); i++) {
                char c = f.charAt(i);
                if (c < 0x80) {
                    out[p++] = (byte) c;
                } else if (c < 0x800) {
                    out[p++] = (byte) (0xC0 | c >> 6);
                    out[p++] = (byte) (0x80 | c & 0x3F);
                } else {
                    out[p++] = (byte) (0xE0 | c >> 12);
                    out[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                    out[p++] = (byte) (0x80 | c & 0x3F);
                }
            }
        }
        return Arrays.copyOf(out, p);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupKey k && Arrays.equals(packed, k.packed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(packed);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("GroupKey[");
        String[] values = values();
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(FIELD_NAMES[i]).append('=').append(values[i]);
        }
        return s.append(']').toString();
    }
}
