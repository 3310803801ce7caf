package dev.tunnelwatch.connectors.sink;

import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.PrintSink;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * Where JSON lines go: standard output or error (one writer, so lines are never interleaved or
 * prefixed), or a folder of part files written by Flink's {@link FileSink}.
 */
public final class JsonLinesSinks {

    private JsonLinesSinks() {}

    public static Sink<String> stdout() {
        return new PrintSink<>(false);
    }

    public static Sink<String> stderr() {
        return new PrintSink<>(true);
    }

    /** Part files {@code <prefix>-<uuid>-<subtask>-<n>.jsonl} under {@code folder}. */
    public static Sink<String> folder(String folder, String prefix) {
        return FileSink.forRowFormat(new Path(folder), new SimpleStringEncoder<String>("UTF-8"))
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix(prefix)
                        .withPartSuffix(".jsonl")
                        .build())
                // one folder of part files, not Flink's default hourly sub-folders
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .build();
    }
}
