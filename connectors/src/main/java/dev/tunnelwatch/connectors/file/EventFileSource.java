package dev.tunnelwatch.connectors.file;

import dev.tunnelwatch.connectors.decode.DecodeLimits;
import dev.tunnelwatch.connectors.decode.PortScreen;
import dev.tunnelwatch.connectors.record.DecodedRecord;
import java.util.List;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/** The bounded file source: files or folders (recursively), one record a line, {@code .gz} too. */
public final class EventFileSource {

    private EventFileSource() {}

    /** @param maxKeptBytes the most bytes of one record held in memory (and kept in its dead letter) */
    public static FileSource<DecodedRecord> of(List<String> paths, DecodeLimits limits, int maxKeptBytes) {
        return of(paths, limits, maxKeptBytes, null);
    }

    /** @param screen the fast path, or null to decode every record */
    public static FileSource<DecodedRecord> of(List<String> paths, DecodeLimits limits, int maxKeptBytes,
            PortScreen screen) {
        return of(paths, limits, maxKeptBytes, screen, 0);
    }

    /** @param probeEvery with a screen, decode every this many records in a row it passes over (0: never) */
    public static FileSource<DecodedRecord> of(List<String> paths, DecodeLimits limits, int maxKeptBytes,
            PortScreen screen, int probeEvery) {
        Path[] flinkPaths = paths.stream().map(Path::new).toArray(Path[]::new);
        return FileSource.forBulkFileFormat(new EventFileFormat(limits, maxKeptBytes, screen, probeEvery), flinkPaths)
                .build();
    }
}
