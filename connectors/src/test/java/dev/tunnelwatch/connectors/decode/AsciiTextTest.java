package dev.tunnelwatch.connectors.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Spec section 3: case-insensitive comparisons and lower-casing fold ASCII letters only. */
class AsciiTextTest {

    private static final String SYSMON = "Microsoft-Windows-Sysmon";

    @Test
    void asciiCaseIsFolded() {
        assertThat(AsciiText.equalsIgnoreCase("MICROSOFT-WINDOWS-SYSMON", SYSMON)).isTrue();
        assertThat(AsciiText.equalsIgnoreCase("microsoft-windows-sysmon", SYSMON)).isTrue();
        assertThat(AsciiText.equalsIgnoreCase(SYSMON, SYSMON)).isTrue();
        assertThat(AsciiText.equalsIgnoreCase("", "")).isTrue();
    }

    @Test
    void longSIsNotS() {
        String longS = "Micro\u017Foft-Windows-Sysmon"; // ſ, which String.equalsIgnoreCase folds to s
        assertThat(longS.equalsIgnoreCase(SYSMON)).isTrue(); // the trap being avoided
        assertThat(AsciiText.equalsIgnoreCase(longS, SYSMON)).isFalse();
        assertThat(AsciiText.equalsIgnoreCase(SYSMON, longS)).isFalse();
    }

    @Test
    void dotlessAndDottedIAreNotI() {
        String dotless = "M\u0131crosoft-Windows-Sysmon"; // ı
        String dotted = "M\u0130crosoft-Windows-Sysmon"; // İ
        assertThat(dotless.equalsIgnoreCase(SYSMON)).isTrue(); // the trap being avoided
        assertThat(AsciiText.equalsIgnoreCase(dotless, SYSMON)).isFalse();
        assertThat(AsciiText.equalsIgnoreCase(dotted, SYSMON)).isFalse();
    }

    @Test
    void kelvinSignIsNotK() {
        assertThat("\u212A".equalsIgnoreCase("k")).isTrue(); // the trap being avoided
        assertThat(AsciiText.equalsIgnoreCase("\u212A", "k")).isFalse();
        assertThat(AsciiText.equalsIgnoreCase("\u212A", "K")).isFalse();
    }

    @Test
    void differentLengthsAndNullsDiffer() {
        assertThat(AsciiText.equalsIgnoreCase(SYSMON + " ", SYSMON)).isFalse();
        assertThat(AsciiText.equalsIgnoreCase(null, SYSMON)).isFalse();
        assertThat(AsciiText.equalsIgnoreCase(SYSMON, null)).isFalse();
    }

    @Test
    void nonLettersAreNotFolded() {
        // '@' (0x40) and '`' (0x60), '[' (0x5B) and '{' (0x7B) differ by 0x20 but are not letters
        assertThat(AsciiText.equalsIgnoreCase("@", "`")).isFalse();
        assertThat(AsciiText.equalsIgnoreCase("[", "{")).isFalse();
    }

    @Test
    void toLowerCaseChangesAsciiLettersOnly() {
        assertThat(AsciiText.toLowerCase("TCP")).isEqualTo("tcp");
        assertThat(AsciiText.toLowerCase("UdP6")).isEqualTo("udp6");
        assertThat(AsciiText.toLowerCase("\u00C9TCP\u0130\u212A\u00DF\u0394")).isEqualTo("\u00C9tcp\u0130\u212A\u00DF\u0394");
        assertThat(AsciiText.toLowerCase("[@]^_`{")).isEqualTo("[@]^_`{");
        assertThat(AsciiText.toLowerCase("")).isEqualTo("");
        assertThat(AsciiText.toLowerCase("already lower")).isEqualTo("already lower");
    }
}
