package dev.tunnelwatch.connectors.decode;

import java.util.List;

/**
 * Verbatim copies of the public samples in {@code /work/shared/data/public/} (see SOURCES.md there),
 * kept here so that the tests do not depend on files outside the repository.
 */
final class PublicSamples {

    private PublicSamples() {}

    /** {@code sysmon_eid3_security_content_example.xml}, without its trailing newline. */
    static final String SECURITY_CONTENT_XML =
            "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microso" +
            "ft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/><EventID>3</EventID><Version>5</Ve" +
            "rsion><Level>4</Level><Task>3</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCr" +
            "eated SystemTime='2022-09-15T12:56:22.958249300Z'/><EventRecordID>156837</EventRecordID><Correlation" +
            "/><Execution ProcessID='2684' ThreadID='1380'/><Channel>Microsoft-Windows-Sysmon/Operational</Channe" +
            "l><Computer>win-dc-ctus-attack-range-403.attackrange.local</Computer><Security UserID='S-1-5-18'/></" +
            "System><EventData><Data Name='RuleName'>-</Data><Data Name='UtcTime'>2022-09-15 12:56:19.679</Data><" +
            "Data Name='ProcessGuid'>{6820D070-1F1B-6323-E113-000000007402}</Data><Data Name='ProcessId'>5728</Da" +
            "ta><Data Name='Image'>C:\\Temp\\agent_tesla-deob.exe</Data><Data Name='User'>ATTACKRANGE\\Administrator" +
            "</Data><Data Name='Protocol'>tcp</Data><Data Name='Initiated'>true</Data><Data Name='SourceIsIpv6'>f" +
            "alse</Data><Data Name='SourceIp'>10.0.1.14</Data><Data Name='SourceHostname'>win-dc-ctus-attack-rang" +
            "e-403.attackrange.local</Data><Data Name='SourcePort'>61722</Data><Data Name='SourcePortName'>-</Dat" +
            "a><Data Name='DestinationIsIpv6'>false</Data><Data Name='DestinationIp'>41.77.117.236</Data><Data Na" +
            "me='DestinationHostname'>youssef5.genious.net</Data><Data Name='DestinationPort'>21</Data><Data Name" +
            "='DestinationPortName'>ftp</Data></EventData></Event>";

    /** The lines of {@code winlogbeat_sysmon_eid3.jsonl} (records 8, 9, 10, 11 and 13), in order. */
    static final List<String> WINLOGBEAT_LINES = List.of(
            "{\"@timestamp\": \"2019-03-18T16:57:49.0897231Z\", \"event\": {\"action\": \"Network connection detected (rul" +
            "e: NetworkConnect)\", \"code\": \"3\", \"kind\": \"event\", \"provider\": \"Microsoft-Windows-Sysmon\"}, \"host\": " +
            "{\"name\": \"vagrant-2012-r2\"}, \"message\": \"Network connection detected:\\nRuleName: \\nUtcTime: 2019-03-" +
            "18 16:57:47.847\\nProcessGuid: {42F11C3B-0BAD-5C8C-0000-0010DFBC0000}\\nProcessId: 924\\nImage: C:\\\\Win" +
            "dows\\\\System32\\\\svchost.exe\\nUser: NT AUTHORITY\\\\NETWORK SERVICE\\nProtocol: udp\\nInitiated: true\\nSo" +
            "urceIsIpv6: true\\nSourceIp: a00:20f:0:0:18a2:6e00:e0:ffff\\nSourceHostname: \\nSourcePort: 62141\\nSour" +
            "cePortName: \\nDestinationIsIpv6: true\\nDestinationIp: a00:203:3000:3000:3000:3000:3000:3300\\nDestina" +
            "tionHostname: \\nDestinationPort: 53\\nDestinationPortName: domain\", \"winlog\": {\"channel\": \"Microsoft-" +
            "Windows-Sysmon/Operational\", \"computer_name\": \"vagrant-2012-r2\", \"event_data\": {\"DestinationIp\": \"a0" +
            "0:203:3000:3000:3000:3000:3000:3300\", \"DestinationIsIpv6\": \"true\", \"DestinationPort\": \"53\", \"Destina" +
            "tionPortName\": \"domain\", \"Image\": \"C:\\\\Windows\\\\System32\\\\svchost.exe\", \"Initiated\": \"true\", \"Proces" +
            "sGuid\": \"{42F11C3B-0BAD-5C8C-0000-0010DFBC0000}\", \"ProcessId\": \"924\", \"Protocol\": \"udp\", \"SourceIp\":" +
            " \"a00:20f:0:0:18a2:6e00:e0:ffff\", \"SourceIsIpv6\": \"true\", \"SourcePort\": \"62141\", \"User\": \"NT AUTHORI" +
            "TY\\\\NETWORK SERVICE\", \"UtcTime\": \"2019-03-18 16:57:47.847\"}, \"event_id\": \"3\", \"provider_name\": \"Micr" +
            "osoft-Windows-Sysmon\", \"record_id\": 8, \"version\": 5}}",
            "{\"@timestamp\": \"2019-03-18T16:57:49.0897231Z\", \"event\": {\"action\": \"Network connection detected (rul" +
            "e: NetworkConnect)\", \"code\": \"3\", \"kind\": \"event\", \"provider\": \"Microsoft-Windows-Sysmon\"}, \"host\": " +
            "{\"name\": \"vagrant-2012-r2\"}, \"message\": \"Network connection detected:\\nRuleName: \\nUtcTime: 2019-03-" +
            "18 16:57:48.070\\nProcessGuid: {42F11C3B-0BAD-5C8C-0000-0010DFBC0000}\\nProcessId: 924\\nImage: C:\\\\Win" +
            "dows\\\\System32\\\\svchost.exe\\nUser: NT AUTHORITY\\\\NETWORK SERVICE\\nProtocol: udp\\nInitiated: false\\nS" +
            "ourceIsIpv6: false\\nSourceIp: 10.0.2.15\\nSourceHostname: vagrant-2012-r2.local.crowbird.com\\nSourceP" +
            "ort: 62141\\nSourcePortName: \\nDestinationIsIpv6: false\\nDestinationIp: 10.0.2.3\\nDestinationHostname" +
            ": \\nDestinationPort: 53\\nDestinationPortName: domain\", \"winlog\": {\"channel\": \"Microsoft-Windows-Sysm" +
            "on/Operational\", \"computer_name\": \"vagrant-2012-r2\", \"event_data\": {\"DestinationIp\": \"10.0.2.3\", \"De" +
            "stinationIsIpv6\": \"false\", \"DestinationPort\": \"53\", \"DestinationPortName\": \"domain\", \"Image\": \"C:\\\\W" +
            "indows\\\\System32\\\\svchost.exe\", \"Initiated\": \"false\", \"ProcessGuid\": \"{42F11C3B-0BAD-5C8C-0000-0010D" +
            "FBC0000}\", \"ProcessId\": \"924\", \"Protocol\": \"udp\", \"SourceHostname\": \"vagrant-2012-r2.local.crowbird." +
            "com\", \"SourceIp\": \"10.0.2.15\", \"SourceIsIpv6\": \"false\", \"SourcePort\": \"62141\", \"User\": \"NT AUTHORITY" +
            "\\\\NETWORK SERVICE\", \"UtcTime\": \"2019-03-18 16:57:48.070\"}, \"event_id\": \"3\", \"provider_name\": \"Micros" +
            "oft-Windows-Sysmon\", \"record_id\": 9, \"version\": 5}}",
            "{\"@timestamp\": \"2019-03-18T16:57:49.3405807Z\", \"event\": {\"action\": \"Network connection detected (rul" +
            "e: NetworkConnect)\", \"code\": \"3\", \"kind\": \"event\", \"provider\": \"Microsoft-Windows-Sysmon\"}, \"host\": " +
            "{\"name\": \"vagrant-2012-r2\"}, \"message\": \"Network connection detected:\\nRuleName: \\nUtcTime: 2019-03-" +
            "18 16:57:48.148\\nProcessGuid: {42F11C3B-CCAA-5C8F-0000-0010B4E22700}\\nProcessId: 1600\\nImage: C:\\\\Pr" +
            "ogram Files (x86)\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe\\nUser: VAGRANT-2012-R2\\\\vagrant\\nProtocol" +
            ": tcp\\nInitiated: true\\nSourceIsIpv6: false\\nSourceIp: 10.0.2.15\\nSourceHostname: vagrant-2012-r2.lo" +
            "cal.crowbird.com\\nSourcePort: 1138\\nSourcePortName: \\nDestinationIsIpv6: false\\nDestinationIp: 40.77" +
            ".226.250\\nDestinationHostname: \\nDestinationPort: 443\\nDestinationPortName: https\", \"winlog\": {\"chan" +
            "nel\": \"Microsoft-Windows-Sysmon/Operational\", \"computer_name\": \"vagrant-2012-r2\", \"event_data\": {\"De" +
            "stinationIp\": \"40.77.226.250\", \"DestinationIsIpv6\": \"false\", \"DestinationPort\": \"443\", \"DestinationP" +
            "ortName\": \"https\", \"Image\": \"C:\\\\Program Files (x86)\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe\", \"Ini" +
            "tiated\": \"true\", \"ProcessGuid\": \"{42F11C3B-CCAA-5C8F-0000-0010B4E22700}\", \"ProcessId\": \"1600\", \"Prot" +
            "ocol\": \"tcp\", \"SourceHostname\": \"vagrant-2012-r2.local.crowbird.com\", \"SourceIp\": \"10.0.2.15\", \"Sour" +
            "ceIsIpv6\": \"false\", \"SourcePort\": \"1138\", \"User\": \"VAGRANT-2012-R2\\\\vagrant\", \"UtcTime\": \"2019-03-18" +
            " 16:57:48.148\"}, \"event_id\": \"3\", \"provider_name\": \"Microsoft-Windows-Sysmon\", \"record_id\": 10, \"ver" +
            "sion\": 5}}",
            "{\"@timestamp\": \"2019-03-18T16:57:49.3405807Z\", \"event\": {\"action\": \"Network connection detected (rul" +
            "e: NetworkConnect)\", \"code\": \"3\", \"kind\": \"event\", \"provider\": \"Microsoft-Windows-Sysmon\"}, \"host\": " +
            "{\"name\": \"vagrant-2012-r2\"}, \"message\": \"Network connection detected:\\nRuleName: \\nUtcTime: 2019-03-" +
            "18 16:57:48.214\\nProcessGuid: {42F11C3B-CCAA-5C8F-0000-0010B4E22700}\\nProcessId: 1600\\nImage: C:\\\\Pr" +
            "ogram Files (x86)\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe\\nUser: VAGRANT-2012-R2\\\\vagrant\\nProtocol" +
            ": tcp\\nInitiated: true\\nSourceIsIpv6: false\\nSourceIp: 10.0.2.15\\nSourceHostname: vagrant-2012-r2.lo" +
            "cal.crowbird.com\\nSourcePort: 1139\\nSourcePortName: \\nDestinationIsIpv6: false\\nDestinationIp: 40.77" +
            ".226.250\\nDestinationHostname: \\nDestinationPort: 443\\nDestinationPortName: https\", \"winlog\": {\"chan" +
            "nel\": \"Microsoft-Windows-Sysmon/Operational\", \"computer_name\": \"vagrant-2012-r2\", \"event_data\": {\"De" +
            "stinationIp\": \"40.77.226.250\", \"DestinationIsIpv6\": \"false\", \"DestinationPort\": \"443\", \"DestinationP" +
            "ortName\": \"https\", \"Image\": \"C:\\\\Program Files (x86)\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe\", \"Ini" +
            "tiated\": \"true\", \"ProcessGuid\": \"{42F11C3B-CCAA-5C8F-0000-0010B4E22700}\", \"ProcessId\": \"1600\", \"Prot" +
            "ocol\": \"tcp\", \"SourceHostname\": \"vagrant-2012-r2.local.crowbird.com\", \"SourceIp\": \"10.0.2.15\", \"Sour" +
            "ceIsIpv6\": \"false\", \"SourcePort\": \"1139\", \"User\": \"VAGRANT-2012-R2\\\\vagrant\", \"UtcTime\": \"2019-03-18" +
            " 16:57:48.214\"}, \"event_id\": \"3\", \"provider_name\": \"Microsoft-Windows-Sysmon\", \"record_id\": 11, \"ver" +
            "sion\": 5}}",
            "{\"@timestamp\": \"2019-03-18T16:57:49.3405807Z\", \"event\": {\"action\": \"Network connection detected (rul" +
            "e: NetworkConnect)\", \"code\": \"3\", \"kind\": \"event\", \"provider\": \"Microsoft-Windows-Sysmon\"}, \"host\": " +
            "{\"name\": \"vagrant-2012-r2\"}, \"message\": \"Network connection detected:\\nRuleName: \\nUtcTime: 2019-03-" +
            "18 16:57:48.250\\nProcessGuid: {42F11C3B-6E19-5C8C-0000-0010EB030000}\\nProcessId: 4\\nImage: System\\nU" +
            "ser: NT AUTHORITY\\\\SYSTEM\\nProtocol: udp\\nInitiated: false\\nSourceIsIpv6: false\\nSourceIp: 10.0.2.25" +
            "5\\nSourceHostname: \\nSourcePort: 137\\nSourcePortName: netbios-ns\\nDestinationIsIpv6: false\\nDestinat" +
            "ionIp: 10.0.2.15\\nDestinationHostname: vagrant-2012-r2.local.crowbird.com\\nDestinationPort: 137\\nDes" +
            "tinationPortName: netbios-ns\", \"winlog\": {\"channel\": \"Microsoft-Windows-Sysmon/Operational\", \"comput" +
            "er_name\": \"vagrant-2012-r2\", \"event_data\": {\"DestinationHostname\": \"vagrant-2012-r2.local.crowbird.c" +
            "om\", \"DestinationIp\": \"10.0.2.15\", \"DestinationIsIpv6\": \"false\", \"DestinationPort\": \"137\", \"Destinat" +
            "ionPortName\": \"netbios-ns\", \"Image\": \"System\", \"Initiated\": \"false\", \"ProcessGuid\": \"{42F11C3B-6E19-" +
            "5C8C-0000-0010EB030000}\", \"ProcessId\": \"4\", \"Protocol\": \"udp\", \"SourceIp\": \"10.0.2.255\", \"SourceIsIp" +
            "v6\": \"false\", \"SourcePort\": \"137\", \"SourcePortName\": \"netbios-ns\", \"User\": \"NT AUTHORITY\\\\SYSTEM\", \"" +
            "UtcTime\": \"2019-03-18 16:57:48.250\"}, \"event_id\": \"3\", \"provider_name\": \"Microsoft-Windows-Sysmon\", " +
            "\"record_id\": 13, \"version\": 5}}");
}
