package dev.tunnelwatch.job.it;

/** Builds event lines for tests that generate their input. */
final class Events {

    private Events() {}

    /** A flat Sysmon JSON EID 3 event from host {@code dvc} at {@code utcTime}. */
    static String flat(String dvc, String utcTime, int srcPort, int destPort) {
        return "{\"EventID\":3,\"SourceName\":\"Microsoft-Windows-Sysmon\",\"Hostname\":\"" + dvc + "\","
                + "\"UtcTime\":\"" + utcTime + "\",\"Image\":\"C:\\\\cloudflared.exe\",\"User\":\"CORP\\\\svc\","
                + "\"Protocol\":\"tcp\",\"Initiated\":\"true\",\"SourceIp\":\"10.0.0.5\",\"SourcePort\":\"" + srcPort + "\","
                + "\"DestinationIp\":\"198.41.192.7\",\"DestinationPort\":\"" + destPort + "\",\"DestinationIsIpv6\":\"false\"}";
    }

    /** The same event as XmlWinEventLog. */
    static String xml(String dvc, String utcTime, int srcPort, int destPort) {
        return "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                + "<Provider Name='Microsoft-Windows-Sysmon'/><EventID>3</EventID><Computer>" + dvc + "</Computer>"
                + "<Channel>Microsoft-Windows-Sysmon/Operational</Channel></System><EventData>"
                + "<Data Name='UtcTime'>" + utcTime + "</Data><Data Name='Image'>C:\\cloudflared.exe</Data>"
                + "<Data Name='User'>CORP\\svc</Data><Data Name='Protocol'>tcp</Data><Data Name='Initiated'>true</Data>"
                + "<Data Name='SourceIp'>10.0.0.5</Data><Data Name='SourcePort'>" + srcPort + "</Data>"
                + "<Data Name='DestinationIp'>198.41.192.7</Data><Data Name='DestinationPort'>" + destPort + "</Data>"
                + "<Data Name='DestinationIsIpv6'>false</Data></EventData></Event>";
    }
}
