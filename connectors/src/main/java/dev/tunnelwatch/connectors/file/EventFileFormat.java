package dev.tunnelwatch.connectors.file;

import dev.tunnelwatch.connectors.decode.DecodeLimits;
import dev.tunnelwatch.connectors.decode.PortScreen;
import dev.tunnelwatch.connectors.decode.RecordDecoder;
import dev.tunnelwatch.connectors.record.DecodedRecord;
import dev.tunnelwatch.connectors.record.RawRecord;
import java.io.IOException;
import java.time.Clock;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;

/**
 * Reads event files: {@link LineFormat} lines, labelled with their file so a dead letter can say
 * {@code file:line}, and decoded in the reader so event time is known per split. A stream format
 * never learns its file's path; the split does, so this wraps Flink's own adapter (which also
 * brings decompression by extension and restore by skip count).
 */
public final class EventFileFormat implements BulkFormat<DecodedRecord, FileSourceSplit> {

    private final StreamFormatAdapter<FileLine> lines;
    private final DecodeLimits limits;
    private final PortScreen screen;

    /** @param maxKeptBytes the most bytes of one record held in memory */
    public EventFileFormat(DecodeLimits limits, int maxKeptBytes) {
        this(limits, maxKeptBytes, null);
    }

    /**
     * @param maxKeptBytes the most bytes of one record held in memory
     * @param screen the fast path, or null to decode every record
     */
    public EventFileFormat(DecodeLimits limits, int maxKeptBytes, PortScreen screen) {
        this(limits, maxKeptBytes, screen, 0);
    }

    /**
     * @param maxKeptBytes the most bytes of one record held in memory
     * @param screen the fast path, or null to decode every record
     * @param probeEvery with a screen, decode every this many records in a row it passes over, so
     *     event time keeps moving (0: never; bounded runs need no watermark)
     */
    public EventFileFormat(DecodeLimits limits, int maxKeptBytes, PortScreen screen, int probeEvery) {
        // The fast path runs in the line reader, on the bytes in its buffer: lines passed over are never copied.
        this.lines = new StreamFormatAdapter<>(new LineFormat(maxKeptBytes, screen, probeEvery));
        this.limits = limits;
        this.screen = screen;
    }

    private RecordDecoder decoder() {
        return new RecordDecoder(limits, Clock.systemUTC(), null);
    }

    @Override
    public BulkFormat.Reader<DecodedRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new Decoding(lines.createReader(config, split), sourceName(split.path()), decoder());
    }

    @Override
    public BulkFormat.Reader<DecodedRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return new Decoding(lines.restoreReader(config, split), sourceName(split.path()), decoder());
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<DecodedRecord> getProducedType() {
        return TypeInformation.of(DecodedRecord.class);
    }

    /** A local file is named by its path; anything else by its full URI. */
    static String sourceName(Path path) {
        String scheme = path.toUri().getScheme();
        return scheme == null || scheme.equals("file") ? path.toUri().getPath() : path.toString();
    }

    private record Decoding(BulkFormat.Reader<FileLine> inner, String source, RecordDecoder decoder)
            implements BulkFormat.Reader<DecodedRecord> {

        @Override
        public RecordIterator<DecodedRecord> readBatch() throws IOException {
            RecordIterator<FileLine> batch = inner.readBatch();
            if (batch == null) {
                return null;
            }
            MutableRecordAndPosition<DecodedRecord> out = new MutableRecordAndPosition<>();
            return new RecordIterator<>() {
                @Override
                public RecordAndPosition<DecodedRecord> next() {
                    RecordAndPosition<FileLine> next = batch.next();
                    if (next == null) {
                        return null;
                    }
                    FileLine line = next.getRecord();
                    if (line.cannotMatch() > 0) {
                        out.set(DecodedRecord.passedOver(line.cannotMatch()), next.getOffset(),
                                next.getRecordSkipCount());
                        return out;
                    }
                    RawRecord raw = new RawRecord(source, line.number(), line.bytes(), line.size());
                    out.set(decoder.decode(raw), next.getOffset(), next.getRecordSkipCount());
                    return out;
                }

                @Override
                public void releaseBatch() {
                    batch.releaseBatch();
                }
            };
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
