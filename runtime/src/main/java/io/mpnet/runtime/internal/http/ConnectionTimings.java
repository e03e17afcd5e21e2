package io.mpnet.runtime.internal.http;

import io.mpnet.runtime.internal.call.CallProfile;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLongArray;
import reactor.netty.ChannelPipelineConfigurer;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;

/**
 * Stamps each new connection with when its connect and TLS handshake started and ended, and tells
 * a call whether it got a fresh or a pooled connection. Installed once on the runtime's base
 * client: one configurer instance keeps the pool key stable, while per-call hooks would split it.
 * Public for the socket transport, whose openings are timed alike.
 */
public final class ConnectionTimings extends ChannelDuplexHandler {

    static final AttributeKey<long[]> TIMES = AttributeKey.valueOf("mpnet.timings");
    static final AttributeKey<Boolean> USED = AttributeKey.valueOf("mpnet.used");
    static final AttributeKey<AtomicLongArray> BYTES = AttributeKey.valueOf("mpnet.bytes");
    /** The name of the handler counting a connection's HTTP bytes. */
    static final String BYTES_NAME = "mpnet.bytes";

    private static final int CONNECT_START = 0;
    private static final int CONNECT_END = 1;
    private static final int SSL_START = 2;
    private static final int SSL_END = 3;

    /**
     * The configurer to pass to {@code doOnChannelInit} of a client whose connections open one
     * exchange and keep it (WebSocket): the connect and TLS times, no byte counter.
     */
    public static final ChannelPipelineConfigurer TIMES_ONLY = (observer, channel, remote) -> {
        if (channel.parent() == null) {
            channel.attr(TIMES).set(new long[] {-1, -1, -1, -1});
            channel.pipeline().addFirst("mpnet.timings", new ConnectionTimings());
        }
    };

    /** The configurer to pass to {@code doOnChannelInit} of the HTTP clients: the times and the byte counter. */
    public static final ChannelPipelineConfigurer INSTALL = (observer, channel, remote) -> {
        TIMES_ONLY.onChannelInit(observer, channel, remote);
        if (channel.parent() == null) {
            AtomicLongArray bytes = new AtomicLongArray(2);
            channel.attr(BYTES).set(bytes);
            // R-10 counts the HTTP bytes of each call, headers included: behind TLS, so its records are not counted
            ChannelPipeline p = channel.pipeline();
            if (p.get(NettyPipeline.SslHandler) != null) {
                p.addAfter(NettyPipeline.SslHandler, BYTES_NAME, new WireBytes(bytes));
            } else {
                p.addFirst(BYTES_NAME, new WireBytes(bytes));
            }
        }
    };

    /**
     * Counts the bytes a connection reads and writes, for the whole life of the connection: unlike
     * the timings, every exchange on it needs them. Netty's own traffic counters
     * (ChannelTrafficShapingHandler) would count too, but schedule a task per connection to do so.
     */
    static final class WireBytes extends ChannelDuplexHandler {
        private final AtomicLongArray bytes;

        WireBytes(AtomicLongArray bytes) {
            this.bytes = bytes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof ByteBuf b) {
                bytes.addAndGet(CallProfile.IN, b.readableBytes());
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof ByteBuf b) {
                bytes.addAndGet(CallProfile.OUT, b.readableBytes());
            } else if (msg instanceof FileRegion f) {
                bytes.addAndGet(CallProfile.OUT, f.count());
            }
            super.write(ctx, msg, promise);
        }
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise)
            throws Exception {
        ctx.channel().attr(TIMES).get()[CONNECT_START] = System.nanoTime();
        super.connect(ctx, remote, local, promise);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        long[] t = ctx.channel().attr(TIMES).get();
        long now = System.nanoTime();
        t[CONNECT_END] = now;
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null) {
            t[SSL_START] = now;
            ssl.handshakeFuture().addListener(f -> t[SSL_END] = System.nanoTime());
        }
        // Its work is done: left in, it would be one more handler every read and write of the
        // connection's life passes through.
        ctx.pipeline().remove(this);
        super.channelActive(ctx);
    }

    /**
     * Drops the recorded times of {@code conn}, which serves one exchange for good (a WebSocket once
     * open, its profile recorded): nothing reads them again, and an open socket is held for long.
     */
    @SuppressWarnings("deprecation") // Attribute.getAndRemove: removed, not only cleared, so the socket holds no entry
    public static void forget(Connection conn) {
        Channel ch = conn.channel();
        ch.attr(TIMES).getAndRemove();
        ch.attr(USED).getAndRemove();
    }

    /**
     * Records in {@code profile} whether {@code conn} is reused and, for a new one, its connect and
     * TLS times; the round trip its TCP handshake took, and, over HTTP/1.1, its byte counts.
     */
    public static void record(Connection conn, CallProfile profile) {
        boolean stream = conn.channel().parent() != null; // an h2 stream on its connection
        Channel ch = stream ? conn.channel().parent() : conn.channel();
        boolean reused = ch.attr(USED).getAndSet(Boolean.TRUE) != null;
        boolean secure = ch.pipeline().get(SslHandler.class) != null;
        long[] t = ch.attr(TIMES).get();
        long roundTrip = t == null || t[CONNECT_START] < 0 || t[CONNECT_END] < 0 ? -1 : t[CONNECT_END] - t[CONNECT_START];
        if (reused || t == null) {
            profile.connection(reused, secure, -1, -1, -1, -1, roundTrip);
        } else {
            // With TLS the socket counts as connected once the handshake is done, as the platform reports it.
            long end = t[SSL_END] >= 0 ? t[SSL_END] : t[CONNECT_END];
            profile.connection(false, secure, t[CONNECT_START], end, t[SSL_START], t[SSL_END], roundTrip);
        }
        AtomicLongArray bytes = ch.attr(BYTES).get();
        if (!stream && bytes != null) {
            profile.wire(bytes);
        }
    }
}
