package io.mpnet.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.UrlLength;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/** The transport keeps the request senders of short URIs only, so its keys never grow with a URL. */
class SenderKeyTest {

    @Test
    @DisplayName("E-3 a sender is kept for a short path; a long path or query makes no key, up to UrlLength.MAX")
    void keysStaySmall() {
        HttpClient client = HttpClient.create();
        HttpTransport.Sending shortKey = HttpTransport.Sending.key(client, "GET", "/v1/items?page=2");
        assertThat(shortKey).isNotNull();
        assertThat(shortKey.uri()).isEqualTo("/v1/items?page=2");
        assertThat(HttpTransport.Sending.key(client, "GET", "/" + "x".repeat(HttpTransport.MAX_KEPT_URI - 1))).isNotNull();
        for (int length : new int[] {HttpTransport.MAX_KEPT_URI + 1, 4096, UrlLength.MAX}) {
            assertThat(HttpTransport.Sending.key(client, "GET", "/?q=" + "x".repeat(length))).as("length " + length).isNull();
        }
    }
}
