package dev.tunnelwatch.connectors.file;

/**
 * One record of a file: its bytes without line end (and, on line 1, without a UTF-8 BOM), and its
 * 1-based physical line number, blank lines included, so that origins point at the right line.
 * {@code size} is the line's true length; it exceeds {@code bytes.length} only when the line was
 * longer than the reader keeps in memory.
 */
public record FileLine(long number, byte[] bytes, long size) {

    public FileLine(long number, byte[] bytes) {
        this(number, bytes, bytes.length);
    }
}
