package dev.tunnelwatch.bench;

import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * The detection in Flink SQL, batch mode: a filesystem JSON table over Winlogbeat and flat Sysmon
 * JSON (both shapes declared, COALESCE picks the one present), the CIM mapping as expressions, the
 * window TVF (1 h, offset 50 min) grouped by the fourteen fields with COUNT, MIN, MAX and
 * LISTAGG(DISTINCT src_port), into a filesystem JSON sink.
 *
 * <pre>SqlBench INPUT OUTPUT_DIR PARALLELISM</pre>
 */
public final class SqlBench {

    private static final String DATA_FIELDS = "UtcTime STRING, Image STRING, `User` STRING, Protocol STRING,"
            + " Initiated STRING, SourceIp STRING, SourceHostname STRING, SourcePort STRING,"
            + " DestinationIsIpv6 STRING, DestinationIp STRING, DestinationHostname STRING, DestinationPort STRING";

    public static void main(String[] args) throws Exception {
        String input = args[0];
        String output = args[1];
        int parallelism = Integer.parseInt(args[2]);
        Configuration conf = new Configuration();
        conf.setString("table.exec.resource.default-parallelism", String.valueOf(parallelism));
        conf.setString("parallelism.default", String.valueOf(parallelism));
        TableEnvironment t = TableEnvironment.create(
                EnvironmentSettings.newInstance().inBatchMode().withConfiguration(conf).build());
        t.executeSql("CREATE TABLE events (EventID STRING, Hostname STRING, " + DATA_FIELDS + ","
                + " winlog ROW<event_id STRING, computer_name STRING, event_data ROW<" + DATA_FIELDS.replace(" STRING", " STRING")
                + ">>) WITH ('connector' = 'filesystem', 'path' = '" + input + "', 'format' = 'json',"
                + " 'json.fail-on-missing-field' = 'false', 'json.ignore-parse-errors' = 'false')");
        t.executeSql("CREATE TEMPORARY VIEW sysmon AS SELECT"
                + " TRIM(COALESCE(winlog.event_id, EventID)) AS eid,"
                + " COALESCE(winlog.computer_name, Hostname) AS computer,"
                + " COALESCE(winlog.event_data.UtcTime, UtcTime) AS utc,"
                + " COALESCE(winlog.event_data.Image, Image) AS image,"
                + " COALESCE(winlog.event_data.`User`, `User`) AS usr,"
                + " COALESCE(winlog.event_data.Protocol, Protocol) AS proto,"
                + " COALESCE(winlog.event_data.Initiated, Initiated) AS initiated,"
                + " COALESCE(winlog.event_data.SourceIp, SourceIp) AS sip,"
                + " COALESCE(winlog.event_data.SourceHostname, SourceHostname) AS shost,"
                + " COALESCE(winlog.event_data.SourcePort, SourcePort) AS sport,"
                + " COALESCE(winlog.event_data.DestinationIsIpv6, DestinationIsIpv6) AS dv6,"
                + " COALESCE(winlog.event_data.DestinationIp, DestinationIp) AS dip,"
                + " COALESCE(winlog.event_data.DestinationHostname, DestinationHostname) AS dhost,"
                + " TRIM(COALESCE(winlog.event_data.DestinationPort, DestinationPort)) AS dport"
                + " FROM events");
        t.executeSql("CREATE TEMPORARY VIEW conn AS SELECT"
                + " 'allowed' AS action,"
                + " COALESCE(NULLIF(image, ''), 'null') AS app,"
                + " CASE WHEN dhost IS NULL OR dhost = '' OR dhost = '-' THEN COALESCE(NULLIF(dip, ''), 'unknown') ELSE dhost END AS dest,"
                + " COALESCE(NULLIF(dip, ''), 'null') AS dest_ip,"
                + " '7844' AS dest_port,"
                + " CASE WHEN LOWER(initiated) = 'true' THEN 'outbound' ELSE 'inbound' END AS direction,"
                + " COALESCE(NULLIF(computer, ''), 'unknown') AS dvc,"
                + " 'ip' AS protocol,"
                + " CASE WHEN LOWER(dv6) = 'true' THEN 'ipv6' ELSE 'ipv4' END AS protocol_version,"
                + " CASE WHEN shost IS NOT NULL AND shost <> '' AND shost <> '-' THEN shost"
                + "      WHEN sip IS NOT NULL AND sip <> '' AND sip <> '-' THEN sip ELSE 'unknown' END AS src,"
                + " COALESCE(NULLIF(sip, ''), 'null') AS src_ip,"
                + " COALESCE(NULLIF(sport, ''), '0') AS src_port,"
                + " LOWER(COALESCE(NULLIF(proto, ''), 'unknown')) AS transport,"
                + " CASE WHEN usr IS NULL OR usr = '' OR usr = '-' THEN 'unknown'"
                + "      ELSE COALESCE(REGEXP_EXTRACT(usr, '^(.*)\\\\(.+)$', 2), usr) END AS `user`,"
                + " 'Microsoft Sysmon' AS vendor_product,"
                + " TO_TIMESTAMP(utc, 'yyyy-MM-dd HH:mm:ss.SSS') AS ts"
                + " FROM sysmon WHERE eid = '3' AND dport = '7844'");
        t.executeSql("CREATE TABLE alerts (action STRING, app STRING, dest STRING, dest_ip STRING, dest_port STRING,"
                + " direction STRING, dvc STRING, protocol STRING, protocol_version STRING, src STRING, src_ip STRING,"
                + " transport STRING, `user` STRING, vendor_product STRING, `count` BIGINT, firstTime TIMESTAMP(3),"
                + " lastTime TIMESTAMP(3), src_port STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3))"
                + " WITH ('connector' = 'filesystem', 'path' = '" + output + "', 'format' = 'json')");
        long t0 = System.nanoTime();
        TableResult result = t.executeSql("INSERT INTO alerts SELECT action, app, dest, dest_ip, dest_port, direction,"
                + " dvc, protocol, protocol_version, src, src_ip, transport, `user`, vendor_product, COUNT(*), MIN(ts),"
                + " MAX(ts), LISTAGG(DISTINCT src_port), window_start, window_end"
                + " FROM TABLE(TUMBLE(TABLE conn, DESCRIPTOR(ts), INTERVAL '1' HOUR, INTERVAL '50' MINUTE))"
                + " GROUP BY window_start, window_end, action, app, dest, dest_ip, dest_port, direction, dvc, protocol,"
                + " protocol_version, src, src_ip, transport, `user`, vendor_product");
        var jobResult = result.getJobClient().orElseThrow().getJobExecutionResult().get();
        long t1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "BENCH impl=sql net_ms=%d execute_ms=%d%n", jobResult.getNetRuntime(),
                (t1 - t0) / 1_000_000);
        System.exit(0);
    }
}
