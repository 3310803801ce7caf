package dev.tunnelwatch.job.functions;

/**
 * One message of the allowlist topic: a whole allowlist's text, and where it came from
 * ({@code topic/partition@offset}), for the audit line.
 */
public record AllowlistMessage(String origin, byte[] text) {}
