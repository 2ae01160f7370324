package io.specialist.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void composesToNfc() {
        String decomposed = "Cafe\u0301 nai\u0308ve";
        assertThat(TextNormalizer.normalize(decomposed)).isEqualTo("Caf\u00e9 na\u00efve");
    }

    @Test
    void unifiesLineBreaksAndCollapsesBlankLines() {
        assertThat(TextNormalizer.normalize("a\r\nb\rc\n\n\n\n d")).isEqualTo("a\nb\nc\n\n d");
        assertThat(TextNormalizer.normalize("a\n   \n\t\n\nb")).isEqualTo("a\n\nb");
    }

    @Test
    void collapsesSpacesInsideLinesButKeepsIndentation() {
        assertThat(TextNormalizer.normalize("  first   line  \n    indented\u00a0\u2003word\t\tend   "))
                .isEqualTo("first line\n    indented word end");
    }

    @Test
    void dropsControlCharactersAndByteOrderMarks() {
        assertThat(TextNormalizer.normalize("\uFEFFnul\u0000 bell\u0007 ok")).isEqualTo("nul bell ok");
    }

    @Test
    void whitespaceOnlyBecomesEmpty() {
        assertThat(TextNormalizer.normalize(" \n\t \r\n \u00a0")).isEmpty();
    }

    @Test
    void keepsSupplementaryCharactersAndRejectsLoneSurrogates() {
        assertThat(TextNormalizer.normalize("math \uD835\uDC00  x")).isEqualTo("math \uD835\uDC00 x");
        assertThatThrownBy(() -> TextNormalizer.normalize("bad \uD800 here"))
                .hasMessageContaining("unpaired UTF-16 surrogate");
    }

    @Test
    void equivalentTextsNormaliseToTheSameString() {
        assertThat(TextNormalizer.normalize("Hello,\u00a0 world \r\n\r\n\r\nBye\n"))
                .isEqualTo(TextNormalizer.normalize("Hello, world\n\nBye"));
    }

    @Test
    void lineFormIsOneLine() {
        assertThat(TextNormalizer.normalizeLine("  A\n  title\twith   gaps ")).isEqualTo("A title with gaps");
    }
}
