package dev.tunnelwatch.connectors.file;

import dev.tunnelwatch.connectors.record.RawRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;

/**
 * {@link LineFormat} with each line labelled by its file, so a dead letter can say
 * {@code file:line}. A stream format never learns its file's path; the split does, so this wraps
 * Flink's own adapter (which also brings decompression by extension and restore by skip count).
 */
public final class EventFileFormat implements BulkFormat<RawRecord, FileSourceSplit> {

    private final StreamFormatAdapter<FileLine> lines;

    /** @param maxKeptBytes the most bytes of one record held in memory */
    public EventFileFormat(int maxKeptBytes) {
        this.lines = new StreamFormatAdapter<>(new LineFormat(maxKeptBytes));
    }

    @Override
    public BulkFormat.Reader<RawRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new Labelled(lines.createReader(config, split), sourceName(split.path()));
    }

    @Override
    public BulkFormat.Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return new Labelled(lines.restoreReader(config, split), sourceName(split.path()));
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    /** A local file is named by its path; anything else by its full URI. */
    static String sourceName(Path path) {
        String scheme = path.toUri().getScheme();
        return scheme == null || scheme.equals("file") ? path.toUri().getPath() : path.toString();
    }

    private record Labelled(BulkFormat.Reader<FileLine> inner, String source) implements BulkFormat.Reader<RawRecord> {

        @Override
        public RecordIterator<RawRecord> readBatch() throws IOException {
            RecordIterator<FileLine> batch = inner.readBatch();
            if (batch == null) {
                return null;
            }
            MutableRecordAndPosition<RawRecord> out = new MutableRecordAndPosition<>();
            return new RecordIterator<>() {
                @Override
                public RecordAndPosition<RawRecord> next() {
                    RecordAndPosition<FileLine> next = batch.next();
                    if (next == null) {
                        return null;
                    }
                    FileLine line = next.getRecord();
                    out.set(new RawRecord(source, line.number(), line.bytes(), line.size()), next.getOffset(), next.getRecordSkipCount());
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
