package io.mpnet.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.NetworkConditions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.netty.Connection;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * N-6: {@link ThrottleHandler} on an embedded channel, in virtual time: what it holds, in which
 * order it lets things go, and how it leaves the channel's reading and writability.
 */
class ThrottleHandlerTest {

    final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    final MiniProgramNetwork net = MiniProgramNetwork.builder(NetworkConfig.builder().appId("wx0123456789abcdef")
            .build()).scheduler(vts).build();
    final Throttling throttling = new Throttling(net.networkState(), vts, () -> vts.now(TimeUnit.NANOSECONDS));
    /** What passed the throttle inbound, in order. */
    final List<Object> seen = new ArrayList<>();
    /** read() calls that passed the throttle towards the socket. */
    int reads;

    @AfterEach
    void close() {
        net.close();
    }

    /** A channel with the throttle of an exchange installed, a reader behind it and a read counter before it. */
    EmbeddedChannel channel(NetworkConditions conditions) {
        net.networkState().conditions(conditions);
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen.add(msg instanceof ByteBuf b ? b.readableBytes() : msg);
                io.netty.util.ReferenceCountUtil.release(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                seen.add(evt);
            }
        });
        ThrottleHandler.onRequest(Connection.from(ch), throttling);
        ch.pipeline().addFirst(new ChannelDuplexHandler() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                reads++;
                ctx.read();
            }
        });
        return ch;
    }

    void advance(EmbeddedChannel ch, long millis) {
        vts.advanceTimeBy(Duration.ofMillis(millis));
        ch.runPendingTasks(); // the scheduler hands the pump back to the channel's loop
    }

    @Test
    @DisplayName("N-6 a held chunk goes when its time comes, and a user event (a TLS close) that came behind it waits its turn")
    void eventWaitsBehindHeldData() {
        EmbeddedChannel ch = channel(NetworkConditions.custom(Duration.ZERO, 1_000, 0));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[500])); // 0.5 s at 1 000 B/s
        ch.pipeline().fireUserEventTriggered("close_notify");
        assertThat(seen).isEmpty();
        assertThat(ch.config().isAutoRead()).as("no more reads while one is held").isFalse();
        advance(ch, 499);
        assertThat(seen).isEmpty();
        advance(ch, 1);
        assertThat(seen).containsExactly(500, "close_notify");
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    @DisplayName("N-6 a read asked for while reads were held back is made once they are through, whatever auto-read did meanwhile")
    void readAgainAfterHold() {
        EmbeddedChannel ch = channel(NetworkConditions.custom(Duration.ZERO, 1_000, 0));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[200]));
        // Reactor Netty's backpressure turns auto-read off and on again; its read is held back here
        ch.config().setAutoRead(false);
        ch.config().setAutoRead(true);
        int before = reads;
        advance(ch, 200);
        assertThat(seen).containsExactly(200);
        assertThat(reads).as("the held-back read is made").isGreaterThan(before);
        ch.finishAndReleaseAll();
    }

    @Test
    @DisplayName("N-6 an upload's chunk is held, writers are told the channel is not writable, and a flush lets what went before go")
    void writesHeldAndUnwritable() {
        EmbeddedChannel ch = channel(NetworkConditions.custom(Duration.ZERO, 0, 1_000));
        ChannelPromise sent = ch.newPromise();
        ch.write(Unpooled.wrappedBuffer(new byte[300]), sent);
        ch.flush();
        assertThat(sent.isDone()).isFalse();
        assertThat(ch.isWritable()).isFalse();
        assertThat((Object) ch.readOutbound()).isNull();
        advance(ch, 300);
        assertThat(sent.isSuccess()).isTrue();
        ByteBuf out = ch.readOutbound();
        assertThat(out.readableBytes()).isEqualTo(300);
        out.release();
        assertThat(ch.isWritable()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    @DisplayName("N-6 R-8 closing drops what is held: held reads are released, held writes fail, the channel reads and writes again")
    void closeDropsHeld() {
        EmbeddedChannel ch = channel(NetworkConditions.custom(Duration.ZERO, 1_000, 1_000));
        ByteBuf in = Unpooled.wrappedBuffer(new byte[100]);
        ch.writeInbound(in);
        ChannelPromise sent = ch.newPromise();
        ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[100]), sent);
        ch.close();
        assertThat(in.refCnt()).isZero();
        assertThat(sent.cause()).isInstanceOf(java.nio.channels.ClosedChannelException.class);
        advance(ch, 1_000);
        assertThat(seen).isEmpty();
    }

    @Test
    @DisplayName("N-6 an exchange of an unthrottled runtime on a connection a throttled one used lets everything through")
    void pooledExchangeOfAnotherRuntime() {
        EmbeddedChannel ch = channel(NetworkConditions.custom(Duration.ofMillis(500), 1_000, 0));
        MiniProgramNetwork other = MiniProgramNetwork.builder(NetworkConfig.builder().appId("wx0123456789abcdef").build())
                .scheduler(vts).build();
        try {
            ThrottleHandler.onRequest(Connection.from(ch), new Throttling(other.networkState(), vts,
                    () -> vts.now(TimeUnit.NANOSECONDS)));
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[5_000]));
            assertThat(seen).containsExactly(5_000);
        } finally {
            other.close();
            ch.finishAndReleaseAll();
        }
    }
}
