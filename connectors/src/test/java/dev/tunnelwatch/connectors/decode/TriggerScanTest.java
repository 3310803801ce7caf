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
 * Both scans, the Vector API one and the portable one, against a byte-by-byte reference of the
 * screen's rule ({@link KindAwareReference}: the first line end or start of a trigger of the
 * record's kind), for each kind, over seeded random bytes made mostly of triggers, their pieces,
 * their near misses and runs of backslashes, at every alignment to words and vectors. The screens
 * built on them pass over every record the screen before kinds did ({@link BaselinePortScreen}),
 * and more.
 */
class TriggerScanTest {

    private static final int[] KINDS = {PortScreen.OTHER, PortScreen.XML, PortScreen.JSON};

    private static final List<List<String>> PORT_SETS = List.of(List.of("7844"), List.of("7844", "443", "1"),
            List.of("53"), List.of("7844", "78", "7845"), List.of("8", "65535"), List.of("0007844", "44"),
            List.of("7844", "443", "22", "3389", "1", "9"), List.of("10", "20", "30", "40", "50"), List.of("5", "6", "7"), List.of("7", "0"));

    /** Pieces of inputs: triggers, what they start with, what follows them, and bytes around them. */
    private static final String[] PIECES = {"7844", "784", "78", "7", "8", "4", "44", "844", "77844", "7 844",
            "&#", "&", "#", "<!", "<?", "<", "!", "?", "\\u", "\\", "u", "\\\\u", "\\\\\\u", "\\\\", "<&#",
            "\n", "\r", "\r\n", " ", "0", "1", "3", "5", "53", "443", "65535", "<Data Name='DestinationPort'>",
            "\"DestinationPort\":", "x", "\u00e9", "{", "C:\\\\Users\\\\ulee", "C:\\Users\\ulee"};

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

    /** Both scans, or the word scan alone for ports the vector test does not hold. */
    private static TriggerScan[] scans(byte[][] ports) {
        return VectorTriggerScan.takes(ports) ? new TriggerScan[] {new VectorTriggerScan(ports), new WordTriggerScan(ports)}
                : new TriggerScan[] {new WordTriggerScan(ports)};
    }

    static byte[] randomBytes(Random rnd, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 64);
        // Records of each kind, some behind whitespace.
        switch (rnd.nextInt(6)) {
            case 0 -> out.writeBytes("{".getBytes(US_ASCII));
            case 1 -> out.writeBytes("<".getBytes(US_ASCII));
            case 2 -> out.writeBytes(" \t\r\n{".getBytes(US_ASCII));
            case 3 -> out.writeBytes("\n <".getBytes(US_ASCII));
            default -> { }
        }
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
        TriggerScan[] scans = scans(ports);
        Random rnd = new Random(7844 + portList.hashCode());
        for (int input = 0; input < 3000; input++) {
            byte[] b = randomBytes(rnd, 1 + rnd.nextInt(input % 10 == 0 ? 3000 : 300));
            int from = rnd.nextInt(Math.min(b.length, 80));
            int to = from + rnd.nextInt(b.length - from + 1);
            for (int kind : KINDS) {
                // Every stop from there on, as a reader takes them one after the other.
                for (int at = from; at <= to; ) {
                    int expected = KindAwareReference.indexOfLineEndOrTrigger(ports, b, at, to, kind);
                    for (TriggerScan scan : scans) {
                        assertThat(scan.indexOfLineEndOrTrigger(b, at, to, kind)).as("%s, kind %d, on input %d [%d, %d)",
                                scan.getClass().getSimpleName(), kind, input, at, to).isEqualTo(expected);
                    }
                    at = expected < 0 ? to + 1 : expected + 1;
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("portSets")
    void everyTriggerIsFoundAtEveryAlignmentAndNoneThatIsCutShort(List<String> portList) {
        byte[][] ports = bytes(portList);
        TriggerScan[] scans = scans(ports);
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
                for (int kind : KINDS) {
                    // A trigger of this kind (an escape not after a backslash, which would pair with it).
                    boolean ofKind = kind == PortScreen.OTHER || !trigger.equals("\\u") && kind == PortScreen.XML
                            || !trigger.startsWith("&") && !trigger.startsWith("<") && kind == PortScreen.JSON
                            && (!trigger.equals("\\u") || at == 0 || b[at - 1] != '\\');
                    for (int from : new int[] {0, at % 9}) {
                        for (int to : new int[] {b.length, at + t.length, at + t.length - 1}) {
                            int expected = KindAwareReference.indexOfLineEndOrTrigger(ports, b, from, to, kind);
                            if (to >= at + t.length && ofKind) {
                                assertThat(expected).isLessThanOrEqualTo(at);
                            }
                            for (TriggerScan scan : scans) {
                                assertThat(scan.indexOfLineEndOrTrigger(b, from, to, kind)).as("%s: %s at %d in [%d, %d), kind %d",
                                        scan.getClass().getSimpleName(), trigger, at, from, to, kind).isEqualTo(expected);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * In JSON, <code>&#92;u</code> is a trigger exactly when its run of backslashes is odd: runs of
     * every length up to past two vectors, ending at every alignment to words and vectors, cut
     * short by the range's start at every point.
     */
    @ParameterizedTest
    @MethodSource("portSets")
    void backslashRunsOfEveryLengthAtEveryAlignment(List<String> portList) {
        byte[][] ports = bytes(portList);
        TriggerScan[] scans = scans(ports);
        for (int run = 1; run <= 140; run++) {
            for (int end = run; end < run + 70; end++) {
                byte[] b = new byte[end + 1 + 80];
                java.util.Arrays.fill(b, (byte) 'x');
                java.util.Arrays.fill(b, end - run, end, (byte) '\\');
                b[end] = 'u';
                for (int from : new int[] {0, end - run, end - run + 1, end - 1, Math.max(0, end - 9), Math.max(0, end - 65)}) {
                    if (from > end - 1) {
                        continue;
                    }
                    int counted = Math.min(run, end - from);
                    int expected = counted % 2 == 1 ? end - 1 : -1;
                    assertThat(KindAwareReference.indexOfLineEndOrTrigger(ports, b, from, b.length, PortScreen.JSON))
                            .isEqualTo(expected);
                    for (TriggerScan scan : scans) {
                        assertThat(scan.indexOfLineEndOrTrigger(b, from, b.length, PortScreen.JSON)).as("%s: run %d ending at %d from %d",
                                scan.getClass().getSimpleName(), run, end, from).isEqualTo(expected);
                        assertThat(scan.indexOfLineEndOrTrigger(b, from, b.length, PortScreen.XML)).isEqualTo(-1);
                        assertThat(scan.indexOfLineEndOrTrigger(b, from, b.length, PortScreen.OTHER)).isEqualTo(end - 1);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("portSets")
    void bothScreensDecideAsTheKindAwareReferenceAndPassOverAllTheBaselineDid(List<String> portList) {
        BaselinePortScreen before = new BaselinePortScreen(portList);
        KindAwareReference reference = new KindAwareReference(portList);
        PortScreen[] screens = {new PortScreen(portList), PortScreen.withoutVectors(portList)};
        Random rnd = new Random(20261204 + portList.hashCode());
        int candidates = 0;
        int passedOverNow = 0;
        for (int input = 0; input < 20_000; input++) {
            byte[] b = randomBytes(rnd, rnd.nextInt(input % 10 == 0 ? 2000 : 60));
            int offset = rnd.nextInt(Math.min(b.length, 6) + 1);
            int length = rnd.nextInt(b.length - offset + 1);
            boolean expected = reference.mayMatch(b, offset, length);
            boolean baseline = before.mayMatch(b, offset, length);
            assertThat(baseline || !expected).as("input %d: a candidate now was one before", input).isTrue();
            candidates += expected ? 1 : 0;
            passedOverNow += baseline && !expected ? 1 : 0;
            for (PortScreen screen : screens) {
                assertThat(screen.mayMatch(b, offset, length)).as("input %d", input).isEqualTo(expected);
            }
        }
        assertThat(candidates).as("both outcomes are exercised").isBetween(1000, 19_000);
        assertThat(passedOverNow).as("kinds pass over what the baseline did not").isGreaterThan(100);
    }

    @Test
    void theVectorScanTakesUpToFourDigitPairsAndTwoOneDigitPorts() {
        assertThat(new PortScreen(List.of("7844", "443", "22", "3389", "1", "9")).usesVectors()).isTrue();
        assertThat(new PortScreen(List.of("7844", "7845", "78", "07844", "44", "4")).usesVectors()).isTrue();
        // More take the word scan, which takes any number, and decides the same.
        assertThat(new PortScreen(List.of("10", "20", "30", "40", "50")).usesVectors()).isFalse();
        assertThat(new PortScreen(List.of("1", "2", "3")).usesVectors()).isFalse();
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
