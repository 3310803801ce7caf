package dev.tunnelwatch.job.it;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker for integration tests: one KRaft node (broker and controller combined) in
 * the test JVM, started before the first test of the class and closed after the last one.
 *
 * <pre>
 * &#64;RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
 * ... KAFKA.bootstrapServers() ...
 * </pre>
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {

    private KafkaClusterTestKit cluster;
    /** The class that started the broker; nested classes reuse it instead of starting another. */
    private String owner;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            return;
        }
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        // One node: the internal topics (consumer offsets, transactions) can only have one replica.
        KafkaClusterTestKit started = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            started.format();
            started.startup();
            started.waitForReadyBrokers();
        } catch (Exception e) {
            started.close();
            throw e;
        }
        cluster = started;
        owner = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null && context.getUniqueId().equals(owner)) {
            try {
                cluster.close();
            } finally {
                cluster = null;
                owner = null;
            }
        }
    }

    /** {@code host:port} of the broker's client listener. */
    public String bootstrapServers() {
        if (cluster == null) {
            throw new IllegalStateException("the broker runs only between beforeAll and afterAll");
        }
        return cluster.bootstrapServers();
    }
}
