package dev.tunnelwatch.job.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * The groups each open window has admitted, at most a number of groups and a total size of their
 * fields per window: the memory behind the per-window group cap. Both bounds are needed: the
 * number alone would let a million groups each carry a field of a megabyte.
 *
 * <p>A group is known by a 64-bit tag, its key group in the top 16 bits (so a restored instance
 * can keep exactly its own groups after rescaling) and a 48-bit hash below. A hash collision can
 * only admit a group past the limit, never refuse one below it.
 */
public final class AdmittedGroups {

    /** What happened to a group's event: the group's first in the window, a later one, or refused. */
    public enum Admission { OPENED, ADMITTED, OVER_LIMIT }

    /** One window's groups (tag to the characters of its fields) and their total characters. */
    private static final class WindowGroups {
        final GroupTags chars = new GroupTags();
        long totalChars;

        boolean add(long tag, int keyChars) {
            if (!chars.add(tag, keyChars)) {
                return false;
            }
            totalChars += keyChars;
            return true;
        }
    }

    private final int maxGroups;
    private final long maxKeyChars;
    private final TreeMap<Long, WindowGroups> byWindow = new TreeMap<>();

    public AdmittedGroups(int maxGroups, long maxKeyChars) {
        if (maxGroups < 1 || maxKeyChars < 1) {
            throw new IllegalArgumentException("the group limits must be positive");
        }
        this.maxGroups = maxGroups;
        this.maxKeyChars = maxKeyChars;
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

    /** The characters of a group's fields: what its key costs in memory, give or take a constant. */
    public static int keyChars(String[] fields) {
        long chars = 0;
        for (String field : fields) {
            chars += field.length();
        }
        return (int) Math.min(Integer.MAX_VALUE, chars);
    }

    /** Admits the group into the window if it is there already or the window has room for it. */
    public Admission admit(long windowStart, long tag, int keyChars) {
        WindowGroups groups = byWindow.computeIfAbsent(windowStart, w -> new WindowGroups());
        if (groups.chars.contains(tag)) {
            return Admission.ADMITTED;
        }
        if (groups.chars.size() >= maxGroups || groups.totalChars + keyChars > maxKeyChars) {
            return Admission.OVER_LIMIT;
        }
        groups.add(tag, keyChars);
        return Admission.OPENED;
    }

    /** Forgets every window starting before {@code windowStart}: they are closed and purged. */
    public void forgetBefore(long windowStart) {
        byWindow.headMap(windowStart).clear();
    }

    public int groups(long windowStart) {
        WindowGroups groups = byWindow.get(windowStart);
        return groups == null ? 0 : groups.chars.size();
    }

    public long keyChars(long windowStart) {
        WindowGroups groups = byWindow.get(windowStart);
        return groups == null ? 0 : groups.totalChars;
    }

    public int windows() {
        return byWindow.size();
    }

    /** Every admitted group as {@code [window start, tag, key chars]}, for a checkpoint. */
    public List<long[]> snapshot() {
        List<long[]> entries = new ArrayList<>();
        for (Map.Entry<Long, WindowGroups> window : byWindow.entrySet()) {
            long start = window.getKey();
            window.getValue().chars.forEach((tag, keyChars) -> entries.add(new long[] {start, tag, keyChars}));
        }
        return entries;
    }

    /** Takes back the groups of a checkpoint whose tags this instance owns. */
    public void restore(Iterable<long[]> entries, LongPredicate owned) {
        for (long[] entry : entries) {
            if (owned.test(entry[1])) {
                byWindow.computeIfAbsent(entry[0], w -> new WindowGroups()).add(entry[1], (int) entry[2]);
            }
        }
    }
}
