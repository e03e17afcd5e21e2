package io.mpnet.runtime.internal.http;

import io.mpnet.runtime.internal.call.CallProfile;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.net.SocketAddress;
import reactor.netty.ChannelPipelineConfigurer;
import reactor.netty.Connection;

/**
 * Stamps each new connection with when its connect and TLS handshake started and ended, and tells
 * a call whether it got a fresh or a pooled connection. Installed once on the runtime's base
 * client: one configurer instance keeps the pool key stable, while per-call hooks would split it.
 */
final class ConnectionTimings extends ChannelDuplexHandler {

    static final AttributeKey<long[]> TIMES = AttributeKey.valueOf("mpnet.timings");
    static final AttributeKey<Boolean> USED = AttributeKey.valueOf("mpnet.used");

    private static final int CONNECT_START = 0;
    private static final int CONNECT_END = 1;
    private static final int SSL_START = 2;
    private static final int SSL_END = 3;

    /** The configurer to pass to {@code doOnChannelInit}. */
    static final ChannelPipelineConfigurer INSTALL = (observer, channel, remote) -> {
        if (channel.parent() == null) {
            channel.attr(TIMES).set(new long[] {-1, -1, -1, -1});
            channel.pipeline().addFirst("mpnet.timings", new ConnectionTimings());
        }
    };

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

    /** Records in {@code profile} whether {@code conn} is reused and, for a new one, its connect and TLS times. */
    static void record(Connection conn, CallProfile profile) {
        Channel ch = conn.channel().parent() != null ? conn.channel().parent() : conn.channel();
        boolean reused = ch.attr(USED).getAndSet(Boolean.TRUE) != null;
        long[] t = ch.attr(TIMES).get();
        if (reused || t == null) {
            profile.connection(reused, -1, -1, -1, -1);
        } else {
            // With TLS the socket counts as connected once the handshake is done, as the platform reports it.
            long end = t[SSL_END] >= 0 ? t[SSL_END] : t[CONNECT_END];
            profile.connection(false, t[CONNECT_START], end, t[SSL_START], t[SSL_END]);
        }
    }
}
