package dev.tunnelwatch.connectors.kafka;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Kafka address as the command line writes it: {@code kafka://HOST:PORT[,HOST:PORT...]/TOPIC[,TOPIC...]}.
 * A topic part that is not a legal topic name (legal: letters, digits, {@code .}, {@code _},
 * {@code -}) is a regular expression over topic names, e.g. {@code kafka://localhost:9092/sysmon-.*}.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param topics the topics, when not a pattern
 * @param topicPattern the topic regular expression, or null
 */
public record KafkaEndpoint(String bootstrapServers, List<String> topics, String topicPattern) implements Serializable {

    public static final String SCHEME = "kafka://";

    private static final Pattern SERVER = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9._-]+):[0-9]{1,5}");
    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public static boolean isKafka(String target) {
        return target.startsWith(SCHEME);
    }

    /** @throws IllegalArgumentException with a message fit for one line on stderr */
    public static KafkaEndpoint parse(String uri) {
        if (!isKafka(uri)) {
            throw new IllegalArgumentException("'" + uri + "' is not a kafka:// address");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("'" + uri + "': expected kafka://HOST:PORT/TOPIC");
        }
        String servers = rest.substring(0, slash);
        for (String server : servers.split(",", -1)) {
            checkServer(uri, server);
        }
        String topicPart = rest.substring(slash + 1);
        List<String> topics = new ArrayList<>();
        for (String t : topicPart.split(",", -1)) {
            if (t.isEmpty()) {
                throw new IllegalArgumentException("'" + uri + "': empty topic name");
            }
            if (!LEGAL_TOPIC.matcher(t).matches()) {
                if (topicPart.contains(",")) {
                    throw new IllegalArgumentException("'" + uri + "': a topic pattern cannot be mixed with a list"
                            + " of topics (write one pattern, e.g. a|b.*)");
                }
                try {
                    Pattern.compile(topicPart);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("'" + uri + "': '" + topicPart
                            + "' is neither a list of topic names nor a valid regular expression");
                }
                return new KafkaEndpoint(servers, List.of(), topicPart);
            }
            topics.add(t);
        }
        return new KafkaEndpoint(servers, List.copyOf(topics), null);
    }

    private static void checkServer(String uri, String server) {
        if (!SERVER.matcher(server).matches()) {
            throw new IllegalArgumentException("'" + uri + "': '" + server + "' is not HOST:PORT");
        }
    }

    /** The single topic a sink writes to. */
    public String singleTopic() {
        if (topicPattern != null || topics.size() != 1) {
            throw new IllegalArgumentException("an output needs exactly one topic, not '" + describeTopics() + "'");
        }
        return topics.get(0);
    }

    public String describeTopics() {
        return topicPattern != null ? topicPattern : String.join(",", topics);
    }

    @Override
    public String toString() {
        return SCHEME + bootstrapServers + "/" + describeTopics();
    }
}
