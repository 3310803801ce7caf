package dev.tunnelwatch.connectors.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec sections 2 and 4: what an integer is, and its canonical decimal form. */
class IntegerTextTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "7844|7844",
        "07844|7844",
        "0007844|7844",
        "\" 7844 \"|7844",
        "0000|0",
        "0|0",
        "00|0",
        "443|443",
        "0443|443",
        "78440|78440",
        "65535|65535",
        "99999999|99999999",
    })
    void canonicalOfIntegers(String text, String expected) {
        assertThat(IntegerText.canonical(text)).isEqualTo(expected);
    }

    @Test
    void specWhitespaceAroundIsIgnored() {
        assertThat(IntegerText.canonical("\t7844\r\n")).isEqualTo("7844");
        assertThat(IntegerText.canonical("\n\r\t 0\t")).isEqualTo("0");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is not an integer")
    @ValueSource(strings = {
        "-7844", "+7844", "7844.0", "7.844e3", "7844e0", "0x1EA4", "78 44", "7844a", "a7844", "-0", "+0",
        "\u0667\u0668\u0664\u0664", // Arabic-Indic digits ٧٨٤٤
        "\u06F7\u06F8\u06F4\u06F4", // Extended Arabic-Indic digits
        "\uFF17\uFF18\uFF14\uFF14", // fullwidth ７８４４
        "\u0969\u096E\u096A\u096A", // Devanagari
        "7\uFF18\u0034\u0034",      // one fullwidth digit among ASCII ones
        "", " ", "\t\r\n",
        "\u00A07844",               // no-break space is not spec whitespace
        "7844\u2003",               // em space is not spec whitespace
        "\u000B7844",               // vertical tab is not spec whitespace
        "\u000C7844",               // form feed is not spec whitespace
        ".5", "7844.", "1_000",
    })
    void notIntegers(String text) {
        assertThat(IntegerText.canonical(text)).isNull();
    }

    @Test
    void nullIsNotAnInteger() {
        assertThat(IntegerText.canonical(null)).isNull();
    }

    @Test
    void arbitrarilyLongDigitStringsAreKeptWithLeadingZerosStripped() {
        assertThat(IntegerText.canonical("000123456789012345678901234567"))
                .isEqualTo("123456789012345678901234567");
        assertThat(IntegerText.canonical("123456789012345678901234567890"))
                .isEqualTo("123456789012345678901234567890");
        String longZeros = "0".repeat(10_000) + "7844";
        assertThat(IntegerText.canonical(longZeros)).isEqualTo("7844");
        assertThat(IntegerText.canonical("0".repeat(10_000))).isEqualTo("0");
    }

    @Test
    void whitespaceIsSpaceTabCrLfOnly() {
        assertThat(AsciiText.isWhitespace(' ')).isTrue();
        assertThat(AsciiText.isWhitespace('\t')).isTrue();
        assertThat(AsciiText.isWhitespace('\r')).isTrue();
        assertThat(AsciiText.isWhitespace('\n')).isTrue();
        assertThat(AsciiText.isWhitespace('\u000B')).isFalse();
        assertThat(AsciiText.isWhitespace('\u000C')).isFalse();
        assertThat(AsciiText.isWhitespace('\u00A0')).isFalse();
        assertThat(AsciiText.isWhitespace('\u2028')).isFalse();
        assertThat(AsciiText.isWhitespace('\u3000')).isFalse();
        assertThat(AsciiText.isWhitespace('\uFEFF')).isFalse();
    }
}
