package dev.tunnelwatch.connectors.decode;

import static dev.tunnelwatch.connectors.decode.Decoding.*;
import static dev.tunnelwatch.connectors.record.DeadLetterReason.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records that {@link DecoderFuzzTest}, run against the Python oracle, showed to be read wrongly;
 * kept as fixed cases (testdata/events/fuzz-found.log holds them for the whole job too).
 */
class FuzzFoundTest {

    /**
     * The JDK parser accepted names starting with a colon as local names ({@code :Name}), against
     * Namespaces in XML: a second, ignored "Name" attribute could sit beside the read one.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "<Data :Name='DestinationPort'>443</Data>",
        "<:Data Name='DestinationPort'>443</:Data>",
        "<Data Name='RuleName' :='x'/>",
        "<x><:y/></x>",
    })
    void namesStartingWithAColonAreMalformed(String element) {
        assertThat(rejected(xmlEvent(SYSTEM, DATA + element))).isEqualTo(MALFORMED_XML);
        assertThat(rejected("<:Event/>")).isEqualTo(MALFORMED_XML);
    }

    @Test
    void aColonInsideAPrefixedNameIsStillFine() {
        assertThat(sysmon(xmlEvent(SYSTEM, DATA + "<p:x xmlns:p='urn:p' p:a='1'/>")).destinationPort()).isEqualTo("7844");
    }

    /** A record that is not JSON was reported as unpaired-surrogate when a string before the error held one. */
    @Test
    void malformedJsonWinsOverAnUnpairedSurrogate() {
        String surrogate = j("{'EventID':3,'UtcTime':'2024-05-01 12:00:00','Image':'\\ud800','DestinationPort':'7844'");
        assertThat(rejected(surrogate)).isEqualTo(MALFORMED_JSON);
        assertThat(rejected(surrogate + "}")).isEqualTo(UNPAIRED_SURROGATE);
        assertThat(rejected(j("{'\\udc00':1,'a':}"))).isEqualTo(MALFORMED_JSON);
        assertThat(rejected(j("{'\\udc00':1,'_time':'2024-05-01T12:00:00Z'}"))).isEqualTo(UNPAIRED_SURROGATE);
    }

    /**
     * A DOCTYPE cut short (or with a malformed internal subset) was malformed-xml: the JDK parser
     * scans the whole internal subset before it reports a DTD, and printed a stack trace line to
     * stderr on each such record. It is refused before the parser sees it now.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "<!DOCTYPE",
        "<!DOCTYPE Event",
        "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENT",
        "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol1 '&lol;&lol;'>]><Event>&lol1;</Event>",
        "<!-- c --><?pi x?>\r\n\t <!DOCTYPE Event SYSTEM 'http://127.0.0.1:9/x.dtd'><Event/>",
        "<?xml version='1.1'?><!DOCTYPE Event [<!ELEMENT Event ANY>",
    })
    void aDoctypeInTheWellFormedPrologIsRefusedAtOnceAndQuietly(String record) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, UTF_8));
        try {
            assertThat(rejected(record)).isEqualTo(DTD_REFUSED);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(UTF_8)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        " <?xml version='1.0'?><!DOCTYPE Event []><Event/>", // a declaration must come first
        "<?xml version='2.0'?><!DOCTYPE Event []><Event/>",
        "<!-- a -- b --><!DOCTYPE Event []><Event/>", // "--" inside a comment
        "<?xml version='1.0'?><?xml version='1.0'?><!DOCTYPE Event []><Event/>",
        "<Event><!DOCTYPE Event []></Event>", // not in the prolog
    })
    void aDoctypeAfterAMalformedStartIsMalformed(String record) {
        assertThat(rejected(record)).isEqualTo(MALFORMED_XML);
    }

    @Test
    void doctypeTextInCommentsAndCdataIsStillNoDtd() {
        assertThat(sysmon("<!-- <!DOCTYPE x> -->" + XML).destinationPort()).isEqualTo("7844");
        assertThat(sysmon(xmlWithPort("<![CDATA[7844]]><!-- <!DOCTYPE x> -->")).destinationPort()).isEqualTo("7844");
        assertThat(XmlRecordDecoder.prologDoctype("<!-- <!DOCTYPE x> -->" + XML)).isEqualTo(-1);
        assertThat(XmlRecordDecoder.prologDoctype("<!-- c --><!DOCTYPE x>")).isEqualTo(10);
        assertThat(XmlRecordDecoder.prologDoctype(XML)).isEqualTo(-1);
    }
}
