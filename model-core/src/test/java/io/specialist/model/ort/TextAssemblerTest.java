package io.specialist.model.ort;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextAssemblerTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void holdsBackAnIncompleteCharacter() {
        TextAssembler t = new TextAssembler(List.of());
        byte[] euro = b("€"); // E2 82 AC
        assertThat(t.append(new byte[] {'a', euro[0]})).isEqualTo("a");
        assertThat(t.append(new byte[] {euro[1]})).isEmpty();
        assertThat(t.append(new byte[] {euro[2], 'b'})).isEqualTo("€b");
        byte[] emoji = b("🌊");
        assertThat(t.append(new byte[] {emoji[0], emoji[1], emoji[2]})).isEmpty();
        assertThat(t.append(new byte[] {emoji[3]})).isEqualTo("🌊");
        assertThat(t.finish()).isEmpty();
        assertThat(t.text()).isEqualTo("a€b🌊");
    }

    @Test
    void anUnfinishedCharacterAtTheEndBecomesAReplacementCharacter() {
        TextAssembler t = new TextAssembler(List.of());
        assertThat(t.append(new byte[] {'x', (byte) 0xE2, (byte) 0x82})).isEqualTo("x");
        assertThat(t.finish()).isEqualTo("\uFFFD");
    }

    @Test
    void holdsBackWhatCouldStartAStopSequenceAndCutsBeforeIt() {
        TextAssembler t = new TextAssembler(List.of("END", "\n\n"));
        assertThat(t.append(b("abE"))).isEqualTo("ab");
        assertThat(t.append(b("N"))).isEmpty();
        assertThat(t.append(b("X\n"))).isEqualTo("ENX");
        assertThat(t.stopped()).isFalse();
        assertThat(t.append(b("\nmore"))).isEmpty();
        assertThat(t.stopped()).isTrue();
        assertThat(t.text()).isEqualTo("abENX"); // the held-back "\n" was the start of the stop
        assertThat(t.finish()).isEmpty();
    }

    @Test
    void theEarliestStopSequenceWinsEvenInsideOneToken() {
        TextAssembler t = new TextAssembler(List.of("cd", "b"));
        assertThat(t.append(b("abcd"))).isEqualTo("a");
        assertThat(t.stopped()).isTrue();
        assertThat(t.text()).isEqualTo("a");
    }

    @Test
    void finishReleasesAHeldBackTail() {
        TextAssembler t = new TextAssembler(List.of("STOP"));
        assertThat(t.append(b("go ST"))).isEqualTo("go ");
        assertThat(t.finish()).isEqualTo("ST");
        assertThat(t.text()).isEqualTo("go ST");
    }
}
