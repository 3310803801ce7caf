package dev.tunnelwatch.connectors.file;

/**
 * One record of a file: its bytes without line end (and, on line 1, without a UTF-8 BOM), and its
 * 1-based physical line number, blank lines included, so that origins point at the right line.
 * {@code size} is the line's true length; it exceeds {@code bytes.length} only when the line was
 * longer than the reader keeps in memory.
 *
 * <p>Or, when {@code cannotMatch} is above zero, a run of that many consecutive records the fast
 * path passed over (no spelling of a port in their bytes): counted, never copied nor decoded.
 */
public record FileLine(long number, byte[] bytes, long size, int cannotMatch) {

    public FileLine(long number, byte[] bytes, long size) {
        this(number, bytes, size, 0);
    }

    public FileLine(long number, byte[] bytes) {
        this(number, bytes, bytes.length);
    }

    /** A run of {@code count} records passed over by the fast path. */
    public static FileLine passedOver(int count) {
        return new FileLine(0, null, 0, count);
    }
}
