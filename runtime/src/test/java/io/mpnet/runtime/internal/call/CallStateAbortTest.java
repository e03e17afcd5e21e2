package io.mpnet.runtime.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.mpnet.policy.ApiKind;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.netty.Connection;

/** The abort of a call's connection, whatever state its channel is in. */
class CallStateAbortTest {

    @Test
    @DisplayName("R-8 aborting a call whose channel is not registered to an event loop yet closes it, and throws nothing")
    void unregisteredChannel() {
        // an HTTP/2 stream channel may be named before it is registered, and a T-2 timeout can come then
        NioSocketChannel ch = new NioSocketChannel();
        CallState call = new CallState(new CallRequest(ApiKind.REQUEST, "https://api.example.com/", "GET", Map.of(),
                new byte[0], null));
        call.connection(Connection.from(ch));
        assertThatCode(call::abortConnection).doesNotThrowAnyException();
        assertThat(ch.isOpen()).isFalse();
    }
}
