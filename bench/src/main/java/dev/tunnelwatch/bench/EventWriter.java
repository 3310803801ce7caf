package dev.tunnelwatch.bench;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * One realistic Sysmon event at a time, in one of three encodings the job reads. Hosts, users,
 * images and destinations come from seeded pools, so a seed gives the same stream every time.
 * Event ID 3 (network connection) mostly; the rest Event ID 1 (process creation) and 22 (DNS
 * query), which the job skips.
 */
final class EventWriter {

    static final int XML = 0;
    static final int WINLOGBEAT = 1;
    static final int FLAT = 2;

    private static final String SYSMON_GUID = "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}";
    private static final String CHANNEL = "Microsoft-Windows-Sysmon/Operational";

    private static final String[] USER_IMAGES = {
        "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
        "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
        "C:\\Program Files\\Mozilla Firefox\\firefox.exe",
        "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
        "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
        "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
        "C:\\Users\\%U\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe",
        "C:\\Users\\%U\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe",
        "C:\\Users\\%U\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe",
        "C:\\Users\\%U\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe",
        "C:\\Program Files\\Slack\\slack.exe",
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "C:\\Windows\\explorer.exe",
        "C:\\Program Files\\Git\\mingw64\\bin\\git-remote-https.exe",
        "C:\\Program Files\\Python311\\python.exe",
    };
    private static final String[] SYSTEM_IMAGES = {
        "C:\\Windows\\System32\\svchost.exe",
        "C:\\Windows\\System32\\lsass.exe",
        "C:\\Windows\\System32\\svchost.exe",
        "C:\\Windows\\System32\\svchost.exe",
        "C:\\Program Files\\Windows Defender Advanced Threat Protection\\MsSense.exe",
        "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe",
        "C:\\Windows\\System32\\spoolsv.exe",
        "C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunkd.exe",
        "C:\\Windows\\CCM\\CcmExec.exe",
        "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
        "System",
        "C:\\Windows\\System32\\dns.exe",
    };
    private static final String[] SYSTEM_USERS = {
        "NT AUTHORITY\\SYSTEM", "NT AUTHORITY\\NETWORK SERVICE", "NT AUTHORITY\\LOCAL SERVICE",
    };
    private static final String[] TUNNEL_IMAGES = {
        "C:\\Program Files (x86)\\cloudflared\\cloudflared.exe",
        "C:\\ProgramData\\cf\\cloudflared.exe",
        "C:\\Users\\%U\\AppData\\Local\\Temp\\svchost.exe",
        "C:\\Users\\Public\\Downloads\\update.exe",
    };
    private static final String[] EDGE_HOSTS = {
        "region1.v2.argotunnel.com", "region2.v2.argotunnel.com", "-", "",
    };
    private static final String[] SURNAMES = {
        "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "martin", "lopez",
        "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "lee", "perez", "thompson",
        "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson", "walker", "young", "allen",
        "king", "wright", "scott", "torres", "nguyen", "hill", "flores", "green", "adams", "nelson",
        "baker", "hall", "rivera", "campbell", "mitchell", "carter", "roberts", "mueller", "schmidt", "schneider",
        "fischer", "weber", "meyer", "wagner", "becker", "dubois", "moreau", "laurent", "rossi", "russo",
        "ferrari", "kowalski", "nowak", "wisniewski", "novak", "svoboda", "jansen", "devries", "peeters", "andersson",
    };
    private static final int[] COMMON_PORTS = {443, 443, 443, 443, 443, 443, 443, 443, 443, 443, 443, 443,
        80, 80, 53, 53, 445, 135, 389, 88, 3389, 8080, 5985, 123, 137, 636, 8443, 1433, 5223, 9997};
    private static final String[] DOMAINS = {
        "microsoft.com", "office.com", "windowsupdate.com", "google.com", "googleapis.com", "gstatic.com",
        "amazonaws.com", "cloudfront.net", "akamaiedge.net", "azureedge.net", "slack.com", "zoom.us",
        "github.com", "splunkcloud.com", "digicert.com", "live.com", "teams.microsoft.com", "okta.com",
    };

    private final SplittableRandom random;
    private final boolean distinct;
    private final double share;
    private final double other;

    private final String[] hostFqdn;
    private final String[] hostShort;
    private final String[] hostIp;
    private final String[][] hostUsers;
    private final int[] tunnelHosts;
    private final String[] destIp;
    private final String[] destHost;
    private final String[] edgeIp;

    long matching;
    long others;

    // the event being written
    private long time;
    private int eid;
    private long recordId;
    private int pid;
    private int tid;
    private long guidA;
    private long guidB;
    private String computer;
    private String shortName;
    private String user;
    private String image;
    private String protocol;
    private boolean initiated;
    private boolean v6;
    private String srcIp;
    private String srcHost;
    private int srcPort;
    private String dstIp;
    private String dstHost;
    private int dstPort;
    private String query;

    // cached time texts: the current second, as written by each format
    private long cachedSecond = Long.MIN_VALUE;
    private byte[] secondSpace; // 2026-12-01 00:00:00
    private byte[] secondT;     // 2026-12-01T00:00:00

    EventWriter(long seed, int hosts, double share, double other, boolean distinct) {
        this.random = new SplittableRandom(seed);
        this.distinct = distinct;
        this.share = share;
        this.other = other;
        SplittableRandom pools = new SplittableRandom(seed * 31 + 7);
        hostFqdn = new String[hosts];
        hostShort = new String[hosts];
        hostIp = new String[hosts];
        hostUsers = new String[hosts][];
        for (int h = 0; h < hosts; h++) {
            String prefix = h % 20 == 0 ? "SRV-APP" : h % 7 == 0 ? "LT-" : "WS-";
            hostShort[h] = prefix + String.format("%05d", h);
            hostFqdn[h] = hostShort[h] + (h % 3 == 0 ? ".emea.corp.example.com" : ".corp.example.com");
            hostIp[h] = "10." + (16 + (h >> 16)) + "." + ((h >> 8) & 255) + "." + (h & 255);
            int n = 1 + pools.nextInt(3);
            hostUsers[h] = new String[n];
            for (int u = 0; u < n; u++) {
                // first initial and surname, like most directories name accounts
                String name = (char) ('a' + pools.nextInt(26)) + SURNAMES[pools.nextInt(SURNAMES.length)]
                        + (pools.nextInt(4) == 0 ? String.valueOf(1 + pools.nextInt(9)) : "");
                hostUsers[h][u] = (pools.nextInt(10) == 0 ? "EMEA\\" : "CORP\\") + name;
            }
        }
        int tunnels = Math.max(1, hosts / 100);
        tunnelHosts = new int[tunnels];
        for (int t = 0; t < tunnels; t++) {
            tunnelHosts[t] = pools.nextInt(hosts);
        }
        int dests = 20_000;
        destIp = new String[dests];
        destHost = new String[dests];
        int[][] nets = {{13, 107}, {20, 190}, {52, 96}, {104, 18}, {142, 250}, {151, 101}, {172, 217}, {40, 126},
            {23, 45}, {34, 120}, {185, 199}, {162, 159}};
        for (int d = 0; d < dests; d++) {
            int[] net = nets[pools.nextInt(nets.length)];
            destIp[d] = net[0] + "." + net[1] + "." + pools.nextInt(256) + "." + (1 + pools.nextInt(254));
            int kind = pools.nextInt(10);
            destHost[d] = kind < 3 ? "-" : kind < 4 ? ""
                    : "edge-" + Integer.toString(pools.nextInt(1 << 20), 36) + "." + DOMAINS[pools.nextInt(DOMAINS.length)];
        }
        edgeIp = new String[20];
        for (int e = 0; e < edgeIp.length; e++) {
            edgeIp[e] = (e % 2 == 0 ? "198.41.192." : "198.41.200.") + (7 + 10 * e);
        }
    }

    /** Picks the index-th event at the given time and writes it in the given encoding. */
    void write(Buf b, long index, long timeMs, int encoding) {
        pick(index, timeMs);
        encode(b, encoding);
    }

    /** Writes one port-7844 event of the given fields (for latency runs). */
    void writeMatching(Buf b, long timeMs, String computer, String srcIp, int srcPort, int encoding) {
        pick(0, timeMs);
        eid = 3;
        this.computer = computer;
        this.shortName = computer;
        this.srcIp = srcIp;
        this.srcHost = computer;
        this.srcPort = srcPort;
        this.dstPort = 7844;
        this.dstIp = edgeIp[0];
        this.dstHost = EDGE_HOSTS[0];
        this.image = TUNNEL_IMAGES[0];
        this.user = "NT AUTHORITY\\SYSTEM";
        this.protocol = "tcp";
        this.initiated = true;
        this.v6 = false;
        encode(b, encoding);
    }

    private void pick(long index, long timeMs) {
        SplittableRandom r = random;
        time = timeMs;
        recordId = 100_000 + index;
        pid = 4 * (1 + r.nextInt(4000));
        tid = 4 * (1 + r.nextInt(8000));
        guidA = r.nextLong();
        guidB = r.nextLong();
        protocol = "tcp";
        initiated = true;
        v6 = false;
        srcPort = 49152 + r.nextInt(16384);
        if (distinct) {
            eid = 3;
            computer = "BENCH-" + index + ".corp.example.com";
            shortName = "BENCH-" + index;
            srcIp = "10." + ((index >> 16) & 255) + "." + ((index >> 8) & 255) + "." + (index & 255);
            srcHost = computer;
            user = "NT AUTHORITY\\SYSTEM";
            image = TUNNEL_IMAGES[0];
            dstIp = edgeIp[(int) (index % edgeIp.length)];
            dstHost = EDGE_HOSTS[(int) (index % 2)];
            dstPort = 7844;
            matching++;
            return;
        }
        double roll = r.nextDouble();
        int h;
        if (roll < share) {
            eid = 3;
            h = tunnelHosts[r.nextInt(tunnelHosts.length)];
            host(h);
            boolean system = r.nextInt(3) > 0;
            user = system ? "NT AUTHORITY\\SYSTEM" : hostUsers[h][r.nextInt(hostUsers[h].length)];
            image = userPath(TUNNEL_IMAGES[r.nextInt(TUNNEL_IMAGES.length)], user);
            int e = r.nextInt(edgeIp.length);
            dstIp = edgeIp[e];
            dstHost = EDGE_HOSTS[e % EDGE_HOSTS.length];
            dstPort = 7844;
            protocol = r.nextInt(4) == 0 ? "udp" : "tcp";
            matching++;
            return;
        }
        h = r.nextInt(hostFqdn.length);
        host(h);
        boolean system = r.nextInt(3) == 0;
        user = system ? SYSTEM_USERS[r.nextInt(SYSTEM_USERS.length)] : hostUsers[h][r.nextInt(hostUsers[h].length)];
        image = system ? SYSTEM_IMAGES[r.nextInt(SYSTEM_IMAGES.length)]
                : userPath(USER_IMAGES[r.nextInt(USER_IMAGES.length)], user);
        int d = r.nextInt(destIp.length);
        dstIp = destIp[d];
        dstHost = destHost[d];
        if (roll < share + other) {
            eid = r.nextInt(3) == 0 ? 1 : 22;
            query = dstHost.length() > 1 ? dstHost : "wpad.corp.example.com";
            others++;
            return;
        }
        eid = 3;
        int p = r.nextInt(40);
        dstPort = p < COMMON_PORTS.length ? COMMON_PORTS[p] : 1024 + r.nextInt(64511);
        if (dstPort == 7844) {
            dstPort = 7845;
        }
        if (dstPort == 53 || dstPort == 123 || dstPort == 137) {
            protocol = "udp";
        }
        if (r.nextInt(20) == 0) {
            // inbound: someone connected to this host
            initiated = false;
            dstIp = hostIp[h];
            dstHost = hostFqdn[h];
            dstPort = p % 2 == 0 ? 445 : 3389;
            srcIp = hostIp[r.nextInt(hostIp.length)];
            srcHost = "-";
        }
        if (r.nextInt(25) == 0) {
            v6 = true;
            srcIp = "fe80:0:0:0:" + Long.toHexString(guidA & 0xffff) + ":" + Long.toHexString((guidA >> 16) & 0xffff)
                    + ":" + Long.toHexString((guidA >> 32) & 0xffff) + ":" + Long.toHexString((guidA >> 48) & 0xffff);
            dstIp = "2606:4700:0:0:0:0:6810:" + Long.toHexString(guidB & 0xffff);
        }
    }

    private void host(int h) {
        computer = hostFqdn[h];
        shortName = hostShort[h];
        srcIp = hostIp[h];
        srcHost = hostFqdn[h];
    }

    private static String userPath(String image, String user) {
        int i = image.indexOf("%U");
        if (i < 0) {
            return image;
        }
        return image.substring(0, i) + user.substring(user.lastIndexOf('\\') + 1) + image.substring(i + 2);
    }

    // ---------------------------------------------------------------- encodings

    private void encode(Buf b, int encoding) {
        switch (encoding) {
            case XML -> xml(b);
            case WINLOGBEAT -> winlogbeat(b);
            default -> flat(b);
        }
    }

    private void xml(Buf b) {
        b.a("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='"
                + "Microsoft-Windows-Sysmon' Guid='" + SYSMON_GUID + "'/><EventID>").n(eid)
                .a("</EventID><Version>5</Version><Level>4</Level><Task>").n(eid)
                .a("</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='");
        long created = time + 7 + (recordId % 900);
        timeT(b, created).put((byte) '.').n(created % 1000, 3).n(recordId % 10000, 4).a("Z'/><EventRecordID>")
                .n(recordId).a("</EventRecordID><Correlation/><Execution ProcessID='3216' ThreadID='").n(tid)
                .a("'/><Channel>" + CHANNEL + "</Channel><Computer>").a(computer)
                .a("</Computer><Security UserID='S-1-5-18'/></System><EventData>");
        fields(new XmlFields(b));
        b.a("</EventData></Event>");
    }

    private void winlogbeat(Buf b) {
        long created = time + 7 + (recordId % 900);
        b.a("{\"@timestamp\":\"");
        timeT(b, created).put((byte) '.').n(created % 1000, 3).a("Z\",\"agent\":{\"ephemeral_id\":\"")
                .hex(guidB, 16).a("\",\"name\":\"").a(shortName)
                .a("\",\"type\":\"winlogbeat\",\"version\":\"8.11.1\"},\"ecs\":{\"version\":\"8.0.0\"},\"event\":{\"action\":\"")
                .a(action()).a("\",\"code\":\"").n(eid).a("\",\"created\":\"");
        timeT(b, created + 350).put((byte) '.').n((created + 350) % 1000, 3)
                .a("Z\",\"kind\":\"event\",\"module\":\"sysmon\",\"provider\":\"Microsoft-Windows-Sysmon\"},\"host\":{\"name\":\"")
                .a(shortName).a("\"},\"log\":{\"level\":\"information\"},\"message\":\"").a(messageTitle()).a(":");
        fields(new MessageFields(b));
        b.a("\",\"winlog\":{\"api\":\"wineventlog\",\"channel\":\"" + CHANNEL + "\",\"computer_name\":\"").a(computer)
                .a("\",\"event_data\":{");
        fields(new JsonFields(b, true));
        b.a("},\"event_id\":\"").n(eid).a("\",\"opcode\":\"Info\",\"process\":{\"pid\":3216,\"thread\":{\"id\":").n(tid)
                .a("}},\"provider_guid\":\"" + SYSMON_GUID + "\",\"provider_name\":\"Microsoft-Windows-Sysmon\",\"record_id\":")
                .n(recordId).a(",\"task\":\"").a(action())
                .a("\",\"user\":{\"domain\":\"NT AUTHORITY\",\"identifier\":\"S-1-5-18\",\"name\":\"SYSTEM\",\"type\":\"User\"},"
                        + "\"version\":5}}");
    }

    private void flat(Buf b) {
        long received = time + 1200 + (recordId % 900);
        b.a("{\"EventTime\":\"");
        timeSpace(b, time + 7).a("\",\"Hostname\":\"").a(computer)
                .a("\",\"Keywords\":-9223372036854775808,\"EventType\":\"INFO\",\"SeverityValue\":2,\"Severity\":\"INFO\","
                        + "\"EventID\":").n(eid)
                .a(",\"SourceName\":\"Microsoft-Windows-Sysmon\",\"ProviderGuid\":\"" + SYSMON_GUID
                        + "\",\"Version\":5,\"Task\":").n(eid)
                .a(",\"OpcodeValue\":0,\"RecordNumber\":").n(recordId).a(",\"ProcessID\":3216,\"ThreadID\":").n(tid)
                .a(",\"Channel\":\"" + CHANNEL + "\",\"Domain\":\"NT AUTHORITY\",\"AccountName\":\"SYSTEM\","
                        + "\"UserID\":\"S-1-5-18\",\"AccountType\":\"User\",\"Category\":\"").a(action())
                .a("\",\"Opcode\":\"Info\",\"Message\":\"").a(messageTitle()).a("\",");
        fields(new JsonFields(b, false));
        b.a(",\"EventReceivedTime\":\"");
        timeSpace(b, received).a("\",\"SourceModuleName\":\"in_sysmon\",\"SourceModuleType\":\"im_msvistalog\"}");
    }

    private String action() {
        return switch (eid) {
            case 1 -> "Process Create (rule: ProcessCreate)";
            case 22 -> "Dns query (rule: DnsQuery)";
            default -> "Network connection detected (rule: NetworkConnect)";
        };
    }

    private String messageTitle() {
        return switch (eid) {
            case 1 -> "Process Create";
            case 22 -> "Dns query";
            default -> "Network connection detected";
        };
    }

    /** The EventData of the current event, in Sysmon's order. */
    private void fields(Fields f) {
        f.str("RuleName", "-");
        f.utc("UtcTime", time);
        f.guid("ProcessGuid", guidA, guidB);
        f.num("ProcessId", pid);
        switch (eid) {
            case 3 -> {
                f.str("Image", image);
                f.str("User", user);
                f.str("Protocol", protocol);
                f.str("Initiated", initiated ? "true" : "false");
                f.str("SourceIsIpv6", v6 ? "true" : "false");
                f.str("SourceIp", srcIp);
                f.str("SourceHostname", srcHost);
                f.num("SourcePort", srcPort);
                f.str("SourcePortName", "-");
                f.str("DestinationIsIpv6", v6 ? "true" : "false");
                f.str("DestinationIp", dstIp);
                f.str("DestinationHostname", dstHost);
                f.num("DestinationPort", dstPort);
                f.str("DestinationPortName", portName(dstPort));
            }
            case 22 -> {
                f.str("QueryName", query);
                f.str("QueryStatus", "0");
                f.str("QueryResults", "type:  5 " + query + ";::ffff:" + dstIp + ";");
                f.str("Image", image);
                f.str("User", user);
            }
            default -> {
                f.str("FileVersion", "10.0.19041.3636 (WinBuild.160101.0800)");
                f.str("Description", "Windows Command Processor");
                f.str("Product", "Microsoft Windows Operating System");
                f.str("Company", "Microsoft Corporation");
                f.str("OriginalFileName", "Cmd.Exe");
                f.str("CommandLine", "C:\\Windows\\system32\\cmd.exe /c \"" + image + "\" --type=renderer --lang=en-US");
                f.str("CurrentDirectory", "C:\\Windows\\system32\\");
                f.str("User", user);
                f.guid("LogonGuid", guidB, guidA);
                f.str("LogonId", "0x3E7");
                f.str("TerminalSessionId", "1");
                f.str("IntegrityLevel", "Medium");
                f.str("Hashes", "SHA1=8DCA9749CD48D286950E7A9FA1088C937CBCCAD4,MD5=D0FCE3AFA6AA1D58CE9FA336CC2B675B,"
                        + "SHA256=4D89FC34D5F0F9BABD022271C585A9477BF41E834E46B991DEAA0530FDB25E22,"
                        + "IMPHASH=392B4D61B1D1DADC1F06444DF258188A");
                f.guid("ParentProcessGuid", guidB ^ guidA, guidA);
                f.num("ParentProcessId", 4 * (1 + (pid * 7 % 4000)));
                f.str("ParentImage", image);
                f.str("ParentCommandLine", "\"" + image + "\"");
                f.str("ParentUser", user);
            }
        }
    }

    private static String portName(int port) {
        return switch (port) {
            case 443 -> "https";
            case 80 -> "http";
            case 53 -> "domain";
            case 445 -> "microsoft-ds";
            case 135 -> "epmap";
            case 389 -> "ldap";
            case 88 -> "kerberos";
            case 3389 -> "ms-wbt-server";
            case 123 -> "ntp";
            case 137 -> "netbios-ns";
            default -> "-";
        };
    }

    private Buf timeSpace(Buf b, long ms) {
        second(ms);
        return b.put(secondSpace);
    }

    private Buf timeT(Buf b, long ms) {
        second(ms);
        return b.put(secondT);
    }

    private void second(long ms) {
        long s = Math.floorDiv(ms, 1000);
        if (s != cachedSecond) {
            cachedSecond = s;
            String text = LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC).toString(); // 2026-12-01T00:00 or :ss
            if (text.length() == 16) {
                text += ":00";
            }
            secondT = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            secondSpace = text.replace('T', ' ').getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    // ---------------------------------------------------------------- field writers

    private abstract class Fields {
        final Buf b;

        Fields(Buf b) {
            this.b = b;
        }

        abstract void start(String name);

        abstract void end();

        void str(String name, String v) {
            start(name);
            value(v);
            end();
        }

        void value(String v) {
            b.a(v);
        }

        void num(String name, long v) {
            start(name);
            b.n(v);
            end();
        }

        void utc(String name, long ms) {
            start(name);
            timeSpace(b, ms).put((byte) '.').n(Math.floorMod(ms, 1000), 3);
            end();
        }

        void guid(String name, long x, long y) {
            start(name);
            b.put((byte) '{').hex(x >>> 32, 8).put((byte) '-').hex(x >>> 16, 4).put((byte) '-').hex(x, 4)
                    .put((byte) '-').hex(y >>> 48, 4).put((byte) '-').hex(y, 12).put((byte) '}');
            end();
        }
    }

    private final class XmlFields extends Fields {
        XmlFields(Buf b) {
            super(b);
        }

        @Override
        void start(String name) {
            b.a("<Data Name='").a(name).a("'>");
        }

        @Override
        void end() {
            b.a("</Data>");
        }

        @Override
        void value(String v) {
            if (v.indexOf('&') >= 0 || v.indexOf('<') >= 0 || v.indexOf('"') >= 0) {
                b.a(v.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;"));
            } else {
                b.a(v);
            }
        }
    }

    private final class JsonFields extends Fields {
        private final boolean dropEmpty;
        private boolean first = true;

        JsonFields(Buf b, boolean dropEmpty) {
            super(b);
            this.dropEmpty = dropEmpty;
        }

        @Override
        void str(String name, String v) {
            if (dropEmpty && v.isEmpty()) {
                return; // Winlogbeat leaves empty values out
            }
            super.str(name, v);
        }

        @Override
        void start(String name) {
            if (!first) {
                b.put((byte) ',');
            }
            first = false;
            b.put((byte) '"').a(name).a("\":\"");
        }

        @Override
        void end() {
            b.put((byte) '"');
        }

        @Override
        void value(String v) {
            b.j(v);
        }
    }

    /** Winlogbeat's {@code message}: "Name: value" lines, inside a JSON string. */
    private final class MessageFields extends Fields {
        MessageFields(Buf b) {
            super(b);
        }

        @Override
        void start(String name) {
            b.a("\\n").a(name).a(": ");
        }

        @Override
        void end() {}

        @Override
        void value(String v) {
            b.j(v);
        }
    }
}
