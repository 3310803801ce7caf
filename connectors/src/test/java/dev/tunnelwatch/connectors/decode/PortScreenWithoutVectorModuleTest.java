package dev.tunnelwatch.connectors.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On a JVM without {@code --add-modules jdk.incubator.vector} (a TaskManager started without it),
 * the screen works on the portable scan and never loads the vector one, which could not be linked
 * there. Checked in a JVM of its own, since this one has the module.
 */
class PortScreenWithoutVectorModuleTest {

    /** Run in the JVM without the module: prints what it screened and on which scan. */
    public static final class Main {
        public static void main(String[] args) {
            PortScreen screen = new PortScreen(List.of("7844"));
            byte[] b = "<a>443</a>\n<a>&#55;844</a>\n{\"p\":7844}".getBytes(UTF_8);
            System.out.println("vectors " + screen.usesVectors() + ", " + screen.mayMatch(b, 0, 10) + " "
                    + screen.mayMatch(b, 11, 15) + " " + screen.mayMatch(b, 27, b.length - 27) + " "
                    + screen.indexOfLineEndOrTrigger(b, 0, b.length, PortScreen.kindOfLine(b, 0, b.length)) + " "
                    + screen.indexOfLineEndOrTrigger(b, 11, b.length, PortScreen.kindOfLine(b, 11, b.length)));
        }
    }

    @Test
    void withoutTheModuleTheScreenScansWordsAndNeverLoadsTheVectorScan() throws Exception {
        String classPath = location(PortScreen.class) + File.pathSeparator + location(Main.class);
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "-cp", classPath, Main.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(java.getInputStream().readAllBytes(), UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(out).isZero();
        assertThat(out).contains("vectors false, false true true 10 14")
                .contains(WordTriggerScan.class.getName())
                .doesNotContain(VectorTriggerScan.class.getName())
                .doesNotContain("jdk.incubator.vector");
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
