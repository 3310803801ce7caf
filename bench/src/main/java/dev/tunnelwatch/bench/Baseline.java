package dev.tunnelwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * A straightforward Flink DataStream version of the detection, as one would first write it: text
 * lines, a full parse of every event (Jackson tree, DOM), the fourteen CIM fields in a plain map,
 * port filter, keyBy, the same tumbling windows, count / first / last / distinct source ports,
 * JSON lines to a FileSink. Batch mode for files, like the job. No dead letters, limits or
 * prefilter: the point of comparison, not a replacement.
 *
 * <pre>Baseline INPUT OUTPUT_DIR PARALLELISM</pre>
 */
public final class Baseline {

    static final String[] FIELDS = {"action", "app", "dest", "dest_ip", "dest_port", "direction", "dvc", "protocol",
        "protocol_version", "src", "src_ip", "src_port", "transport", "user", "vendor_product"};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter OUT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** One matching connection: the fourteen group fields joined, its time and source port. */
    public static final class Conn {
        public String key;
        public long time;
        public String srcPort;

        public Conn() {}

        Conn(String key, long time, String srcPort) {
            this.key = key;
            this.time = time;
            this.srcPort = srcPort;
        }
    }

    public static void main(String[] args) throws Exception {
        String input = args[0];
        String output = args[1];
        int parallelism = Integer.parseInt(args[2]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(parallelism);
        env.fromSource(FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(input)).build(),
                        WatermarkStrategy.noWatermarks(), "lines")
                .flatMap(new ParseAndMatch())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Conn>forBoundedOutOfOrderness(Duration.ofMinutes(10))
                        .withTimestampAssigner((c, ts) -> c.time))
                .keyBy(c -> c.key)
                .window(TumblingEventTimeWindows.of(Duration.ofHours(1), Duration.ofMinutes(50)))
                .aggregate(new Stats(), new ToRow())
                .sinkTo(FileSink.forRowFormat(new Path(output), new SimpleStringEncoder<String>()).build());
        long t0 = System.nanoTime();
        JobExecutionResult result = env.execute("baseline");
        long t1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "BENCH impl=baseline net_ms=%d execute_ms=%d%n", result.getNetRuntime(),
                (t1 - t0) / 1_000_000);
        System.exit(0);
    }

    /** Parses every line fully and keeps connections to port 7844. */
    static final class ParseAndMatch extends RichFlatMapFunction<String, Conn> {
        private transient ObjectMapper json;
        private transient DocumentBuilder xml;

        @Override
        public void open(OpenContext context) throws Exception {
            json = new ObjectMapper();
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            xml = f.newDocumentBuilder();
        }

        @Override
        public void flatMap(String line, Collector<Conn> out) throws Exception {
            Map<String, String> data = new HashMap<>();
            String eventId;
            String computer;
            if (line.startsWith("<")) {
                Document doc = xml.parse(new InputSource(new StringReader(line)));
                eventId = text(doc, "EventID");
                computer = text(doc, "Computer");
                NodeList items = doc.getElementsByTagNameNS("*", "Data");
                for (int i = 0; i < items.getLength(); i++) {
                    Element e = (Element) items.item(i);
                    data.put(e.getAttribute("Name"), e.getTextContent());
                }
            } else {
                JsonNode root = json.readTree(line);
                JsonNode fields;
                if (root.has("winlog")) {
                    JsonNode w = root.get("winlog");
                    eventId = w.path("event_id").asText();
                    computer = w.path("computer_name").asText();
                    fields = w.path("event_data");
                } else {
                    eventId = root.path("EventID").asText();
                    computer = root.path("Hostname").asText(root.path("Computer").asText());
                    fields = root.has("EventData") ? root.get("EventData") : root;
                }
                fields.fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
            }
            if (!"3".equals(eventId.strip()) || !"7844".equals(data.getOrDefault("DestinationPort", "").strip())) {
                return;
            }
            String[] v = new String[FIELDS.length];
            v[0] = "allowed";
            v[1] = orNull(data.get("Image"));
            String destHost = data.get("DestinationHostname");
            v[2] = empty(destHost) || destHost.equals("-") ? orDefault(data.get("DestinationIp"), "unknown") : destHost;
            v[3] = orNull(data.get("DestinationIp"));
            v[4] = "7844";
            v[5] = "true".equalsIgnoreCase(data.get("Initiated")) ? "outbound" : "inbound";
            v[6] = orDefault(computer, "unknown");
            v[7] = "ip";
            v[8] = "true".equalsIgnoreCase(data.get("DestinationIsIpv6")) ? "ipv6" : "ipv4";
            String srcHost = data.get("SourceHostname");
            String srcIp = data.get("SourceIp");
            v[9] = !empty(srcHost) && !srcHost.equals("-") ? srcHost
                    : !empty(srcIp) && !srcIp.equals("-") ? srcIp : "unknown";
            v[10] = orNull(srcIp);
            v[11] = ""; // src_port is aggregated, not grouped
            v[12] = orDefault(data.get("Protocol"), "unknown").toLowerCase(Locale.ROOT);
            String user = data.get("User");
            if (empty(user) || user.equals("-")) {
                user = "unknown";
            } else {
                int slash = user.lastIndexOf('\\', user.length() - 2);
                if (slash >= 0) {
                    user = user.substring(slash + 1);
                }
            }
            v[13] = user;
            v[14] = "Microsoft Sysmon";
            long time = LocalDateTime.parse(data.get("UtcTime"), UTC_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            out.collect(new Conn(String.join("\u0001", v), time, data.getOrDefault("SourcePort", "0")));
        }

        private static String text(Document doc, String name) {
            NodeList n = doc.getElementsByTagNameNS("*", name);
            return n.getLength() == 0 ? "" : n.item(0).getTextContent();
        }
    }

    static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    static String orNull(String s) {
        return orDefault(s, "null");
    }

    static String orDefault(String s, String d) {
        return empty(s) ? d : s;
    }

    /** count, first, last, distinct source ports. */
    public static final class Acc {
        public long count;
        public long first = Long.MAX_VALUE;
        public long last = Long.MIN_VALUE;
        public TreeSet<String> ports = new TreeSet<>();
    }

    static final class Stats implements AggregateFunction<Conn, Acc, Acc> {
        @Override
        public Acc createAccumulator() {
            return new Acc();
        }

        @Override
        public Acc add(Conn c, Acc a) {
            a.count++;
            a.first = Math.min(a.first, c.time);
            a.last = Math.max(a.last, c.time);
            a.ports.add(c.srcPort);
            return a;
        }

        @Override
        public Acc getResult(Acc a) {
            return a;
        }

        @Override
        public Acc merge(Acc a, Acc b) {
            a.count += b.count;
            a.first = Math.min(a.first, b.first);
            a.last = Math.max(a.last, b.last);
            a.ports.addAll(b.ports);
            return a;
        }
    }

    static final class ToRow extends ProcessWindowFunction<Acc, String, String, TimeWindow> {
        private transient ObjectMapper json;

        @Override
        public void open(OpenContext context) {
            json = new ObjectMapper();
        }

        @Override
        public void process(String key, Context ctx, Iterable<Acc> accs, Collector<String> out) throws Exception {
            Acc a = accs.iterator().next();
            String[] v = key.split("\u0001", -1);
            ObjectNode row = json.createObjectNode();
            for (int i = 0; i < FIELDS.length; i++) {
                if (i != 11) {
                    row.put(FIELDS[i], v[i]);
                }
            }
            row.put("count", a.count);
            row.put("firstTime", LocalDateTime.ofEpochSecond(a.first / 1000, 0, ZoneOffset.UTC).format(OUT_TIME));
            row.put("lastTime", LocalDateTime.ofEpochSecond(a.last / 1000, 0, ZoneOffset.UTC).format(OUT_TIME));
            ArrayNode ports = row.putArray("src_port");
            a.ports.forEach(ports::add);
            row.put("window_start", java.time.Instant.ofEpochMilli(ctx.window().getStart()).toString());
            row.put("window_end", java.time.Instant.ofEpochMilli(ctx.window().getEnd()).toString());
            out.collect(json.writeValueAsString(row));
        }
    }
}
