package dev.tunnelwatch.connectors.kafka;

import dev.tunnelwatch.connectors.record.OneLine;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Kafka client properties as every command line takes them: {@code --kafka-properties FILE}
 * (Java properties, e.g. SASL and TLS settings) and {@code --kafka-property KEY=VALUE}, which wins.
 */
public final class KafkaClientProperties {

    private KafkaClientProperties() {}

    /**
     * @param files properties files, read in order (a later one wins)
     * @param keyValues {@code KEY=VALUE} settings, applied last
     * @throws IllegalArgumentException with a message fit for one line on stderr
     */
    public static Properties of(List<String> files, List<String> keyValues) {
        Properties properties = new Properties();
        for (String file : files) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new IllegalArgumentException("--kafka-properties " + file + ": not a readable file");
            }
            try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("--kafka-properties " + file + ": " + OneLine.of(e.getMessage(), "unreadable"));
            }
        }
        for (String keyValue : keyValues) {
            int eq = keyValue.indexOf('=');
            if (eq <= 0 || keyValue.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException("--kafka-property: '" + keyValue + "' is not KEY=VALUE");
            }
            properties.setProperty(keyValue.substring(0, eq).strip(), keyValue.substring(eq + 1));
        }
        return properties;
    }

}
