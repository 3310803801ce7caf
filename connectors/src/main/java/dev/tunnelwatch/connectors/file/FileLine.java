package dev.tunnelwatch.connectors.file;

/**
 * One record of a file: its bytes without line end (and, on line 1, without a UTF-8 BOM), and its
 * 1-based physical line number, blank lines included, so that origins point at the right line.
 */
public record FileLine(long number, byte[] bytes) {}
