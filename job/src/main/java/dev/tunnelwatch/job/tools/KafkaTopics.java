package dev.tunnelwatch.job.tools;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tunnelwatch.connectors.decode.Utf8;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka side of {@code bin/kafka-local}: wait for a broker, create a topic, write lines to a
 * topic and print a topic as JSON lines.
 *
 * <pre>
 * ready   [--timeout S]                      --bootstrap-server HOST:PORT
 * create  TOPIC [--partitions N]             --bootstrap-server HOST:PORT
 * produce TOPIC                  (stdin lines) --bootstrap-server HOST:PORT
 * consume TOPIC [--max N] [--idle-timeout S] --bootstrap-server HOST:PORT
 * </pre>
 *
 * Exit codes: 0 done, 1 the broker failed or did not answer in time, 2 bad arguments.
 */
public final class KafkaTopics {

    static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    /** One parsed command line. */
    sealed interface Command permits Ready, Create, Produce, Consume {
        int execute(InputStream in, OutputStream out, PrintStream err)
                throws ExecutionException, InterruptedException, IOException;
    }

    record Ready(String bootstrap, Duration timeout) implements Command {
        @Override
        public int execute(InputStream in, OutputStream out, PrintStream err)
                throws ExecutionException, InterruptedException {
            return ready(this, err);
        }
    }

    record Create(String bootstrap, String topic, int partitions) implements Command {
        @Override
        public int execute(InputStream in, OutputStream out, PrintStream err)
                throws ExecutionException, InterruptedException {
            return create(this, err);
        }
    }

    record Produce(String bootstrap, String topic) implements Command {
        @Override
        public int execute(InputStream in, OutputStream out, PrintStream err) throws IOException {
            return produce(this, in, err);
        }
    }

    record Consume(String bootstrap, String topic, long max, Duration idleTimeout) implements Command {
        @Override
        public int execute(InputStream in, OutputStream out, PrintStream err) throws IOException {
            return consume(this, out, err);
        }
    }

    /** The options each command accepts. */
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "ready", List.of("--bootstrap-server", "--timeout"),
            "create", List.of("--bootstrap-server", "--partitions"),
            "produce", List.of("--bootstrap-server"),
            "consume", List.of("--bootstrap-server", "--max", "--idle-timeout"));

    /** A bad command line: reported as one line on stderr, exit code 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    // Strict: a record value is printed as JSON only when it is exactly one JSON object, and a
    // duplicate name would be lost by a tree, so such values are printed as strings instead.
    // Unstripped big decimals keep the digits of numbers as written (1.50 stays 1.50).
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private KafkaTopics() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream in, OutputStream out, PrintStream err) {
        Command command;
        try {
            command = parse(args);
        } catch (UsageException e) {
            err.println("kafka-local: " + e.getMessage());
            return 2;
        }
        try {
            return command.execute(in, out, err);
        } catch (KafkaException | ExecutionException | IOException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            err.println("kafka-local: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static Command parse(String[] args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("a command is required: ready, create, produce or consume");
        }
        String name = args[0];
        List<String> allowed = OPTIONS.get(name);
        if (allowed == null) {
            throw new UsageException("unknown command '" + name + "' (ready, create, produce, consume)");
        }
        List<String> positional = new ArrayList<>();
        Map<String, String> flags = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (!allowed.contains(args[i])) {
                    throw new UsageException("unknown option " + args[i] + " for " + name);
                }
                if (i + 1 >= args.length) {
                    throw new UsageException(args[i] + " needs a value");
                }
                if (flags.put(args[i], args[++i]) != null) {
                    throw new UsageException(args[i - 1] + " is given twice");
                }
            } else {
                positional.add(args[i]);
            }
        }
        String bootstrap = flags.getOrDefault("--bootstrap-server", DEFAULT_BOOTSTRAP);
        if (name.equals("ready") && !positional.isEmpty()) {
            throw new UsageException("ready takes no topic");
        }
        return switch (name) {
            case "ready" -> new Ready(bootstrap, seconds(flags, "--timeout", 60));
            case "create" -> new Create(bootstrap, topic(positional), (int) positive(flags, "--partitions", 1));
            case "produce" -> new Produce(bootstrap, topic(positional));
            case "consume" -> new Consume(bootstrap, topic(positional),
                    positive(flags, "--max", Long.MAX_VALUE), seconds(flags, "--idle-timeout", 10));
            default -> throw new IllegalStateException(name);
        };
    }

    private static String topic(List<String> positional) throws UsageException {
        if (positional.size() != 1 || positional.get(0).isEmpty()) {
            throw new UsageException("exactly one topic name is required, got " + positional);
        }
        return positional.get(0);
    }

    private static long positive(Map<String, String> flags, String flag, long fallback) throws UsageException {
        String value = flags.get(flag);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n > 0 && (!flag.equals("--partitions") || n <= Integer.MAX_VALUE)) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(flag + " must be a positive integer, got '" + value + "'");
    }

    private static Duration seconds(Map<String, String> flags, String flag, long fallback) throws UsageException {
        return Duration.ofSeconds(positive(flags, flag, fallback));
    }

    /** Succeeds once the broker answers a metadata request; the admin client retries until then. */
    static int ready(Ready c, PrintStream err) throws ExecutionException, InterruptedException {
        Properties props = clientProperties(c.bootstrap());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) c.timeout().toMillis());
        try (Admin admin = Admin.create(props)) {
            int nodes = admin.describeCluster().nodes().get(c.timeout().toMillis(), TimeUnit.MILLISECONDS).size();
            return nodes > 0 ? 0 : 1;
        } catch (TimeoutException e) {
            err.println("kafka-local: no answer from " + c.bootstrap() + " within " + c.timeout().toSeconds() + " s");
            return 1;
        }
    }

    /** Creates the topic with replication 1; an existing topic is fine (the command is idempotent). */
    static int create(Create c, PrintStream err) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(clientProperties(c.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(c.topic(), c.partitions(), (short) 1))).all().get();
            err.println("kafka-local: created topic " + c.topic() + " with " + c.partitions() + " partition(s)");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            err.println("kafka-local: topic " + c.topic() + " exists");
        }
        return 0;
    }

    /** One record per stdin line (split at {@code \n}, bytes kept as they are), no key. */
    static int produce(Produce c, InputStream in, PrintStream err) throws IOException {
        Properties props = clientProperties(c.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        long count = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            InputStream input = new BufferedInputStream(in);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = input.read(); b != -1 || line.size() > 0; b = input.read()) {
                if (b == '\n' || b == -1) {
                    producer.send(new ProducerRecord<>(c.topic(), line.toByteArray()));
                    line.reset();
                    count++;
                    if (b == -1) {
                        break;
                    }
                } else {
                    line.write(b);
                }
            }
            producer.flush();
        }
        err.println("kafka-local: wrote " + count + " record(s) to " + c.topic());
        return 0;
    }

    /**
     * Prints committed records of all partitions from the beginning. Manual assignment and no group,
     * so nothing is committed and no rebalance delays the first record.
     */
    static int consume(Consume c, OutputStream out, PrintStream err) throws IOException {
        Properties props = clientProperties(c.bootstrap());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Reading must not create the topic through the broker's auto-creation.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(c.topic())) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            if (partitions.isEmpty()) {
                err.println("kafka-local: no topic " + c.topic());
                return 1;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long printed = 0;
            long lastRecord = System.nanoTime();
            while (printed < c.max() && System.nanoTime() - lastRecord < c.idleTimeout().toNanos()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    out.write(JSON.writeValueAsBytes(toJson(record)));
                    out.write('\n');
                    lastRecord = System.nanoTime();
                    if (++printed == c.max()) {
                        break;
                    }
                }
                out.flush();
            }
        }
        return 0;
    }

    /** The JSON line of one record; written as UTF-8 bytes, whatever the platform encoding. */
    static ObjectNode toJson(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode line = JSON.createObjectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", record.timestamp());
        putBytes(line, "key", record.key(), false);
        putBytes(line, "value", record.value(), true);
        return line;
    }

    // Text as a string, one JSON object as itself (values only), other bytes as NAME_base64.
    private static void putBytes(ObjectNode line, String name, byte[] bytes, boolean parseJson) {
        if (bytes == null) {
            line.putNull(name);
            return;
        }
        String text = Utf8.decodeOrNull(bytes);
        if (text == null) {
            line.put(name + "_base64", Base64.getEncoder().encodeToString(bytes));
            return;
        }
        JsonNode object = parseJson ? jsonObject(text) : null;
        if (object != null) {
            line.set(name, object);
        } else {
            line.put(name, text);
        }
    }

    private static JsonNode jsonObject(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Properties clientProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "tunnelwatch-kafka-local");
        return props;
    }
}
