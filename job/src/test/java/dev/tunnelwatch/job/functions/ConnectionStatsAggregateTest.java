package dev.tunnelwatch.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.job.model.GroupKey;
import dev.tunnelwatch.job.model.NetworkConnection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ConnectionStatsAggregateTest {

    static final GroupKey KEY = new GroupKey("allowed", "C:\\cloudflared.exe", "d", "1.1.1.1", "7844", "outbound",
            "WS-01", "ip", "ipv4", "s", "10.0.0.1", "tcp", "svc", "Microsoft Sysmon");

    private final ConnectionStatsAggregate agg = new ConnectionStatsAggregate();

    private static NetworkConnection c(long time, String srcPort) {
        return new NetworkConnection(KEY, time, srcPort);
    }

    @Test
    void newAccumulatorIsEmpty() {
        ConnectionStats s = agg.createAccumulator();
        assertThat(s.count).isZero();
        assertThat(s.firstTime).isEqualTo(Long.MAX_VALUE);
        assertThat(s.lastTime).isEqualTo(Long.MIN_VALUE);
        assertThat(s.srcPorts.count()).isZero();
    }

    @Test
    void countsMinMaxAndDistinctPorts() {
        ConnectionStats s = agg.createAccumulator();
        s = agg.add(c(3_000L, "9000"), s);
        s = agg.add(c(1_000L, "10000"), s);
        s = agg.add(c(5_000L, "9000"), s);
        s = agg.add(c(2_000L, "0"), s);
        ConnectionStats r = agg.getResult(s);
        assertThat(r.count).isEqualTo(4);
        assertThat(r.firstTime).isEqualTo(1_000L);
        assertThat(r.lastTime).isEqualTo(5_000L);
        assertThat(r.srcPorts.sortedAsText()).containsExactly("0", "10000", "9000");
    }

    @Test
    void singleEventHasEqualFirstAndLast() {
        ConnectionStats s = agg.add(c(42L, "50123"), agg.createAccumulator());
        assertThat(s.count).isEqualTo(1);
        assertThat(s.firstTime).isEqualTo(42L);
        assertThat(s.lastTime).isEqualTo(42L);
        assertThat(s.srcPorts.sortedAsText()).containsExactly("50123");
    }

    @Test
    void epochZeroTimeIsKept() {
        ConnectionStats s = agg.add(c(0L, "1"), agg.createAccumulator());
        assertThat(s.firstTime).isZero();
        assertThat(s.lastTime).isZero();
    }

    @Test
    void mergeCombines() {
        ConnectionStats a = agg.createAccumulator();
        agg.add(c(2_000L, "9000"), a);
        agg.add(c(4_000L, "443"), a);
        ConnectionStats b = agg.createAccumulator();
        agg.add(c(1_000L, "9000"), b);
        agg.add(c(6_000L, "10000"), b);
        agg.add(c(3_000L, "1234567890123456789012345"), b);
        ConnectionStats m = agg.merge(a, b);
        assertThat(m.count).isEqualTo(5);
        assertThat(m.firstTime).isEqualTo(1_000L);
        assertThat(m.lastTime).isEqualTo(6_000L);
        assertThat(m.srcPorts.sortedAsText())
                .containsExactly("10000", "1234567890123456789012345", "443", "9000");
    }

    @Test
    void mergeWithEmptyAccumulatorIsIdentity() {
        ConnectionStats a = agg.createAccumulator();
        agg.add(c(2_000L, "9000"), a);
        ConnectionStats m = agg.merge(a, agg.createAccumulator());
        assertThat(m.count).isEqualTo(1);
        assertThat(m.firstTime).isEqualTo(2_000L);
        assertThat(m.lastTime).isEqualTo(2_000L);
        assertThat(m.srcPorts.sortedAsText()).containsExactly("9000");

        ConnectionStats m2 = agg.merge(agg.createAccumulator(), agg.add(c(7L, "1"), agg.createAccumulator()));
        assertThat(m2.count).isEqualTo(1);
        assertThat(m2.firstTime).isEqualTo(7L);
        assertThat(m2.lastTime).isEqualTo(7L);
    }

    @Test
    void resultDoesNotDependOnOrderOrSplit() {
        List<NetworkConnection> events = new ArrayList<>();
        TreeSet<String> ports = new TreeSet<>();
        for (int i = 0; i < 3_000; i++) {
            String p = Integer.toString(40_000 + i);
            events.add(c(1_000_000L + i * 17L, p));
            ports.add(p);
        }
        events.add(c(1_000_000L, "40000")); // a duplicate port
        Random random = new Random(7);
        for (int trial = 0; trial < 5; trial++) {
            Collections.shuffle(events, random);
            int split = random.nextInt(events.size());
            ConnectionStats a = agg.createAccumulator();
            ConnectionStats b = agg.createAccumulator();
            for (int i = 0; i < events.size(); i++) {
                agg.add(events.get(i), i < split ? a : b);
            }
            ConnectionStats m = agg.merge(b, a);
            assertThat(m.count).isEqualTo(3_001);
            assertThat(m.firstTime).isEqualTo(1_000_000L);
            assertThat(m.lastTime).isEqualTo(1_000_000L + 2_999 * 17L);
            assertThat(m.srcPorts.count()).isEqualTo(3_000);
            assertThat(m.srcPorts.sortedAsText()).containsExactly(ports.toArray(String[]::new));
        }
    }

    @Test
    void allPortsInOneGroup() {
        ConnectionStats s = agg.createAccumulator();
        for (int p = 65535; p >= 0; p--) {
            agg.add(c(p, Integer.toString(p)), s);
        }
        assertThat(s.count).isEqualTo(65_536);
        assertThat(s.firstTime).isZero();
        assertThat(s.lastTime).isEqualTo(65_535L);
        assertThat(s.srcPorts.count()).isEqualTo(65_536);
        String[] sorted = s.srcPorts.sortedAsText();
        assertThat(sorted[0]).isEqualTo("0");
        assertThat(sorted[sorted.length - 1]).isEqualTo("9999");
    }

    /** What a group's window state costs in a checkpoint or RocksDB: the POJO serialiser's bytes. */
    private static int serializedBytes(ConnectionStats stats) throws Exception {
        TypeInformation<ConnectionStats> type = TypeInformation.of(ConnectionStats.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class); // not Kryo
        TypeSerializer<ConnectionStats> serializer = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(stats, out);
        ConnectionStats back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.count).isEqualTo(stats.count);
        assertThat(back.srcPorts.sortedAsText()).containsExactly(stats.srcPorts.sortedAsText());
        return out.length();
    }

    @Test
    void stateOfAGroupStaysBoundedWhateverItsEventsAndPorts() throws Exception {
        ConnectionStats oneEvent = agg.add(c(1_000L, "50000"), agg.createAccumulator());
        int small = serializedBytes(oneEvent);
        assertThat(small).isLessThan(100);

        // One host spraying every source port, a million events: still one bitmap.
        ConnectionStats spray = agg.createAccumulator();
        for (int i = 0; i < 1_000_000; i++) {
            spray = agg.add(c(i, Integer.toString((i * 7919) & 0xFFFF)), spray);
        }
        assertThat(spray.count).isEqualTo(1_000_000);
        assertThat(spray.srcPorts.count()).isEqualTo(65_536);
        assertThat(serializedBytes(spray)).isLessThanOrEqualTo(8192 + 100);
        assertThat(spray.srcPorts.heldBytes()).isEqualTo(8192);
    }
}
