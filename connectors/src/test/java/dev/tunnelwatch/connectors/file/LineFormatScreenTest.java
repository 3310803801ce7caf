package dev.tunnelwatch.connectors.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.connectors.decode.PortScreen;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.junit.jupiter.api.Test;

/** The fast path in the line reader: passed-over lines come as counted runs, the others as before. */
class LineFormatScreenTest {

    private static final PortScreen SCREEN = new PortScreen(List.of("7844"));

    /** A record as "number:text", or a run as "run:n". */
    private static List<String> read(String content, int chunk, int maxKept) throws IOException {
        List<String> out = new ArrayList<>();
        try (StreamFormat.Reader<FileLine> reader = new LineFormat(maxKept, SCREEN).createReader(new Configuration(),
                new LineFormatTest.ChunkedStream(content.getBytes(UTF_8), chunk))) {
            FileLine l;
            while ((l = reader.read()) != null) {
                out.add(l.cannotMatch() > 0 ? "run:" + l.cannotMatch()
                        : l.number() + ":" + new String(l.bytes(), UTF_8) + (l.size() != l.bytes().length ? "/" + l.size() : ""));
            }
            assertThat(reader.read()).isNull();
        }
        return out;
    }

    private static List<String> read(String content) throws IOException {
        List<String> whole = read(content, 1 << 20, 1 << 20);
        for (int chunk : new int[] {1, 2, 5, 13}) {
            assertThat(read(content, chunk, 1 << 20)).as("chunk %d", chunk).isEqualTo(whole);
        }
        return whole;
    }

    @Test
    void passedOverLinesComeAsRunsAndCandidatesKeepTheirLineNumbers() throws IOException {
        assertThat(read("{\"p\":443}\n{\"p\":80}\n\n{\"p\":7844}\r\n<x/>\n<p>07844</p>\n{\"p\":53}\n"))
                .containsExactly("run:2", "4:{\"p\":7844}", "run:1", "6:<p>07844</p>", "run:1");
    }

    @Test
    void blankLinesAreNotRecordsAndNotCounted() throws IOException {
        assertThat(read("\n  \n\t\r\n")).isEmpty();
        assertThat(read("\n{}\n\n{}\n \n")).containsExactly("run:2");
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstRecord() throws IOException {
        assertThat(read("\uFEFF{\"p\":7844}\n")).containsExactly("1:{\"p\":7844}");
        assertThat(read("\uFEFF{\"p\":1}\n{\"p\":7844}")).containsExactly("run:1", "2:{\"p\":7844}");
    }

    @Test
    void eachLineIsScreenedForTheSpellingsOfItsOwnEncoding() throws IOException {
        // XML has no backslash escapes, JSON no character references or comments; other lines get all.
        assertThat(read("<a>C:\\Users\\ulee</a>\n{\"a\":\"C:\\\\Users\\\\ulee\"}\n{\"a\":\"&#55;\"}\n"
                + "{\"a\":\"<!-- -->\"}\n<a>&#55;844</a>\n{\"a\":\"\\u0037\"}\n{\"a\":\"\\\\\\u0037\"}\nx\\u\n x&#\n"))
                .containsExactly("run:4", "5:<a>&#55;844</a>", "6:{\"a\":\"\\u0037\"}", "7:{\"a\":\"\\\\\\u0037\"}",
                        "8:x\\u", "9: x&#");
        // The kind comes after leading whitespace, and after line 1's byte-order mark.
        assertThat(read("\uFEFF <a>\\u</a>\n \t<a>\\u</a>\r\n\t{\"a\":\"<?\"}\n\uFEFF<a>\\u</a>\n"))
                .containsExactly("run:3", "4:\uFEFF<a>\\u</a>");
    }

    @Test
    void runsEndAtTheirLimit() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < LineFormat.MAX_RUN * 2 + 5; i++) {
            sb.append("{\"p\":443}\n");
        }
        sb.append("{\"p\":7844}\n");
        assertThat(read(sb.toString(), 1 << 16, 1 << 20)).containsExactly(
                "run:" + LineFormat.MAX_RUN, "run:" + LineFormat.MAX_RUN, "run:5",
                (LineFormat.MAX_RUN * 2 + 6) + ":{\"p\":7844}");
    }

    @Test
    void aLineLongerThanWhatIsKeptIsNeverPassedOver() throws IOException {
        // Its port could lie beyond the kept bytes: it goes on, as before, to be refused as too large.
        assertThat(read("{\"a\":\"xxxxxxxxxx\"}\n{\"p\":1}\n", 1 << 16, 8))
                .containsExactly("1:{\"a\":\"xx/18", "run:1");
    }

    @Test
    void unboundedRunsPassOnEveryNthLineOfARunSoEventTimeKeepsMoving() throws IOException {
        List<String> out = new ArrayList<>();
        String content = "{\"p\":1}\n{\"p\":2}\n{\"p\":3}\n{\"p\":4}\n{\"p\":7844}\n{\"p\":5}\n{\"p\":6}\n{\"p\":7}\n";
        try (StreamFormat.Reader<FileLine> reader = new LineFormat(1 << 20, SCREEN, 3).createReader(new Configuration(),
                new LineFormatTest.ChunkedStream(content.getBytes(UTF_8), 4))) {
            for (FileLine l; (l = reader.read()) != null; ) {
                out.add(l.cannotMatch() > 0 ? "run:" + l.cannotMatch() : Long.toString(l.number()));
            }
        }
        // Lines 3 and 8 are the third in a row the screen would pass over; line 5 is a candidate.
        assertThat(out).containsExactly("run:2", "3", "run:1", "5", "run:2", "8");
    }

    /** Over random files, the screened reader gives the unscreened one's candidates and counts. */
    @Test
    void sameRecordsAsWithoutTheScreen() throws IOException {
        Random rnd = new Random(7844);
        String[] pieces = {"{\"p\":7844}", "{\"p\":443}", "<p>7844</p>", "<p>&#55;844</p>", "", " ", "\r", "x",
                "{\"a\":\"\\u0037\"}", "<a/>", "\uFEFF"};
        for (int file = 0; file < 200; file++) {
            StringBuilder sb = new StringBuilder();
            for (int n = rnd.nextInt(40); n > 0; n--) {
                sb.append(pieces[rnd.nextInt(pieces.length)]).append(rnd.nextInt(4) == 0 ? "\r\n" : "\n");
            }
            String content = sb.toString();
            List<FileLine> plain = new ArrayList<>();
            try (StreamFormat.Reader<FileLine> r = new LineFormat().createReader(new Configuration(),
                    new LineFormatTest.ChunkedStream(content.getBytes(UTF_8), 1 + rnd.nextInt(20)))) {
                for (FileLine l; (l = r.read()) != null; ) {
                    plain.add(l);
                }
            }
            List<String> expected = new ArrayList<>();
            long passed = 0;
            for (FileLine l : plain) {
                if (SCREEN.mayMatch(l.bytes(), l.bytes().length)) {
                    expected.add(l.number() + ":" + new String(l.bytes(), UTF_8));
                } else {
                    passed++;
                }
            }
            List<String> screened = read(content);
            assertThat(screened.stream().filter(s -> !s.startsWith("run:")).toList()).as(content).isEqualTo(expected);
            assertThat(screened.stream().filter(s -> s.startsWith("run:"))
                    .mapToLong(s -> Long.parseLong(s.substring(4))).sum()).as(content).isEqualTo(passed);
        }
    }
}
