package io.mpnet.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The response header map every result and headers-received event carries. */
class ResponseHeadersTest {

    @Test
    @DisplayName("R-4 headers keep the order received; repeated names are joined with \", \"; lookups are exact")
    void orderAndRepeats() {
        HttpHeaders h = new DefaultHttpHeaders()
                .add("Content-Type", "application/json")
                .add("Set-Cookie", "a=1")
                .add("X-Kind", "k")
                .add("Set-Cookie", "b=2");
        Map<String, String> m = ResponseHeaders.of(h);
        assertThat(m.keySet()).containsExactly("Content-Type", "Set-Cookie", "X-Kind");
        assertThat(m).containsEntry("Set-Cookie", "a=1, b=2").containsEntry("X-Kind", "k").hasSize(3);
        assertThat(m.get("Missing")).isNull();
        assertThat(m.containsKey("X-Kind")).isTrue();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Content-Type", "application/json");
        expected.put("Set-Cookie", "a=1, b=2");
        expected.put("X-Kind", "k");
        assertThat(m).isEqualTo(expected);
        assertThat(m.hashCode()).isEqualTo(expected.hashCode());
    }

    @Test
    @DisplayName("R-4 a response with many header names keeps them all, in order, joined the same way")
    void manyNames() {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < 40; i++) {
            h.add("X-H" + i, "v" + i);
        }
        h.add("X-H3", "again");
        h.add("X-H39", "again");
        Map<String, String> m = ResponseHeaders.of(h);
        assertThat(m).hasSize(40).containsEntry("X-H3", "v3, again").containsEntry("X-H39", "v39, again");
        assertThat(List.copyOf(m.keySet()).subList(0, 3)).containsExactly("X-H0", "X-H1", "X-H2");
    }

    @Test
    @DisplayName("R-4 the map is immutable, and a result given one keeps it rather than copying it")
    void immutableAndNotCopied() {
        Map<String, String> m = ResponseHeaders.of(new DefaultHttpHeaders().add("A", "1"));
        assertThatThrownBy(() -> m.put("B", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.entrySet().iterator().next().setValue("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ResponseHeaders.copyOf(m)).isSameAs(m);
        Map<String, String> mutable = new LinkedHashMap<>(Map.of("A", "1"));
        Map<String, String> copy = ResponseHeaders.copyOf(mutable);
        mutable.put("B", "2");
        assertThat(copy).containsExactly(Map.entry("A", "1"));
    }

    @Test
    @DisplayName("R-4 cookies are every Set-Cookie value in order; none is an empty list")
    void cookies() {
        HttpHeaders h = new DefaultHttpHeaders().add("set-cookie", "a=1; Path=/").add("X-Kind", "k").add("Set-Cookie", "b=2");
        assertThat(ResponseHeaders.cookies(h)).containsExactly("a=1; Path=/", "b=2");
        assertThat(ResponseHeaders.cookies(new DefaultHttpHeaders().add("X-Kind", "k"))).isEmpty();
    }

    @Test
    @DisplayName("R-4 a response's map, first read by several threads at once, is the same for each")
    void firstReadOnManyThreads() throws Exception {
        HttpHeaders h = new DefaultHttpHeaders().add("A", "1").add("B", "2").add("A", "3");
        for (int round = 0; round < 200; round++) {
            Map<String, String> m = ResponseHeaders.of(h);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> reads = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    reads.add(pool.submit(() -> m.get("A") + "|" + m.size() + "|" + m.keySet()));
                }
                for (Future<String> r : reads) {
                    assertThat(r.get()).isEqualTo("1, 3|2|[A, B]");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
