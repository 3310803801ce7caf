package dev.tunnelwatch.job.functions;

import java.util.Arrays;

/**
 * A set of 64-bit group tags, each with the size of its group's fields: open addressing over two
 * primitive arrays, about 24 bytes a group where a {@code HashMap<Long, Integer>} takes about 80
 * (node, boxed key and value, table slot). A window under a cardinality attack holds a million.
 */
final class GroupTags {

    private static final long EMPTY = 0L;

    private long[] tags = new long[16];
    private int[] chars = new int[16];
    private int size;
    /** Tag 0 marks empty slots, so a group whose tag is 0 is kept apart. */
    private boolean hasZero;
    private int zeroChars;

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    boolean contains(long tag) {
        if (tag == EMPTY) {
            return hasZero;
        }
        return tags[slot(tag)] == tag;
    }

    /** Adds the tag unless present; true when added. */
    boolean add(long tag, int keyChars) {
        if (tag == EMPTY) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            zeroChars = keyChars;
            return true;
        }
        int at = slot(tag);
        if (tags[at] == tag) {
            return false;
        }
        tags[at] = tag;
        chars[at] = keyChars;
        if (++size * 4 > tags.length * 3) {
            grow();
        }
        return true;
    }

    /** Calls {@code visit} with each tag and its size. */
    void forEach(TagVisitor visit) {
        if (hasZero) {
            visit.accept(EMPTY, zeroChars);
        }
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] != EMPTY) {
                visit.accept(tags[i], chars[i]);
            }
        }
    }

    interface TagVisitor {
        void accept(long tag, int keyChars);
    }

    /** The tag's slot, or the empty slot where it would go (linear probing). */
    private int slot(long tag) {
        int mask = tags.length - 1;
        int at = (int) mix(tag) & mask;
        while (tags[at] != EMPTY && tags[at] != tag) {
            at = (at + 1) & mask;
        }
        return at;
    }

    private void grow() {
        long[] oldTags = tags;
        int[] oldChars = chars;
        tags = new long[oldTags.length * 2];
        chars = new int[oldTags.length * 2];
        for (int i = 0; i < oldTags.length; i++) {
            if (oldTags[i] != EMPTY) {
                int at = slot(oldTags[i]);
                tags[at] = oldTags[i];
                chars[at] = oldChars[i];
            }
        }
    }

    /** Tags put the key group in the top bits: spread them all over the table. */
    private static long mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        return x ^ (x >>> 33);
    }

    @Override
    public String toString() {
        return "GroupTags[" + size() + "]" + (size() < 8 ? Arrays.toString(tags) : "");
    }
}
