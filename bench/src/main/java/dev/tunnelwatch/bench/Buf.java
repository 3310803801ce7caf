package dev.tunnelwatch.bench;

import java.nio.charset.StandardCharsets;

/** A growable byte buffer with ASCII, JSON-escaped and number appends: the generator's hot loop. */
final class Buf {
    byte[] bytes;
    int len;

    Buf(int capacity) {
        bytes = new byte[capacity];
    }

    private void ensure(int more) {
        if (len + more > bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, len + more));
        }
    }

    Buf put(byte b) {
        ensure(1);
        bytes[len++] = b;
        return this;
    }

    Buf put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, len, b.length);
        len += b.length;
        return this;
    }

    /** ASCII text as is (generator values are ASCII and XML-safe). */
    Buf a(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** ASCII text as the inside of a JSON string: backslashes and quotes escaped, newline as \n. */
    Buf j(String s) {
        int n = s.length();
        ensure(2 * n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"') {
                bytes[len++] = '\\';
                bytes[len++] = (byte) c;
            } else if (c == '\n') {
                bytes[len++] = '\\';
                bytes[len++] = 'n';
            } else {
                bytes[len++] = (byte) c;
            }
        }
        return this;
    }

    Buf n(long v) {
        if (v < 0) {
            put((byte) '-');
            v = -v;
        }
        ensure(20);
        if (v == 0) {
            bytes[len++] = '0';
            return this;
        }
        int digits = 0;
        for (long t = v; t > 0; t /= 10) {
            digits++;
        }
        int end = len + digits;
        for (int p = end - 1; p >= len; p--) {
            bytes[p] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        len = end;
        return this;
    }

    /** v with at least {@code width} digits, zero-padded. */
    Buf n(long v, int width) {
        ensure(width + 20);
        int digits = 0;
        for (long t = v; t > 0; t /= 10) {
            digits++;
        }
        for (int i = Math.max(digits, 1); i < width; i++) {
            bytes[len++] = '0';
        }
        return n(v);
    }

    Buf hex(long v, int digits) {
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            int d = (int) ((v >>> (4 * i)) & 0xF);
            bytes[len++] = (byte) (d < 10 ? '0' + d : 'A' + d - 10);
        }
        return this;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
    }
}
