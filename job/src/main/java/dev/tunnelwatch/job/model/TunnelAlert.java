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
 * @param opened true for an early alert ({@code --early-alerts}): the group's first event in the
 *     window, sent at once; the window's row follows under the same alert id. Not a row of the spec.
 * @param origins where the window's earliest events came from (a few, by event time then origin)
 * @param suppressedWindows alerts of the same combination not sent since the last one that was
 *     ({@code --suppress-for}); 0 without suppression
 */
public record TunnelAlert(
        GroupKey key, long count, long firstTime, long lastTime, String[] srcPorts, long windowStart, long windowEnd,
        int revision, boolean opened, String[] origins, long suppressedWindows) {

    private static final String[] NO_ORIGINS = new String[0];

    /** A window's first row. */
    public TunnelAlert(
            GroupKey key, long count, long firstTime, long lastTime, String[] srcPorts, long windowStart, long windowEnd) {
        this(key, count, firstTime, lastTime, srcPorts, windowStart, windowEnd, 0);
    }

    /** A window's row or one of its revisions. */
    public TunnelAlert(
            GroupKey key, long count, long firstTime, long lastTime, String[] srcPorts, long windowStart, long windowEnd,
            int revision) {
        this(key, count, firstTime, lastTime, srcPorts, windowStart, windowEnd, revision, false, NO_ORIGINS, 0);
    }

    /** A row or early alert with its origins. */
    public TunnelAlert(
            GroupKey key, long count, long firstTime, long lastTime, String[] srcPorts, long windowStart, long windowEnd,
            int revision, boolean opened, String[] origins) {
        this(key, count, firstTime, lastTime, srcPorts, windowStart, windowEnd, revision, opened, origins, 0);
    }

    public TunnelAlert withSuppressedWindows(long suppressed) {
        return new TunnelAlert(key, count, firstTime, lastTime, srcPorts, windowStart, windowEnd, revision, opened,
                origins, suppressed);
    }

    /** The early alert of a group's first event in a window. */
    public static TunnelAlert earlyAlert(NetworkConnection first, long windowStart, long windowEnd) {
        return new TunnelAlert(first.key(), 1, first.time(), first.time(), new String[] {first.srcPort()},
                windowStart, windowEnd, 0, true,
                first.origin() == null ? NO_ORIGINS : new String[] {first.origin()});
    }

    /** "opened", "new" (the window's row) or "updated" (a revision after late events). */
    public String status() {
        return opened ? "opened" : revision == 0 ? "new" : "updated";
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
                && opened == a.opened
                && suppressedWindows == a.suppressedWindows
                && key.equals(a.key)
                && Arrays.equals(srcPorts, a.srcPorts)
                && Arrays.equals(origins, a.origins);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Long.hashCode(windowStart);
    }

    @Override
    public String toString() {
        return "TunnelAlert[" + key + ", count=" + count + ", first=" + firstTime + ", last=" + lastTime
                + ", srcPorts=" + Arrays.toString(srcPorts) + ", window=[" + windowStart + ", " + windowEnd + ")"
                + (revision > 0 ? ", revision=" + revision : "") + (opened ? ", opened" : "")
                + (origins.length > 0 ? ", origins=" + Arrays.toString(origins) : "")
                + (suppressedWindows > 0 ? ", suppressed=" + suppressedWindows : "") + "]";
    }
}
