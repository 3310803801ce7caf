package dev.tunnelwatch.connectors.decode;

import dev.tunnelwatch.connectors.record.DeadLetterReason;
import dev.tunnelwatch.connectors.record.DecodeResult;

/** Ends decoding of one record early; never leaves the decoder. No stack trace: it is not a bug. */
final class RecordRejectedException extends Exception {

    final DeadLetterReason reason;

    RecordRejectedException(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    DecodeResult.Rejected toResult() {
        return DecodeResult.reject(reason, getMessage());
    }
}
