package dev.tunnelwatch.connectors.decode;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both scans, the Vector API one and the portable one, against a byte-by-byte reference (the first
 * line end or start of a trigger), and the screen built on each against the screen as it was
 * ({@link BaselinePortScreen}), over seeded random bytes made mostly of triggers, their pieces and
 * their near misses, at every alignment to words and vectors.
 */
class TriggerScanTest {

    private static final List<List<String>> PORT_SETS = List.of(List.of("7844"), List.of("7844", "443", "1"),
            List.of("53"), List.of("7844", "78", "7845"), List.of("8", "65535"), List.of("0007844", "44"));

    /** Pieces of inputs: triggers, what they start with, what follows them, and bytes around them. */
    private static final String[] PIECES = {"7844", "784", "78", "7", "8", "4", "44", "844", "77844", "7 844",
            "&#", "&", "#", "<!", "<?", "<", "!", "?", "\\u", "\\", "u", "\\\\u", "<&#", "\n", "\r", "\r\n", " ", "0",
            "1", "3", "5", "53", "443", "65535", "<Data Name='DestinationPort'>", "\"DestinationPort\":", "x", "\u00e9"};

    @BeforeAll
    static void theVectorScanIsHere() {
        // Surefire runs with --add-modules jdk.incubator.vector (parent POM), so both scans are tested.
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector"))
                .as("the tests run with --add-modules jdk.incubator.vector").isPresent();
        assertThat(VectorTriggerScan.pays()).as("vectors of 256 bits or more on this machine").isTrue();
        assertThat(new PortScreen(List.of("7844")).usesVectors()).isTrue();
        assertThat(PortScreen.withoutVectors(List.of("7844")).usesVectors()).isFalse();
    }

    static List<List<String>> portSets() {
        return PORT_SETS;
    }

    private static byte[][] bytes(List<String> ports) {
        return ports.stream().map(p -> p.getBytes(US_ASCII)).toArray(byte[][]::new);
    }

    /** The reference: the first '\n' or start of a trigger lying whole in [from, to), byte by byte. */
    private static int reference(byte[][] ports, byte[] b, int from, int to) {
        List<byte[]> triggers = new ArrayList<>(List.of(ports));
        for (String t : List.of("&#", "<!", "<?", "\\u")) {
            triggers.add(t.getBytes(US_ASCII));
        }
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
            for (byte[] t : triggers) {
                int k = 0;
                while (k < t.length && i + k < to && b[i + k] == t[k]) {
                    k++;
                }
                if (k == t.length) {
                    return i;
                }
            }
        }
        return -1;
    }

    static byte[] randomBytes(Random rnd, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 64);
        while (out.size() < length) {
            if (rnd.nextInt(8) == 0) {
                out.write(rnd.nextInt(256));
            } else {
                out.writeBytes(PIECES[rnd.nextInt(PIECES.length)].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @MethodSource("portSets")
    void bothScansStopWhereTheByteByByteReferenceDoes(List<String> portList) {
        byte[][] ports = bytes(portList);
        TriggerScan[] scans = {new VectorTriggerScan(ports), new WordTriggerScan(ports)};
        Random rnd = new Random(7844 + portList.hashCode());
        for (int input = 0; input < 3000; input++) {
            byte[] b = randomBytes(rnd, 1 + rnd.nextInt(input % 10 == 0 ? 3000 : 300));
            int from = rnd.nextInt(Math.min(b.length, 80));
            int to = from + rnd.nextInt(b.length - from + 1);
            // Every stop from there on, as a reader takes them one after the other.
            for (int at = from; at <= to; ) {
                int expected = reference(ports, b, at, to);
                for (TriggerScan scan : scans) {
                    assertThat(scan.indexOfLineEndOrTrigger(b, at, to)).as("%s on input %d [%d, %d)",
                            scan.getClass().getSimpleName(), input, at, to).isEqualTo(expected);
                }
                at = expected < 0 ? to + 1 : expected + 1;
            }
        }
    }

    @ParameterizedTest
    @MethodSource("portSets")
    void everyTriggerIsFoundAtEveryAlignmentAndNoneThatIsCutShort(List<String> portList) {
        byte[][] ports = bytes(portList);
        TriggerScan[] scans = {new VectorTriggerScan(ports), new WordTriggerScan(ports)};
        List<String> triggers = new ArrayList<>(portList);
        triggers.addAll(List.of("&#", "<!", "<?", "\\u", "\n"));
        // Near misses all around, none a trigger: each a trigger's start without its end.
        byte[] filler = "7<&\\78x<78".getBytes(US_ASCII);
        for (String trigger : triggers) {
            byte[] t = trigger.getBytes(US_ASCII);
            for (int at = 0; at < 200; at++) {
                byte[] b = new byte[at + t.length + 150];
                for (int i = 0; i < b.length; i++) {
                    b[i] = filler[i % filler.length];
                }
                System.arraycopy(t, 0, b, at, t.length);
                for (int from : new int[] {0, at % 9}) {
                    for (int to : new int[] {b.length, at + t.length, at + t.length - 1}) {
                        int expected = reference(ports, b, from, to);
                        if (to >= at + t.length) {
                            assertThat(expected).isLessThanOrEqualTo(at);
                        }
                        for (TriggerScan scan : scans) {
                            assertThat(scan.indexOfLineEndOrTrigger(b, from, to)).as("%s: %s at %d in [%d, %d)",
                                    scan.getClass().getSimpleName(), trigger, at, from, to).isEqualTo(expected);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("portSets")
    void bothScreensDecideAsTheScreenDidBefore(List<String> portList) {
        BaselinePortScreen before = new BaselinePortScreen(portList);
        PortScreen[] screens = {new PortScreen(portList), PortScreen.withoutVectors(portList)};
        Random rnd = new Random(20261204 + portList.hashCode());
        int candidates = 0;
        for (int input = 0; input < 20_000; input++) {
            byte[] b = randomBytes(rnd, rnd.nextInt(input % 10 == 0 ? 2000 : 60));
            int offset = rnd.nextInt(b.length + 1);
            int length = rnd.nextInt(b.length - offset + 1);
            boolean expected = before.mayMatch(b, offset, length);
            candidates += expected ? 1 : 0;
            for (PortScreen screen : screens) {
                assertThat(screen.mayMatch(b, offset, length)).as("input %d", input).isEqualTo(expected);
            }
        }
        assertThat(candidates).as("both outcomes are exercised").isBetween(1000, 19_000);
    }

    @Test
    void aDeserializedScreenChoosesItsScanAgain() throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(PortScreen.withoutVectors(List.of("7844")));
        }
        PortScreen screen;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            screen = (PortScreen) in.readObject();
        }
        assertThat(screen.usesVectors()).isTrue();
        byte[] b = "<a>78&#52;4</a>\n<a>784</a>".getBytes(US_ASCII);
        assertThat(screen.mayMatch(b, b.length)).isTrue();
        assertThat(screen.mayMatch(b, 16, b.length - 16)).isFalse();
    }
}
