package dev.tunnelwatch.job.config;

/** A bad flag, value or path: reported as one line on stderr, before any work. */
public final class UsageException extends Exception {

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
