package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestMethodTest {

    @ParameterizedTest(name = "R-1 {0} is accepted as written")
    @EnumSource(RequestMethod.class)
    void upperCaseNames(RequestMethod m) {
        assertThat(RequestMethod.parse(ApiKind.REQUEST, m.name())).isEqualTo(m);
    }

    @Test
    @DisplayName("R-1 no method means GET")
    void nullIsGet() {
        assertThat(RequestMethod.parse(ApiKind.REQUEST, null)).isEqualTo(RequestMethod.GET);
    }

    @ParameterizedTest(name = "R-1 ''{0}'' fails before I/O, naming the value and the allowed list")
    @ValueSource(strings = {"get", "Post", "PATCH", "", " GET", "GET ", "G\u0130T", "FETCH"})
    void anythingElseFails(String method) {
        assertThatThrownBy(() -> RequestMethod.parse(ApiKind.REQUEST, method))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo("R-1");
                    assertThat(e.reason()).isEqualTo(FailReason.INVALID_PARAMETER);
                    assertThat(e.errMsg()).isEqualTo("request:fail parameter error");
                    assertThat(e.explanation()).contains("'" + method + "'")
                            .contains("OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT");
                });
    }

    @Test
    @DisplayName("R-1 a lower-case name hints that methods are upper case")
    void lowerCaseHint() {
        assertThatThrownBy(() -> RequestMethod.parse(ApiKind.REQUEST, "post"))
                .isInstanceOfSatisfying(MpNetException.class, e -> assertThat(e.explanation()).contains("upper case"));
    }

    @Test
    @DisplayName("R-2 only GET turns object data into a query; every other method carries it in the body")
    void bodyMethods() {
        assertThat(RequestMethod.values()).filteredOn(m -> !m.sendsDataInBody()).containsExactly(RequestMethod.GET);
    }
}
