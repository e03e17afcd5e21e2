package io.mpnet.testing;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Works around a Reactor Netty 1.3.7 server bug that left keep-alive calls of the storm waiting for
 * their timeout: reactor/reactor-netty#4361 (fixed by #4347 after 1.3.7). When a keep-alive request
 * arrives before the previous request's operations have terminated, the server's
 * {@code HttpTrafficHandler} buffers it; once it has answered that buffered request synchronously
 * and drained the queue, nothing calls {@code ctx.read()} again, so the next request on the
 * connection stays unread in the socket until the client closes it. The client did its part: the
 * request was written and flushed.
 *
 * <p>The loopback servers of the tests get one more {@code read()} after each flush that ends a
 * response: the read the upstream fix restores. A read already pending is not doubled by the
 * channel, and after a response the server reads anyway, so a healthy connection does not notice.
 * HTTP/1.1 over TLS negotiated by ALPN gets its handlers after this runs and goes without.
 */
public final class KeepAliveReads {

    private static final String NAME = "mpnet.test.rearmRead";

    private KeepAliveReads() {
    }

    /**
     * {@code server} with the re-armed read on each HTTP/1.1 connection. Remove when Reactor Netty is
     * past 1.3.7. {@code -Dmpnet.test.keepAliveReads=false} leaves it out, to watch the bug happen.
     */
    public static HttpServer rearmed(HttpServer server) {
        if (!Boolean.parseBoolean(System.getProperty("mpnet.test.keepAliveReads", "true"))) {
            return server;
        }
        return server.doOnChannelInit((observer, channel, remote) -> install(channel));
    }

    private static void install(Channel channel) {
        // Only where the HTTP/1.1 traffic handler runs: an h2 connection has no such queue.
        if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null && channel.pipeline().get(NAME) == null) {
            // Between the codec and the traffic handler, where a response's end is still an HttpObject.
            channel.pipeline().addBefore(NettyPipeline.HttpTrafficHandler, NAME, new Rearm());
        }
    }

    private static final class Rearm extends ChannelDuplexHandler {
        private boolean responseEnded; // the event loop's only

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof LastHttpContent) {
                responseEnded = true;
            }
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            ctx.flush();
            if (responseEnded) {
                responseEnded = false;
                ctx.read();
            }
        }
    }
}
