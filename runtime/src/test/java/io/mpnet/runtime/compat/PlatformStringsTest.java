package io.mpnet.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.DataType;
import io.mpnet.policy.ResponseType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The platform's strings for {@code dataType} and {@code responseType}, read only by the callback layer. */
class PlatformStringsTest {

    @Test
    @DisplayName("R-5 dataType json, or none, parses JSON")
    void json() {
        assertThat(Wx.dataType("json")).isEqualTo(DataType.JSON);
        assertThat(Wx.dataType(null)).isEqualTo(DataType.JSON);
    }

    @ParameterizedTest(name = "R-5 dataType ''{0}'' is text")
    @ValueSource(strings = {"text", "JSON", "", "xml", " json"})
    void anyOtherDataTypeIsText(String dataType) {
        assertThat(Wx.dataType(dataType)).isEqualTo(DataType.TEXT);
    }

    @Test
    @DisplayName("R-5 responseType arraybuffer is raw bytes; text, none or anything else is text")
    void responseType() {
        assertThat(Wx.responseType("arraybuffer")).isEqualTo(ResponseType.ARRAYBUFFER);
        assertThat(Wx.responseType("text")).isEqualTo(ResponseType.TEXT);
        assertThat(Wx.responseType(null)).isEqualTo(ResponseType.TEXT);
        assertThat(Wx.responseType("ArrayBuffer")).isEqualTo(ResponseType.TEXT);
    }
}
