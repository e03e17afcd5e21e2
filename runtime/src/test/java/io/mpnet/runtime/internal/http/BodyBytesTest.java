package io.mpnet.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The whole body request() returns, read from Netty's buffers as they arrive. */
class BodyBytesTest {

    static final ResponseLimit NONE = new ResponseLimit(ApiKind.REQUEST, "api.example.com", -1);

    static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("R-4 chunks join in order, whatever the declared length: exact, short, long, unknown or none")
    void chunksJoinInOrder() {
        for (long declared : new long[] {11, 3, 1_000, -1, 0, 10_000_000}) {
            BodyBytes body = new BodyBytes(declared, NONE);
            for (String part : new String[] {"hel", "lo ", "", "world"}) {
                ByteBuf b = buf(part);
                body.add(b);
                assertThat(b.readerIndex()).as("the buffer is left as it was").isZero();
                b.release();
            }
            assertThat(new String(body.bytes(), StandardCharsets.UTF_8)).as("declared %d", declared).isEqualTo("hello world");
        }
    }

    @Test
    @DisplayName("R-4 a body of exactly its declared length is returned without a copy; an empty one is empty")
    void exactLengthIsNotCopied() {
        BodyBytes body = new BodyBytes(5, NONE);
        body.add(buf("12345"));
        assertThat(body.bytes()).isSameAs(body.bytes()).hasSize(5);
        assertThat(new BodyBytes(-1, NONE).bytes()).isEmpty();
        assertThat(new BodyBytes(42, NONE).bytes()).as("declared but never sent, as after HEAD").isEmpty();
    }

    @Test
    @DisplayName("R-4 a body larger than its presized array grows to hold it all")
    void growsPastThePresize() {
        BodyBytes body = new BodyBytes(200_000, NONE);
        byte[] chunk = new byte[50_000];
        for (int i = 0; i < 5; i++) {
            Arrays.fill(chunk, (byte) i);
            body.add(Unpooled.wrappedBuffer(chunk.clone()));
        }
        byte[] all = body.bytes();
        assertThat(all).hasSize(250_000);
        assertThat(all[0]).isEqualTo((byte) 0);
        assertThat(all[249_999]).isEqualTo((byte) 4);
    }

    @Test
    @DisplayName("R-12 the limit refuses a declared length over it at once, and an undeclared body as it passes it")
    void limit() {
        ResponseLimit ten = new ResponseLimit(ApiKind.REQUEST, "api.example.com", 10);
        assertThatThrownBy(() -> new BodyBytes(11, ten)).isInstanceOf(MpNetException.class)
                .hasMessageContaining("(R-12)").hasMessageContaining("Content-Length is 11 bytes");
        BodyBytes body = new BodyBytes(-1, ten);
        body.add(buf("0123456789"));
        assertThat(body.bytes()).as("exactly the limit is allowed").hasSize(10);
        assertThatThrownBy(() -> body.add(buf("x"))).isInstanceOf(MpNetException.class).hasMessageContaining("(R-12)");
        assertThat(body.bytes()).as("the byte past the limit is never held").hasSize(10);
    }
}
