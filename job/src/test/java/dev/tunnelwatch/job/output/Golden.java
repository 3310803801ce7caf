package dev.tunnelwatch.job.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The expected documents of the format tests, kept pretty-printed beside the tests. */
final class Golden {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Golden() {}

    /** The resource's JSON as the formats write it: compact, its keys in the file's order. */
    static String compact(String resource) {
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            String pretty = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return MAPPER.writeValueAsString(MAPPER.readTree(pretty));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
