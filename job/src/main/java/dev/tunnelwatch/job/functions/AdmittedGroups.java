package dev.tunnelwatch.job.functions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * The groups each open window has admitted, at most a limit per window: the memory behind the
 * per-window group cap. A group is known by a 64-bit tag, its key group in the top 16 bits (so a
 * restored subtask can keep exactly its own groups after rescaling) and a 48-bit hash below. A
 * hash collision can only admit a group past the limit, never refuse one below it.
 */
public final class AdmittedGroups {

    /** What happened to a group's event. */
    public enum Admission { ADMITTED, OVER_LIMIT }

    private final int limit;
    private final TreeMap<Long, Set<Long>> byWindow = new TreeMap<>();

    public AdmittedGroups(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the group limit must be positive");
        }
        this.limit = limit;
    }

    /** A group's tag: its key group (0..32767) over a 48-bit hash of its fields. */
    public static long tag(int keyGroup, String[] fields) {
        long hash = 0xcbf29ce484222325L; // FNV-1a over the fields' chars, each field closed by a separator
        for (String field : fields) {
            for (int i = 0; i < field.length(); i++) {
                hash = (hash ^ field.charAt(i)) * 0x100000001b3L;
            }
            hash = (hash ^ 0xFFFF) * 0x100000001b3L;
        }
        return ((long) keyGroup << 48) | (hash & 0xFFFF_FFFF_FFFFL);
    }

    public static int keyGroupOf(long tag) {
        return (int) (tag >>> 48);
    }

    /** Admits the group into the window if it is there already or the window has room. */
    public Admission admit(long windowStart, long tag) {
        Set<Long> groups = byWindow.computeIfAbsent(windowStart, w -> new HashSet<>());
        if (groups.contains(tag)) {
            return Admission.ADMITTED;
        }
        if (groups.size() >= limit) {
            return Admission.OVER_LIMIT;
        }
        groups.add(tag);
        return Admission.ADMITTED;
    }

    /** Forgets every window starting before {@code windowStart}: they are closed and purged. */
    public void forgetBefore(long windowStart) {
        byWindow.headMap(windowStart).clear();
    }

    public int groups(long windowStart) {
        Set<Long> groups = byWindow.get(windowStart);
        return groups == null ? 0 : groups.size();
    }

    public int windows() {
        return byWindow.size();
    }

    /** Every (window start, tag) pair, for a checkpoint. */
    public List<long[]> snapshot() {
        List<long[]> entries = new ArrayList<>();
        for (Map.Entry<Long, Set<Long>> window : byWindow.entrySet()) {
            for (long tag : window.getValue()) {
                entries.add(new long[] {window.getKey(), tag});
            }
        }
        return entries;
    }

    /** Takes back the pairs of a checkpoint whose tags this instance owns. */
    public void restore(Iterable<long[]> entries, LongPredicate owned) {
        for (Iterator<long[]> it = entries.iterator(); it.hasNext(); ) {
            long[] entry = it.next();
            if (owned.test(entry[1])) {
                byWindow.computeIfAbsent(entry[0], w -> new HashSet<>()).add(entry[1]);
            }
        }
    }
}
