package dev.tunnelwatch.connectors.record;

/**
 * One output line and the key it is filed under: the alert id for rows (so every update of a
 * group lands on one Kafka partition), the origin for dead letters. Files and consoles write
 * only the line.
 */
public record JsonLine(String key, String json) {}
