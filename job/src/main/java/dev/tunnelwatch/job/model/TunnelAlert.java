package dev.tunnelwatch.job.model;

import java.util.Arrays;

/**
 * One output row (spec section 6): a group's activity in one window.
 *
 * @param key the fourteen group fields
 * @param count the number of events
 * @param firstTime the earliest event time, epoch ms
 * @param lastTime the latest event time, epoch ms
 * @param srcPorts the distinct source ports, sorted lexicographically as strings
 * @param windowStart the window's start, epoch ms, inclusive
 * @param windowEnd the window's end, epoch ms, exclusive
 * @param revision 0 for the window's row; 1, 2, ... for the rows updated by late events within
 *     the allowed lateness, each replacing the one before under the same alert id
 */
public record TunnelAlert(
        GroupKey key, long count, long firstTime, long lastTime, String[] srcPorts, long windowStart, long windowEnd,
        int revision) {

    /** A window's first row. */
    public TunnelAlert(
            GroupKey key, long count, long firstTime, long lastTime, String[] srcPorts, long windowStart, long windowEnd) {
        this(key, count, firstTime, lastTime, srcPorts, windowStart, windowEnd, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TunnelAlert a
                && count == a.count
                && firstTime == a.firstTime
                && lastTime == a.lastTime
                && windowStart == a.windowStart
                && windowEnd == a.windowEnd
                && revision == a.revision
                && key.equals(a.key)
                && Arrays.equals(srcPorts, a.srcPorts);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Long.hashCode(windowStart);
    }

    @Override
    public String toString() {
        return "TunnelAlert[" + key + ", count=" + count + ", first=" + firstTime + ", last=" + lastTime
                + ", srcPorts=" + Arrays.toString(srcPorts) + ", window=[" + windowStart + ", " + windowEnd + ")"
                + (revision > 0 ? ", revision=" + revision : "") + "]";
    }
}
