package dev.tunnelwatch.connectors.decode;

import static dev.tunnelwatch.connectors.decode.Decoding.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.connectors.record.DeadLetterReason;
import dev.tunnelwatch.connectors.record.DecodeResult;
import dev.tunnelwatch.connectors.record.SysmonNetworkConnect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** XmlWinEventLog decoding (spec section 2) and its values (section 3). */
class RecordDecoderXmlTest {

    @Test
    void decodesEveryReadField() {
        assertThat(sysmon(XML)).isEqualTo(expectedBase());
    }

    @Test
    void leadingSpecWhitespaceAndXmlDeclarationAreAccepted() {
        assertThat(sysmon(" \t" + XML)).isEqualTo(expectedBase());
        assertThat(sysmon("<?xml version='1.0' encoding='UTF-8'?>" + XML)).isEqualTo(expectedBase());
        assertThat(sysmon("<?xml version=\"1.0\" standalone=\"yes\"?>\n<!-- exported -->\n" + XML + "\r\n"))
                .isEqualTo(expectedBase());
    }

    @Test
    void absentFieldsAreNullAndEmptyElementsAreEmpty() {
        SysmonNetworkConnect e = sysmon(xmlEvent(SYSMON_PROVIDER + EID3 + "<Computer/>",
                UTC + data("DestinationPort", "7844") + "<Data Name='DestinationHostname'/>"
                        + "<Data Name='SourceHostname'></Data>"));
        assertThat(e).isEqualTo(new SysmonNetworkConnect(UTC_TIME_MILLIS, "", null, null, null, null, null, "",
                null, null, "", "7844", null));
    }

    @Test
    void valuesAreKeptExactlyWithoutTrimming() {
        SysmonNetworkConnect e = sysmon(xmlEvent(SYSMON_PROVIDER + EID3 + "<Computer> ws-01 </Computer>",
                UTC + data("Image", "  C:\\x y\\Z.exe\t") + data("User", "corp\\Svc") + data("Protocol", "TCP")
                        + data("DestinationPort", " 07844 ")));
        assertThat(e.computer()).isEqualTo(" ws-01 ");
        assertThat(e.image()).isEqualTo("  C:\\x y\\Z.exe\t");
        assertThat(e.user()).isEqualTo("corp\\Svc");
        assertThat(e.protocol()).isEqualTo("TCP");
        assertThat(e.destinationPort()).isEqualTo(" 07844 ");
    }

    @Test
    void characterReferencesAndEntitiesAreDecoded() {
        assertThat(sysmon(xmlWithPort("&#55;844")).destinationPort()).isEqualTo("7844");
        assertThat(sysmon(xmlWithPort("&#x37;&#x38;&#x34;&#x34;")).destinationPort()).isEqualTo("7844");
        assertThat(sysmon(xmlWithPort("&#0000055;844")).destinationPort()).isEqualTo("7844");
        // only a lowercase x introduces a hexadecimal reference
        assertThat(rejected(xmlWithPort("&#X37;844"))).isEqualTo(DeadLetterReason.MALFORMED_XML);
        assertThat(sysmon(xmlWithPort("<![CDATA[78]]>44")).destinationPort()).isEqualTo("7844");
        assertThat(sysmon(xmlWithPort("78<!-- split -->44")).destinationPort()).isEqualTo("7844");
        SysmonNetworkConnect e = sysmon(xmlEvent(SYSMON_PROVIDER + EID3 + "<Computer>R&amp;D-01</Computer>",
                UTC + data("Image", "&lt;a&gt; &quot;b&quot; &apos;c&apos; &amp;amp;")
                        + data("User", "CORP&#92;svc") + data("DestinationHostname", "&#x1F600;.example")));
        assertThat(e.computer()).isEqualTo("R&D-01");
        assertThat(e.image()).isEqualTo("<a> \"b\" 'c' &amp;");
        assertThat(e.user()).isEqualTo("CORP\\svc");
        assertThat(e.destinationHostname()).isEqualTo("\uD83D\uDE00.example");
    }

    @Test
    void characterReferencesInAttributesAreDecoded() {
        // Name='Destination&#x50;ort' is the attribute value DestinationPort
        String record = xmlEvent(provider("Microsoft-Windows-Sysmo&#110;") + "<EventID>&#51;</EventID>"
                        + "<TimeCreated SystemTime='2024-05-01T12:00:00&#46;5Z'/>",
                "<Data Name='Destination&#x50;ort'>7844</Data>");
        SysmonNetworkConnect e = sysmon(record);
        assertThat(e.destinationPort()).isEqualTo("7844");
        assertThat(e.eventTime()).isEqualTo(NOON_MILLIS + 500);
    }

    @Test
    void elementsAreMatchedByLocalNameWhateverTheirNamespace() {
        String record = "<e:Event xmlns:e='" + NS + "' xmlns:o='urn:other'><o:System>"
                + "<e:Provider Name='Microsoft-Windows-Sysmon'/><o:EventID>3</o:EventID>"
                + "<Computer xmlns='urn:third'>WS-02</Computer></o:System>"
                + "<EventData xmlns=''><o:Data Name='DestinationPort'>7844</o:Data>"
                + "<e:Data Name='UtcTime'>2024-05-01 12:00:00.123</e:Data></EventData></e:Event>";
        SysmonNetworkConnect e = sysmon(record);
        assertThat(e.computer()).isEqualTo("WS-02");
        assertThat(e.destinationPort()).isEqualTo("7844");
        assertThat(e.eventTime()).isEqualTo(UTC_TIME_MILLIS);
    }

    @Test
    void nameAndSystemTimeAttributesHaveNoNamespace() {
        String record = "<Event xmlns='" + NS + "' xmlns:x='urn:x'><System>" + SYSMON_PROVIDER + EID3
                + "<TimeCreated x:SystemTime='2030-01-01T00:00:00Z' SystemTime='2024-05-01T12:00:00Z'/>"
                + "</System><EventData>"
                + "<Data x:Name='DestinationPort'>443</Data>"
                + "<Data x:Name='Image' Name='DestinationPort'>7844</Data>"
                + "</EventData></Event>";
        SysmonNetworkConnect e = sysmon(record);
        assertThat(e.destinationPort()).isEqualTo("7844");
        assertThat(e.image()).isNull();
        assertThat(e.eventTime()).isEqualTo(NOON_MILLIS);
    }

    @Test
    void onlyDataDirectlyUnderEventDataAndSystemChildrenAreRead() {
        String record = "<Event xmlns='" + NS + "'><System>" + SYSMON_PROVIDER + EID3
                + "<Security><Computer>nested</Computer></Security></System>"
                + "<UserData><Data Name='DestinationPort'>443</Data></UserData>"
                + "<EventData><Data Name='DestinationPort'>7844</Data>" + UTC
                + "<Group><Data Name='DestinationPort'>80</Data></Group></EventData></Event>";
        SysmonNetworkConnect e = sysmon(record);
        assertThat(e.computer()).isNull();
        assertThat(e.destinationPort()).isEqualTo("7844");
    }

    @Test
    void xml11DeclarationIsReadAs10() {
        assertThat(sysmon("<?xml version='1.1'?>" + XML)).isEqualTo(expectedBase());
        assertThat(sysmon("<?xml version=\"1.1\" encoding=\"UTF-8\"?>" + XML)).isEqualTo(expectedBase());
        assertThat(sysmon("<?xml version='1.5'?>" + XML)).isEqualTo(expectedBase());
        assertThat(sysmon("<?xml version = \"1.1\" ?>" + XML)).isEqualTo(expectedBase());
        assertThat(sysmon("<?xml\tversion='1.1'\nencoding='utf-8'?>\n" + XML)).isEqualTo(expectedBase());
    }

    @Test
    void xml11OnlyFeaturesAreNotHonoured() {
        // In XML 1.1 NEL (U+0085) is a line end, normalised to LF; in 1.0 it is an ordinary character.
        String nel = xmlEvent(SYSTEM, UTC + data("Image", "a\u0085b") + PORT);
        assertThat(sysmon("<?xml version='1.1'?>" + nel).image()).isEqualTo("a\u0085b");
        assertThat(sysmon(nel).image()).isEqualTo("a\u0085b");
        // &#x1; is allowed in XML 1.1 only.
        String control = xmlEvent(SYSTEM, UTC + data("Image", "a&#x1;b") + PORT);
        assertThat(rejected("<?xml version='1.1'?>" + control)).isEqualTo(DeadLetterReason.MALFORMED_XML);
        assertThat(rejected(control)).isEqualTo(DeadLetterReason.MALFORMED_XML);
    }

    // ---- event ID ----

    @ParameterizedTest(name = "[{index}] EventID \"{0}\" counts")
    @ValueSource(strings = {"3", "03", "0003", " 3 ", "\t3\r\n", "&#51;", "<![CDATA[3]]>"})
    void eventIdThree(String id) {
        String record = xmlEvent(SYSMON_PROVIDER + "<EventID Qualifiers=''>" + id + "</EventID>", DATA);
        assertThat(sysmon(record).destinationPort()).isEqualTo("7844");
    }

    @ParameterizedTest(name = "[{index}] EventID \"{0}\" is skipped")
    @ValueSource(strings = {"1", "30", "3.0", "3a", "+3", "-3", "", " ", "\u0663", "\uFF13", "3 3", "0"})
    void otherEventIdsAreSkipped(String id) {
        assertSkipped(xmlEvent(SYSMON_PROVIDER + "<EventID>" + id + "</EventID>", DATA));
    }

    @Test
    void absentEventIdIsSkipped() {
        assertSkipped(xmlEvent(SYSMON_PROVIDER + TIME_CREATED + CHANNEL + COMPUTER, DATA));
        assertSkipped("<Event xmlns='" + NS + "'/>");
        assertSkipped("<Event/>");
    }

    @Test
    void skippedRecordsNeedNoTime() {
        // the no-usable-time rule applies only to records that count
        assertSkipped(xmlEvent(SYSMON_PROVIDER + "<EventID>1</EventID>", data("UtcTime", "garbage")));
        assertSkipped(xmlEvent(SYSMON_PROVIDER + "<EventID>1</EventID>", data("UtcTime", "1601-01-01 00:00:00")));
        assertSkipped(xmlEvent(provider("Microsoft-Windows-Security-Auditing") + EID3, PORT));
    }

    // ---- provider and channel ----

    @Test
    void providerDecides() {
        assertThat(sysmon(xmlEvent(SYSMON_PROVIDER + EID3 + "<Channel>Security</Channel>", DATA)).destinationPort())
                .isEqualTo("7844");
        assertSkipped(xmlEvent(provider("Microsoft-Windows-Security-Auditing") + EID3 + CHANNEL, DATA));
        assertSkipped(xmlEvent(provider("Microsoft-Windows-Sysmon-Fake") + EID3, DATA));
        assertSkipped(xmlEvent(provider(" Microsoft-Windows-Sysmon") + EID3, DATA));
    }

    @Test
    void providerComparisonFoldsAsciiCaseOnly() {
        assertThat(sysmon(xmlEvent(provider("MICROSOFT-WINDOWS-SYSMON") + EID3, DATA)).destinationPort())
                .isEqualTo("7844");
        assertThat(sysmon(xmlEvent(provider("microsoft-windows-sysmon") + EID3, DATA)).destinationPort())
                .isEqualTo("7844");
        assertSkipped(xmlEvent(provider("Micro\u017Foft-Windows-Sysmon") + EID3, DATA));
        assertSkipped(xmlEvent(provider("M\u0131crosoft-Windows-Sysmon") + EID3, DATA));
        assertSkipped(xmlEvent(provider("M\u0130crosoft-Windows-Sysmon") + EID3, DATA));
    }

    @Test
    void forwardedEventsWithSysmonProviderCount() {
        String record = xmlEvent(SYSMON_PROVIDER + EID3 + "<Channel>ForwardedEvents</Channel>" + COMPUTER, DATA);
        assertThat(sysmon(record)).isEqualTo(expectedBase());
    }

    @Test
    void channelDecidesWhenThereIsNoProvider() {
        assertThat(sysmon(xmlEvent(EID3 + CHANNEL + COMPUTER, DATA))).isEqualTo(expectedBase());
        assertThat(sysmon(xmlEvent(EID3 + "<Channel>MICROSOFT-WINDOWS-SYSMON/operational</Channel>", DATA))
                .destinationPort()).isEqualTo("7844");
        assertSkipped(xmlEvent(EID3 + "<Channel>ForwardedEvents</Channel>", DATA));
        assertSkipped(xmlEvent(EID3 + "<Channel>Security</Channel>", DATA));
        assertSkipped(xmlEvent(EID3 + "<Channel>Micro\u017Foft-Windows-Sysmon/Operational</Channel>", DATA));
        // a Provider element without a Name attribute is no provider name
        assertSkipped(xmlEvent("<Provider Guid='{x}'/>" + EID3 + "<Channel>Security</Channel>", DATA));
        assertThat(sysmon(xmlEvent("<Provider Guid='{x}'/>" + EID3 + CHANNEL, DATA)).destinationPort())
                .isEqualTo("7844");
    }

    @Test
    void neitherProviderNorChannelIsAccepted() {
        assertThat(sysmon(xmlEvent(EID3 + COMPUTER, DATA))).isEqualTo(expectedBase());
    }

    // ---- time ----

    @Test
    void utcTimeIsUsedFirst() {
        assertThat(sysmon(XML).eventTime()).isEqualTo(UTC_TIME_MILLIS);
    }

    @ParameterizedTest(name = "[{index}] UtcTime \"{0}\" falls back to SystemTime")
    @ValueSource(strings = {"", "garbage", "2024-05-01 24:00:00", "2024-05-01T12:00:00z", "1700000000"})
    void unparsableUtcTimeFallsBackToSystemTime(String utcTime) {
        String record = xmlEvent(SYSTEM, data("UtcTime", utcTime) + FIELDS_WITHOUT_TIME_AND_PORT + PORT);
        assertThat(sysmon(record).eventTime()).isEqualTo(NOON_MILLIS + 500);
    }

    @Test
    void missingUtcTimeFallsBackToSystemTimeTruncated() {
        String record = xmlEvent(SYSMON_PROVIDER + EID3
                + "<TimeCreated SystemTime='2022-09-15T12:56:22.958249300Z'/>", PORT);
        assertThat(sysmon(record).eventTime()).isEqualTo(1_663_246_582_958L);
    }

    @Test
    void outOfRangeUtcTimeIsADeadLetterEvenWithAGoodSystemTime() {
        for (String utc : new String[] {"1969-12-31 23:59:59.999", "0001-01-01 00:00:00.000",
                "9999-12-31 23:30:00-01:00"}) {
            String record = xmlEvent(SYSTEM, data("UtcTime", utc) + PORT);
            assertThat(rejected(record)).as(utc).isEqualTo(DeadLetterReason.NO_USABLE_TIME);
        }
    }

    @Test
    void noUsableTimeIsADeadLetter() {
        assertThat(rejected(xmlEvent(SYSMON_PROVIDER + EID3, PORT))).isEqualTo(DeadLetterReason.NO_USABLE_TIME);
        assertThat(rejected(xmlEvent(SYSMON_PROVIDER + EID3 + "<TimeCreated SystemTime='yesterday'/>",
                data("UtcTime", "today") + PORT))).isEqualTo(DeadLetterReason.NO_USABLE_TIME);
        assertThat(rejected(xmlEvent(SYSMON_PROVIDER + EID3 + "<TimeCreated SystemTime='1601-01-01T00:00:00Z'/>",
                PORT))).isEqualTo(DeadLetterReason.NO_USABLE_TIME);
        // a TimeCreated element without the attribute holds no time
        assertThat(rejected(xmlEvent(SYSMON_PROVIDER + EID3 + "<TimeCreated/>", PORT)))
                .isEqualTo(DeadLetterReason.NO_USABLE_TIME);
    }

    // ---- DOCTYPE look-alikes that are not DTDs ----

    @Test
    void commentOrCdataContainingDoctypeIsNotADtd() {
        String comment = "<!-- <!DOCTYPE Event [<!ENTITY x SYSTEM 'file:///etc/passwd'>]> -->" + XML;
        assertThat(sysmon(comment)).isEqualTo(expectedBase());
        String cdata = xmlEvent(SYSTEM, UTC + data("Image", "<![CDATA[<!DOCTYPE Event>]]>") + PORT);
        assertThat(sysmon(cdata).image()).isEqualTo("<!DOCTYPE Event>");
        String escaped = xmlEvent(SYSTEM, UTC + data("Image", "&lt;!DOCTYPE Event&gt;") + PORT);
        assertThat(sysmon(escaped).image()).isEqualTo("<!DOCTYPE Event>");
        String pi = "<?note <!DOCTYPE Event>?>" + XML;
        assertThat(sysmon(pi)).isEqualTo(expectedBase());
    }

    @Test
    void decodeResultIsDecodedForTheBaseRecord() {
        assertThat(decode(XML)).isEqualTo(new DecodeResult.Decoded(expectedBase()));
    }
}
