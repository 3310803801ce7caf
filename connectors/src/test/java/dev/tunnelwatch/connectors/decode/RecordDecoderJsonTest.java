package dev.tunnelwatch.connectors.decode;

import static dev.tunnelwatch.connectors.decode.Decoding.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.connectors.record.CimNetworkTraffic;
import dev.tunnelwatch.connectors.record.DeadLetterReason;
import dev.tunnelwatch.connectors.record.DecodeResult;
import dev.tunnelwatch.connectors.record.SysmonNetworkConnect;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three JSON encodings (spec section 2) and their values (section 3). */
class RecordDecoderJsonTest {

    @Nested
    class Winlogbeat {

        @Test
        void decodesEveryReadField() {
            assertThat(sysmon(WINLOGBEAT)).isEqualTo(expectedBase());
        }

        @Test
        void eventIdFallsBackToEventCodeWhenEmpty() {
            String noId = j("{'@timestamp':'2024-05-01T12:00:00Z','event':{'code':'3'},"
                    + "'winlog':{'provider_name':'Microsoft-Windows-Sysmon','event_data':{" + JSON_DATA_MEMBERS + "}}}");
            assertThat(sysmon(noId).destinationPort()).isEqualTo("7844");
            String emptyId = j("{'@timestamp':'2024-05-01T12:00:00Z','event':{'code':3},"
                    + "'winlog':{'event_id':'','event_data':{" + JSON_DATA_MEMBERS + "}}}");
            assertThat(sysmon(emptyId).destinationPort()).isEqualTo("7844");
            String nullId = j("{'@timestamp':'2024-05-01T12:00:00Z','event':{'code':'03'},"
                    + "'winlog':{'event_id':null,'event_data':{" + JSON_DATA_MEMBERS + "}}}");
            assertThat(sysmon(nullId).destinationPort()).isEqualTo("7844");
            // winlog.event_id wins when not empty
            String otherId = j("{'@timestamp':'2024-05-01T12:00:00Z','event':{'code':'3'},"
                    + "'winlog':{'event_id':1,'event_data':{" + JSON_DATA_MEMBERS + "}}}");
            assertSkipped(otherId);
            // event that is not an object counts as absent
            String eventNotObject = j("{'@timestamp':'2024-05-01T12:00:00Z','event':'3',"
                    + "'winlog':{'event_data':{" + JSON_DATA_MEMBERS + "}}}");
            assertSkipped(eventNotObject);
        }

        @Test
        void computerFallsBackToHostNameWhenEmpty() {
            String empty = winlogbeat(JSON_DATA_MEMBERS, "", "").replace("\"computer_name\":\"WS-01\"",
                    "\"computer_name\":\"\"");
            assertThat(sysmon(empty).computer()).isEqualTo("host-from-host-name");
            String absent = winlogbeat(JSON_DATA_MEMBERS, "", "").replace("\"computer_name\":\"WS-01\",", "");
            assertThat(sysmon(absent).computer()).isEqualTo("host-from-host-name");
            String hostNotObject = j("{'@timestamp':'2024-05-01T12:00:00Z','host':'h',"
                    + "'winlog':{'event_id':3,'event_data':{" + JSON_DATA_MEMBERS + "}}}");
            assertThat(sysmon(hostNotObject).computer()).isNull();
        }

        @Test
        void jsonIntegerEventIdCounts() {
            String record = winlogbeat(JSON_DATA_MEMBERS, "", "").replace("\"event_id\":\"3\"", "\"event_id\":3");
            assertThat(sysmon(record)).isEqualTo(expectedBase());
        }

        @Test
        void timestampIsTheFallbackTime() {
            String record = winlogbeat(JSON_DATA_MEMBERS.replace("'UtcTime':'2024-05-01 12:00:00.123',", ""), "", "");
            // @timestamp 2024-05-01T12:00:01.9999999Z, truncated
            assertThat(sysmon(record).eventTime()).isEqualTo(NOON_MILLIS + 1999);
            String unparsable = winlogbeat(JSON_DATA_MEMBERS.replace("2024-05-01 12:00:00.123", "n/a"), "", "");
            assertThat(sysmon(unparsable).eventTime()).isEqualTo(NOON_MILLIS + 1999);
            String none = j("{'winlog':{'event_id':3,'event_data':{'DestinationPort':'7844'}}}");
            assertThat(rejected(none)).isEqualTo(DeadLetterReason.NO_USABLE_TIME);
            String outOfRange = winlogbeat(JSON_DATA_MEMBERS.replace("2024-05-01 12:00:00.123",
                    "1969-12-31 23:59:59.999"), "", "");
            assertThat(rejected(outOfRange)).isEqualTo(DeadLetterReason.NO_USABLE_TIME);
        }

        @Test
        void eventDataThatIsNotAnObjectCountsAsAbsent() {
            String record = j("{'@timestamp':'2024-05-01T12:00:00Z','winlog':{'event_id':3,'event_data':'x'}}");
            assertThat(sysmon(record)).isEqualTo(new SysmonNetworkConnect(NOON_MILLIS, null, null, null, null, null,
                    null, null, null, null, null, null, null));
        }

        @Test
        void winlogThatIsNotAnObjectCountsAsAbsent() {
            // not Winlogbeat, then: a flat record (it has EventID)
            String record = j("{'winlog':[1,2],'EventID':3,'Computer':'WS-01'," + JSON_DATA_MEMBERS + "}");
            assertThat(sysmon(record)).isEqualTo(expectedBase());
            String cimRecord = j("{'winlog':'x','_time':1714564800,'dest_port':'7844'}");
            assertThat(cim(cimRecord).destPort()).isEqualTo("7844");
        }

        @Test
        void topLevelSysmonNamesAreNotReadInWinlogbeat() {
            String record = winlogbeat(JSON_DATA_MEMBERS.replace("'DestinationPort':'7844'", "'SourcePort':'1'"),
                    "", ",'DestinationPort':'7844','EventData':{'DestinationPort':'7844'}");
            assertThat(rejected(record)).isEqualTo(DeadLetterReason.DUPLICATE_FIELD); // SourcePort twice
            String ok = winlogbeat(JSON_DATA_MEMBERS.replace(",'DestinationPort':'7844'", ""),
                    "", ",'DestinationPort':'7844','DestinationPort':'443'");
            assertThat(sysmon(ok).destinationPort()).isNull();
        }

        @Test
        void providerAndChannelRules() {
            String forwarded = winlogbeat(JSON_DATA_MEMBERS, "", "").replace(
                    "\"channel\":\"Microsoft-Windows-Sysmon/Operational\"", "\"channel\":\"ForwardedEvents\"");
            assertThat(sysmon(forwarded)).isEqualTo(expectedBase());
            String otherProvider = winlogbeat(JSON_DATA_MEMBERS, "", "").replace(
                    "\"provider_name\":\"Microsoft-Windows-Sysmon\"", "\"provider_name\":\"Microsoft-Windows-DNS\"");
            assertSkipped(otherProvider);
            String noProviderForwarded = forwarded.replace("\"provider_name\":\"Microsoft-Windows-Sysmon\",", "");
            assertSkipped(noProviderForwarded);
            String emptyProvider = winlogbeat(JSON_DATA_MEMBERS, "", "").replace(
                    "\"provider_name\":\"Microsoft-Windows-Sysmon\"", "\"provider_name\":\"\"");
            assertThat(sysmon(emptyProvider)).isEqualTo(expectedBase());
            String longS = winlogbeat(JSON_DATA_MEMBERS, "", "").replace(
                    "\"provider_name\":\"Microsoft-Windows-Sysmon\"", "\"provider_name\":\"Micro\u017Foft-Windows-Sysmon\"");
            assertSkipped(longS);
            String upper = winlogbeat(JSON_DATA_MEMBERS, "", "").replace(
                    "\"provider_name\":\"Microsoft-Windows-Sysmon\"", "\"provider_name\":\"MICROSOFT-windows-SYSMON\"");
            assertThat(sysmon(upper)).isEqualTo(expectedBase());
            // event.provider is not the provider name
            String eventProviderOnly = j("{'@timestamp':'2024-05-01T12:00:00Z','event':{'provider':'Other'},"
                    + "'winlog':{'event_id':3,'event_data':{'DestinationPort':'7844'}}}");
            assertThat(sysmon(eventProviderOnly).destinationPort()).isEqualTo("7844");
        }
    }

    @Nested
    class FlatSysmon {

        @Test
        void nxlogStyle() {
            assertThat(sysmon(NXLOG)).isEqualTo(expectedBase());
        }

        @Test
        void eventDataObjectStyle() {
            String record = j("{'EventID':3,'Computer':'WS-01','ProviderName':'Microsoft-Windows-Sysmon',"
                    + "'TimeCreated':'2024-05-01T12:00:00Z','EventData':{" + JSON_DATA_MEMBERS + "}}");
            assertThat(sysmon(record)).isEqualTo(expectedBase());
        }

        @Test
        void topLevelSysmonNamesAreNotReadWhenEventDataExists() {
            String record = j("{'EventID':3,'Computer':'WS-01','DestinationPort':'443','UtcTime':'2030-01-01 00:00:00',"
                    + "'Image':'top','TimeCreated':'2024-05-01T12:00:00Z','EventData':{'DestinationPort':'7844'}}");
            SysmonNetworkConnect e = sysmon(record);
            assertThat(e).isEqualTo(new SysmonNetworkConnect(NOON_MILLIS, "WS-01", null, null, null, null, null, null,
                    null, null, null, "7844", null));
            // so a duplicated top-level DestinationPort is not read, and is no problem
            String dup = j("{'EventID':3,'DestinationPort':'1','DestinationPort':'2','TimeCreated':'2024-05-01T12:00:00Z',"
                    + "'EventData':{'DestinationPort':'7844'}}");
            assertThat(sysmon(dup).destinationPort()).isEqualTo("7844");
        }

        @Test
        void eventDataThatIsNotAnObjectCountsAsAbsent() {
            String record = j("{'EventID':3,'Computer':'WS-01','EventData':'x'," + JSON_DATA_MEMBERS + "}");
            assertThat(sysmon(record)).isEqualTo(expectedBase());
            String arrayRecord = j("{'EventID':3,'Computer':'WS-01','EventData':[1]," + JSON_DATA_MEMBERS + "}");
            assertThat(sysmon(arrayRecord)).isEqualTo(expectedBase());
        }

        @Test
        void recognisedByDestinationPortAloneAtTopOrInEventData() {
            // no EventID: recognised as flat Sysmon JSON, then skipped as not event ID 3
            assertSkipped(j("{'DestinationPort':'7844','UtcTime':'2024-05-01 12:00:00'}"));
            assertSkipped(j("{'EventData':{'DestinationPort':'7844'},'_time':'2024-05-01T12:00:00Z'}"));
            // EventCode alone, even null, makes it flat Sysmon JSON
            assertSkipped(j("{'EventCode':null,'_time':1714564800,'dest_port':'7844'}"));
        }

        @Test
        void eventIdFallsBackToEventCodeWhenEmpty() {
            assertThat(sysmon(j("{'EventCode':'3'," + JSON_DATA_MEMBERS + "}")).destinationPort()).isEqualTo("7844");
            assertThat(sysmon(j("{'EventID':'','EventCode':3," + JSON_DATA_MEMBERS + "}")).destinationPort())
                    .isEqualTo("7844");
            assertThat(sysmon(j("{'EventID':null,'EventCode':'03'," + JSON_DATA_MEMBERS + "}")).destinationPort())
                    .isEqualTo("7844");
            assertSkipped(j("{'EventID':1,'EventCode':3," + JSON_DATA_MEMBERS + "}"));
        }

        @ParameterizedTest(name = "[{index}] EventID {0} counts")
        @ValueSource(strings = {"3", "'3'", "'03'", "' 3 '", "'\\t3\\r\\n'", "'\\u0033'", "'0003'"})
        void eventIdThree(String id) {
            assertThat(sysmon(j("{'EventID':" + id + "," + JSON_DATA_MEMBERS + "}")).destinationPort())
                    .isEqualTo("7844");
        }

        @ParameterizedTest(name = "[{index}] EventID {0} is skipped")
        @ValueSource(strings = {"3.0", "'3.0'", "3e0", "3E0", "'3a'", "'+3'", "-3", "'-3'", "30", "1", "true", "null",
            "''", "' '", "'\\u0663'", "'\uFF13'", "0"})
        void otherEventIdsAreSkipped(String id) {
            assertSkipped(j("{'EventID':" + id + "," + JSON_DATA_MEMBERS + "}"));
        }

        @Test
        void computerFallsBackToHostname() {
            assertThat(sysmon(j("{'EventID':3,'Computer':'','Hostname':'H'," + JSON_DATA_MEMBERS + "}")).computer())
                    .isEqualTo("H");
            assertThat(sysmon(j("{'EventID':3,'Computer':'C','Hostname':'H'," + JSON_DATA_MEMBERS + "}")).computer())
                    .isEqualTo("C");
            assertThat(sysmon(j("{'EventID':3,'Computer':null,'Hostname':'H'," + JSON_DATA_MEMBERS + "}")).computer())
                    .isEqualTo("H");
        }

        @Test
        void providerKeysInOrder() {
            String base = "'EventID':3," + JSON_DATA_MEMBERS;
            assertThat(sysmon(j("{" + base + ",'SourceName':'Microsoft-Windows-Sysmon','ProviderName':'X','Provider':'Y'}"))
                    .destinationPort()).isEqualTo("7844");
            assertSkipped(j("{" + base + ",'SourceName':'X','ProviderName':'Microsoft-Windows-Sysmon'}"));
            assertThat(sysmon(j("{" + base + ",'SourceName':'','ProviderName':'Microsoft-Windows-Sysmon','Provider':'Y'}"))
                    .destinationPort()).isEqualTo("7844");
            assertSkipped(j("{" + base + ",'SourceName':null,'ProviderName':'X','Provider':'Microsoft-Windows-Sysmon'}"));
            assertThat(sysmon(j("{" + base + ",'Provider':'microsoft-windows-sysmon'}")).destinationPort())
                    .isEqualTo("7844");
            assertSkipped(j("{" + base + ",'Provider':'Microsoft-Windows-Security-Auditing'}"));
        }

        @Test
        void channelDecidesWithoutProvider() {
            String base = "'EventID':3," + JSON_DATA_MEMBERS;
            assertThat(sysmon(j("{" + base + ",'Channel':'Microsoft-Windows-Sysmon/Operational'}")).destinationPort())
                    .isEqualTo("7844");
            assertSkipped(j("{" + base + ",'Channel':'ForwardedEvents'}"));
            assertSkipped(j("{" + base + ",'Channel':'Security'}"));
            assertThat(sysmon(j("{" + base + ",'Channel':'ForwardedEvents','SourceName':'Microsoft-Windows-Sysmon'}"))
                    .destinationPort()).isEqualTo("7844");
            assertSkipped(j("{" + base + ",'Channel':'Microsoft-Windows-Sysmon/Operational','SourceName':'Other'}"));
            assertThat(sysmon(j("{" + base + ",'Channel':''}")).destinationPort()).isEqualTo("7844");
            assertThat(sysmon(j("{" + base + "}")).destinationPort()).isEqualTo("7844");
        }

        @Test
        void timeFallbacksInOrder() {
            String data = JSON_DATA_MEMBERS.replace("'UtcTime':'2024-05-01 12:00:00.123',", "");
            String all = "'TimeCreated':'2024-05-01T12:00:01Z','@timestamp':'2024-05-01T12:00:02Z',"
                    + "'_time':'2024-05-01T12:00:03Z',";
            assertThat(sysmon(j("{'EventID':3," + all + JSON_DATA_MEMBERS + "}")).eventTime())
                    .isEqualTo(UTC_TIME_MILLIS);
            assertThat(sysmon(j("{'EventID':3," + all + data + "}")).eventTime()).isEqualTo(NOON_MILLIS + 1000);
            assertThat(sysmon(j("{'EventID':3,'@timestamp':'2024-05-01T12:00:02Z','_time':'2024-05-01T12:00:03Z',"
                    + data + "}")).eventTime()).isEqualTo(NOON_MILLIS + 2000);
            assertThat(sysmon(j("{'EventID':3,'TimeCreated':'','@timestamp':null,'_time':'2024-05-01T12:00:03Z',"
                    + data + "}")).eventTime()).isEqualTo(NOON_MILLIS + 3000);
            assertThat(sysmon(j("{'EventID':3,'UtcTime':'bad','_time':'2024-05-01 12:00:03',"
                    + data + "}")).eventTime()).isEqualTo(NOON_MILLIS + 3000);
            assertThat(rejected(j("{'EventID':3," + data + "}"))).isEqualTo(DeadLetterReason.NO_USABLE_TIME);
        }

        /**
         * Spec section 2: '"else" means "when the first is empty"', and section 3 lists the flat
         * fallbacks as "TimeCreated, else @timestamp, else _time": a TimeCreated that is present but
         * unparsable leaves no usable time; @timestamp is not consulted.
         */
        @Test
        void elseMeansWhenTheFirstIsEmpty_unparsableTimeCreatedDoesNotFallThrough() {
            String data = JSON_DATA_MEMBERS.replace("'UtcTime':'2024-05-01 12:00:00.123',", "");
            assertThat(rejected(j("{'EventID':3,'TimeCreated':'not a time','@timestamp':'2024-05-01T12:00:02Z',"
                    + data + "}"))).isEqualTo(DeadLetterReason.NO_USABLE_TIME);
        }

        @Test
        void epochSecondsAreNotAFlatTime() {
            String data = JSON_DATA_MEMBERS.replace("'UtcTime':'2024-05-01 12:00:00.123',", "");
            assertThat(rejected(j("{'EventID':3,'_time':1714564800," + data + "}")))
                    .isEqualTo(DeadLetterReason.NO_USABLE_TIME);
        }

        @Test
        void outOfRangeUtcTimeHasNoFallback() {
            String data = JSON_DATA_MEMBERS.replace("2024-05-01 12:00:00.123", "1969-12-31 23:59:59.999");
            assertThat(rejected(j("{'EventID':3,'TimeCreated':'2024-05-01T12:00:01Z'," + data + "}")))
                    .isEqualTo(DeadLetterReason.NO_USABLE_TIME);
        }

        @Test
        void skippedRecordsNeedNoTime() {
            assertSkipped(j("{'EventID':1,'SourceName':'Microsoft-Windows-Sysmon','Image':'x'}"));
            assertSkipped(j("{'EventID':3,'SourceName':'Other','DestinationPort':'7844','UtcTime':'0001-01-01 00:00:00'}"));
        }
    }

    @Nested
    class Values {

        @Test
        void numbersAreKeptAsTheirLiteralText() {
            SysmonNetworkConnect e = sysmon(j("{'EventID':3,'UtcTime':'2024-05-01 12:00:00.123',"
                    + "'DestinationPort':7844,'SourcePort':1.50,'Protocol':-0,'User':7.844e3,'Image':1E+2,"
                    + "'Computer':12345678901234567890123}"));
            assertThat(e.destinationPort()).isEqualTo("7844");
            assertThat(e.sourcePort()).isEqualTo("1.50");
            assertThat(e.protocol()).isEqualTo("-0");
            assertThat(e.user()).isEqualTo("7.844e3");
            assertThat(e.image()).isEqualTo("1E+2");
            assertThat(e.computer()).isEqualTo("12345678901234567890123");
        }

        @Test
        void booleansAndNull() {
            SysmonNetworkConnect e = sysmon(j("{'EventID':3,'UtcTime':'2024-05-01 12:00:00.123',"
                    + "'Initiated':true,'DestinationIsIpv6':false,'DestinationHostname':null,'DestinationPort':'7844'}"));
            assertThat(e.initiated()).isEqualTo("true");
            assertThat(e.destinationIsIpv6()).isEqualTo("false");
            assertThat(e.destinationHostname()).isNull();
            assertThat(e.sourceHostname()).isNull();
        }

        @Test
        void jsonEscapesAreDecoded() {
            SysmonNetworkConnect e = sysmon(j("{'EventID':'\\u0033','UtcTime':'2024-05-01 12:00:00.123',"
                    + "'DestinationPort':'\\u0037844','Image':'C:\\\\a\\/b\\t\\u00e9\\ud83d\\ude00',"
                    + "'User':'\\u0043ORP\\u005Csvc','DestinationHostname':'\\\"q\\\"'}"));
            assertThat(e.destinationPort()).isEqualTo("7844");
            assertThat(e.image()).isEqualTo("C:\\a/b\t\u00e9\uD83D\uDE00");
            assertThat(e.user()).isEqualTo("CORP\\svc");
            assertThat(e.destinationHostname()).isEqualTo("\"q\"");
        }

        @Test
        void escapedKeysAreDecodedToo() {
            SysmonNetworkConnect e = sysmon(j("{'\\u0045ventID':3,'UtcTime':'2024-05-01 12:00:00.123',"
                    + "'Destination\\u0050ort':'7844'}"));
            assertThat(e.destinationPort()).isEqualTo("7844");
        }

        @Test
        void rawNonAsciiIsKept() {
            SysmonNetworkConnect e = sysmon(j("{'EventID':3,'UtcTime':'2024-05-01 12:00:00.123',"
                    + "'Image':'C:\\\\\u041F\u0440\u043E\\\\\u5DE5\u5177\\\\\uD83D\uDE00.exe','DestinationPort':'\uFF17\uFF18\uFF14\uFF14'}"));
            assertThat(e.image()).isEqualTo("C:\\\u041F\u0440\u043E\\\u5DE5\u5177\\\uD83D\uDE00.exe");
            assertThat(e.destinationPort()).isEqualTo("\uFF17\uFF18\uFF14\uFF14");
        }

        @Test
        void leadingWhitespaceAndTrailingWhitespace() {
            assertThat(sysmon(" \t\r\n" + NXLOG + " \t\r\n")).isEqualTo(expectedBase());
        }

        @Test
        void unreadValuesMayBeAnything() {
            String record = j("{'EventID':3,'UtcTime':'2024-05-01 12:00:00.123','DestinationPort':'7844',"
                    + "'ProcessId':[1,2,{'a':[null,true,1.5e-3]}],'RuleName':{'x':{'y':{'z':[]}}},"
                    + "'Keywords':null,'Extra':'x','Extra':'y'}");
            assertThat(sysmon(record).destinationPort()).isEqualTo("7844");
        }
    }

    @Nested
    class Cim {

        @Test
        void decodesEveryCimField() {
            CimNetworkTraffic e = cim(j("{'_time':'2024-05-01T12:00:00Z','action':'allowed','app':'C:\\\\x.exe',"
                    + "'dest':'d','dest_ip':'1.1.1.1','dest_port':'07844','direction':'outbound','dvc':'WS-01',"
                    + "'protocol':'ip','protocol_version':'ipv4','src':'s','src_ip':'10.0.0.5','src_port':50123,"
                    + "'transport':'TCP','user':'CORP\\\\svc','vendor_product':'Microsoft Sysmon'}"));
            assertThat(e).isEqualTo(new CimNetworkTraffic(NOON_MILLIS, "allowed", "C:\\x.exe", "d", "1.1.1.1", "07844",
                    "outbound", "WS-01", "ip", "ipv4", "s", "10.0.0.5", "50123", "TCP", "CORP\\svc",
                    "Microsoft Sysmon"));
        }

        @Test
        void absentFieldsAreNull() {
            assertThat(cim(j("{'_time':'2024-05-01 12:00:00','dest_port':null}"))).isEqualTo(new CimNetworkTraffic(
                    NOON_MILLIS, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null));
        }

        @Test
        void prefixedKeyWinsWhenNotEmpty() {
            CimNetworkTraffic e = cim(j("{'_time':1714564800,'dest_port':'443','All_Traffic.dest_port':'7844',"
                    + "'All_Traffic.src':'','src':'plain-src','All_Traffic.dvc':null,'dvc':'plain-dvc',"
                    + "'All_Traffic.user':'prefixed-user','All_Traffic.app':7844}"));
            assertThat(e.destPort()).isEqualTo("7844");
            assertThat(e.src()).isEqualTo("plain-src");
            assertThat(e.dvc()).isEqualTo("plain-dvc");
            assertThat(e.user()).isEqualTo("prefixed-user");
            assertThat(e.app()).isEqualTo("7844");
        }

        @Test
        void recognisedByAnyPrefixedKey() {
            CimNetworkTraffic e = cim(j("{'All_Traffic.anything':1,'_time':'2024-05-01T12:00:00Z'}"));
            assertThat(e.eventTime()).isEqualTo(NOON_MILLIS);
            assertThat(rejected(j("{'All_Traffic.dest_port':'7844'}"))).isEqualTo(DeadLetterReason.NO_USABLE_TIME);
            assertThat(rejected(j("{'dest_port':'7844'}"))).isEqualTo(DeadLetterReason.NO_USABLE_TIME);
            assertThat(rejected(j("{'_time':null}"))).isEqualTo(DeadLetterReason.NO_USABLE_TIME);
        }

        @Test
        void epochTimes() {
            assertThat(cim(j("{'_time':1700000000,'dest_port':'7844'}")).eventTime()).isEqualTo(1_700_000_000_000L);
            assertThat(cim(j("{'_time':1700000000.9999,'dest_port':'7844'}")).eventTime())
                    .isEqualTo(1_700_000_000_999L);
            assertThat(cim(j("{'_time':'1700000000.5','dest_port':'7844'}")).eventTime())
                    .isEqualTo(1_700_000_000_500L);
            assertThat(cim(j("{'_time':' 1700000000 ','dest_port':'7844'}")).eventTime())
                    .isEqualTo(1_700_000_000_000L);
            // the epoch itself parses; only the default time range refuses it
            DecodeResult epoch = new RecordDecoder(DecodeLimits.defaults().withoutTimeRange())
                    .decode(j("{'_time':0,'dest_port':'7844'}").getBytes(UTF_8));
            assertThat(((CimNetworkTraffic) ((DecodeResult.Decoded) epoch).event()).eventTime()).isEqualTo(0L);
            assertThat(rejected(j("{'_time':0,'dest_port':'7844'}"))).isEqualTo(DeadLetterReason.TIME_OUT_OF_RANGE);
            assertThat(cim(j("{'_time':'2023-11-14T22:13:20Z','dest_port':'7844'}")).eventTime())
                    .isEqualTo(1_700_000_000_000L);
            assertThat(cim(j("{'_time':'2023-11-14 23:13:20.25+01:00','dest_port':'7844'}")).eventTime())
                    .isEqualTo(1_700_000_000_250L);
            assertThat(cim(j("{'All_Traffic._time':'2023-11-14T22:13:20Z','_time':'junk'}")).eventTime())
                    .isEqualTo(1_700_000_000_000L);
        }

        @ParameterizedTest(name = "[{index}] _time {0} is no usable time")
        @ValueSource(strings = {"-1", "'-1'", "'1e9'", "'12.'", "'.5'", "'yesterday'", "''", "true", "null",
            "253402300800", "'99999999999999999999999'", "'1969-12-31T23:59:59.999Z'",
            "'\u0661\u0667\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660'"})
        void badTimes(String time) {
            assertThat(rejected(j("{'_time':" + time + ",'dest_port':'7844'}")))
                    .isEqualTo(DeadLetterReason.NO_USABLE_TIME);
        }

        @Test
        void objectOfNoEncodingIsUnrecognised() {
            assertThat(rejected(j("{'foo':1}"))).isEqualTo(DeadLetterReason.UNRECOGNISED_RECORD);
            assertThat(rejected("{}")).isEqualTo(DeadLetterReason.UNRECOGNISED_RECORD);
            assertThat(rejected(j("{'time':'2024-05-01T12:00:00Z','DestPort':'7844','eventid':3,'All_traffic.x':1}")))
                    .isEqualTo(DeadLetterReason.UNRECOGNISED_RECORD);
            // keys below the top level do not make an encoding
            assertThat(rejected(j("{'x':{'EventID':3,'_time':1,'dest_port':'7844','winlog':{}}}")))
                    .isEqualTo(DeadLetterReason.UNRECOGNISED_RECORD);
        }
    }
}
