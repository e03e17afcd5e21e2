package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloseFrameTest {

    @ParameterizedTest(name = "S-3 close code {0} is allowed")
    @ValueSource(ints = {1000, 3000, 3001, 4000, 4999})
    void allowedCodes(int code) {
        assertThatCode(() -> CloseFrame.validate(code, "")).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "S-3 close code {0} is refused, naming the value and the allowed codes")
    @ValueSource(ints = {0, -1, 999, 1001, 1005, 1006, 1015, 2999, 5000, 65535})
    void refusedCodes(int code) {
        assertThatThrownBy(() -> CloseFrame.validate(code, "bye"))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.api()).isEqualTo(ApiKind.CONNECT_SOCKET);
                    assertThat(e.reason()).isEqualTo(FailReason.INVALID_PARAMETER);
                    assertThat(e.rule()).isEqualTo("S-3");
                    assertThat(e.errMsg()).isEqualTo("connectSocket:fail parameter error");
                    assertThat(e.explanation()).contains(String.valueOf(code)).contains("1000").contains("3000-4999");
                });
    }

    @Test
    @DisplayName("S-3 a reason of 123 ASCII bytes is allowed, 124 is not")
    void asciiLimit() {
        assertThatCode(() -> CloseFrame.validate(1000, "a".repeat(123))).doesNotThrowAnyException();
        assertThatThrownBy(() -> CloseFrame.validate(1000, "a".repeat(124)))
                .isInstanceOfSatisfying(MpNetException.class, e -> assertThat(e.explanation()).contains("124 UTF-8 bytes"));
    }

    @Test
    @DisplayName("S-3 the limit is UTF-8 bytes, not characters: 41 CJK characters (123 bytes) pass, 42 fail")
    void cjkLimit() {
        assertThatCode(() -> CloseFrame.validate(1000, "中".repeat(41))).doesNotThrowAnyException();
        assertThatThrownBy(() -> CloseFrame.validate(1000, "中".repeat(42)))
                .isInstanceOfSatisfying(MpNetException.class, e -> assertThat(e.explanation())
                        .contains("126 UTF-8 bytes (42 chars)").contains("123"));
    }

    @Test
    @DisplayName("S-3 emoji count four bytes each: 30 emoji + 3 ASCII = 123 bytes pass, 31 emoji fail")
    void emojiLimit() {
        String emoji = "\uD83D\uDE00";
        assertThatCode(() -> CloseFrame.validate(4000, emoji.repeat(30) + "abc")).doesNotThrowAnyException();
        assertThatThrownBy(() -> CloseFrame.validate(4000, emoji.repeat(31))).isInstanceOf(MpNetException.class);
    }

    @Test
    @DisplayName("S-3 a lone surrogate is not UTF-8 text")
    void loneSurrogate() {
        assertThatThrownBy(() -> CloseFrame.validate(1000, "a\uD800"))
                .isInstanceOfSatisfying(MpNetException.class, e -> assertThat(e.rule()).isEqualTo("S-3"));
    }
}
