package dev.tunnelwatch.connectors.record;

import java.util.Arrays;

/**
 * A record that could not be used, with why and where from. {@code raw} is the record's bytes,
 * unchanged, so that it can be replayed after a fix; only a record longer than the reader keeps
 * in memory has just its start there, with {@code size} telling its true length.
 */
public record DeadLetter(DeadLetterReason reason, String detail, String origin, byte[] raw, long size) {

    public DeadLetter(DeadLetterReason reason, String detail, String origin, byte[] raw) {
        this(reason, detail, origin, raw, raw.length);
    }

    public boolean truncated() {
        return size > raw.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d
                && reason == d.reason
                && size == d.size
                && detail.equals(d.detail)
                && origin.equals(d.origin)
                && Arrays.equals(raw, d.raw);
    }

    @Override
    public int hashCode() {
        return (reason.hashCode() * 31 + origin.hashCode()) * 31 + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + reason.code() + " at " + origin + ": " + detail + "]";
    }
}
