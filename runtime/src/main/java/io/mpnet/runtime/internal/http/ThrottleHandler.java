package io.mpnet.runtime.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;

/**
 * Throttles one connection's exchange as its runtime's {@link Throttling} says (N-6): the request is
 * held for the added latency before it goes, then every chunk read or written waits its turn on
 * the runtime's shared lines. A held chunk is delivered (or sent) when its time comes, in order, so
 * a one-chunk answer is as slow as a large one is per byte; meanwhile the connection reads nothing
 * more (auto-read off, reads asked for are held back) and, over HTTP/1.1 and WebSocket, tells
 * writers it is not writable, so an upload's encoder stops reading its file as a throttled socket
 * would make it. What arrives behind held reads (a TLS close, a user event, an error) waits its
 * turn too, so it never overtakes the data it followed.
 *
 * <p>The latency goes before the request rather than after it because a connection the peer
 * closes (or an h2 stream whose answer has ended) hands over everything held at once: its handlers
 * are removed right after. An h2 stream is throttled on reads only: its channel has no write buffer
 * whose writability a throttle could lower, so held sends would pile up a whole upload in memory.
 * Its latency is held on a request without a body (its one HEADERS frame), and on the answer's first
 * bytes for one with a body.
 *
 * <p>Installed on a connection by the first exchange that needs it ({@link #onRequest}) and kept: a
 * pooled connection serves exchanges of other runtimes too, each of which sets the throttling it
 * follows, or none. It sits where {@code ConnectionTimings} counts the HTTP bytes (past TLS), on an
 * h2 stream's own channel, or past TLS on a WebSocket's connection. Every method runs on the
 * connection's event loop; the runtime's scheduler only says when, then hands the work back.
 */
public final class ThrottleHandler extends ChannelDuplexHandler {

    static final AttributeKey<ThrottleHandler> KEY = AttributeKey.valueOf("mpnet.throttle");
    private static final String NAME = "mpnet.throttle";
    /** The writability bit this handler owns; Netty's own shaping handlers use 1 to 3. */
    private static final int WRITABILITY_INDEX = 7;

    private @Nullable Throttling throttling;
    private @Nullable ChannelHandlerContext ctx;
    private boolean stream; // an h2 stream's channel
    private boolean latencyPending; // the exchange has not waited its latency yet
    private final Held.Queue reads = new Held.Queue(true);
    private final Held.Queue writes = new Held.Queue(false);
    private boolean readSuspended;
    private boolean autoReadTurnedOff;
    private boolean readAsked;

    /** A user event held behind reads. */
    private record Event(Object event) {
    }

    /** An error held behind reads. */
    private record Failure(Throwable cause) {
    }

    /**
     * The hook of an exchange starting on {@code conn}: makes it follow {@code throttling} if that is
     * {@linkplain Throttling#active active}, else nothing, and a handler left by an earlier exchange
     * let everything through. Unthrottled runtimes pay one volatile read and one attribute look-up.
     */
    public static void onRequest(Connection conn, Throttling throttling) {
        Channel ch = conn.channel();
        boolean active = throttling.active();
        if (!active && !ch.hasAttr(KEY)) {
            return;
        }
        ThrottleHandler h = ch.attr(KEY).get();
        if (h == null) {
            h = new ThrottleHandler();
            ch.attr(KEY).set(h);
            ChannelPipeline p = ch.pipeline();
            if (p.get(ConnectionTimings.BYTES_NAME) != null) {
                p.addAfter(ConnectionTimings.BYTES_NAME, NAME, h); // the HTTP bytes, as R-10 counts them
            } else if (p.get(SslHandler.class) != null) {
                p.addAfter(p.context(SslHandler.class).name(), NAME, h);
            } else {
                p.addFirst(NAME, h); // plain HTTP/1.1 or a WebSocket, or an h2 stream's frames
            }
        }
        h.throttling = active ? throttling : null;
        h.latencyPending = active;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.stream = ctx.channel().parent() != null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Throttling t = throttling;
        if (t == null) {
            hold(ctx, msg, 0, 0);
            return;
        }
        long now = t.now();
        long notBefore = now;
        if (latencyPending) { // an h2 request with a body: the answer's first bytes wait instead
            latencyPending = false;
            notBefore = now + t.latencyMillis();
        }
        hold(ctx, msg, notBefore == now ? size(msg) : -1, notBefore);
    }

    /**
     * Delivers {@code msg} now if nothing is held and it need not wait, else holds it: counted on the
     * line at once when {@code size} is known and the queue idle, else once its turn comes.
     */
    private void hold(ChannelHandlerContext ctx, Object msg, long size, long notBefore) {
        Throttling t = throttling;
        if (reads.isEmpty()) {
            long wait = t == null || size < 0 ? -1 : t.wait(true, size, notBefore);
            if (t == null || wait >= 0 && wait < Throttling.MIN_WAIT_MS) {
                deliverRead(ctx, msg);
                return;
            }
            reads.add(size >= 0 ? Held.counted(msg, null, notBefore + wait) : Held.waiting(msg, null, notBefore));
        } else {
            reads.add(Held.waiting(msg, null, notBefore));
        }
        suspendReading(ctx);
        pump(reads);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (reads.isEmpty()) {
            ctx.fireChannelReadComplete();
        } // else told when the held reads are delivered
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (reads.isEmpty()) {
            ctx.fireUserEventTriggered(evt);
        } else {
            reads.add(Held.waiting(new Event(evt), null, 0)); // a TLS close after the data must not overtake it
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (reads.isEmpty()) {
            ctx.fireExceptionCaught(cause);
        } else {
            reads.add(Held.waiting(new Failure(cause), null, 0));
        }
    }

    /**
     * The peer's end comes after what it sent, so what is held is delivered first, at once: the
     * channel's handlers are removed right after this (an h2 stream ends so as soon as its last frame
     * arrives), and a held read would be lost. Such an answer ends up to a window of data early.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Held h;
        boolean delivered = false;
        while ((h = reads.poll()) != null) {
            delivered |= deliverRead(ctx, h.msg);
        }
        if (delivered) {
            ctx.fireChannelReadComplete();
        }
        readSuspended = false;
        ctx.fireChannelInactive();
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (readSuspended) {
            readAsked = true; // asked again once the held reads are through
        } else {
            ctx.read();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        Throttling t = throttling;
        if (t == null || !writes.isEmpty()) {
            if (writes.isEmpty()) {
                ctx.write(msg, promise);
            } else {
                writes.add(Held.waiting(msg, promise, 0)); // behind what is held
                pump(writes);
            }
            return;
        }
        long now = t.now();
        if (latencyPending && (!stream || msg instanceof Http2HeadersFrame f && f.isEndStream())) {
            latencyPending = false; // the request's first bytes wait; counted on the line when they go
            long latency = t.latencyMillis();
            if (latency >= Throttling.MIN_WAIT_MS) {
                writes.add(Held.waiting(msg, promise, now + latency));
                writable(ctx, false);
                pump(writes);
                return;
            }
        }
        if (stream) {
            ctx.write(msg, promise); // see the class comment: no throttled sends on an h2 stream
            return;
        }
        long wait = t.wait(false, size(msg), now);
        if (wait < Throttling.MIN_WAIT_MS) {
            ctx.write(msg, promise);
            return;
        }
        writes.add(Held.counted(msg, promise, now + wait));
        writable(ctx, false);
        pump(writes);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        Held last = writes.peekLast();
        if (last != null) {
            last.flush = true; // flushed again when it is written
        }
        ctx.flush(); // what went through before it goes now
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        dropHeld(ctx); // our side ends the exchange (an abort, R-8): what is held goes nowhere
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropHeld(ctx);
    }

    /** Hands on what is due in {@code q}, in order; waits on the runtime's scheduler for the rest. */
    private void pump(Held.Queue q) {
        ChannelHandlerContext c = ctx;
        Throttling t = throttling;
        if (c == null || q.scheduled) {
            return;
        }
        boolean delivered = false;
        Held h;
        while ((h = q.peek()) != null) {
            long wait = h.waitFrom(t, q.download);
            if (wait >= Throttling.MIN_WAIT_MS && t != null) {
                q.scheduled = true;
                t.schedule(() -> c.executor().execute(() -> {
                    q.scheduled = false;
                    pump(q);
                }), wait);
                break;
            }
            q.poll();
            if (q.download) {
                delivered |= deliverRead(c, h.msg);
            } else {
                c.write(h.msg, h.promise);
                if (h.flush) {
                    c.flush();
                }
            }
        }
        if (q.download) {
            if (delivered) {
                c.fireChannelReadComplete();
            }
            if (q.isEmpty()) {
                resumeReading(c);
            }
        } else if (q.isEmpty()) {
            writable(c, true);
        }
    }

    /** Fires a held inbound item; whether it was a read (rather than an event or an error). */
    private static boolean deliverRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Event e) {
            ctx.fireUserEventTriggered(e.event());
            return false;
        }
        if (msg instanceof Failure f) {
            ctx.fireExceptionCaught(f.cause());
            return false;
        }
        ctx.fireChannelRead(msg);
        return true;
    }

    private void suspendReading(ChannelHandlerContext ctx) {
        if (!readSuspended) {
            readSuspended = true;
            ChannelConfig config = ctx.channel().config();
            if (config.isAutoRead()) {
                autoReadTurnedOff = true;
                config.setAutoRead(false);
            }
        }
    }

    /**
     * Reads again as before the hold. Like Netty's own shaping handlers, it reads once more whether
     * or not auto-read changed: Reactor Netty may have turned auto-read off and on again meanwhile,
     * and the read that asked for was held back here.
     */
    private void resumeReading(ChannelHandlerContext ctx) {
        if (!readSuspended) {
            return;
        }
        readSuspended = false;
        boolean asked = readAsked;
        readAsked = false;
        ChannelConfig config = ctx.channel().config();
        if (autoReadTurnedOff) {
            autoReadTurnedOff = false;
            config.setAutoRead(true);
        }
        if (asked || config.isAutoRead()) {
            ctx.read();
        }
    }

    /** Over HTTP/1.1 and WebSocket, whether writers may go on; an h2 stream has no buffer to tell. */
    private static void writable(ChannelHandlerContext ctx, boolean writable) {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        if (buffer != null) {
            buffer.setUserDefinedWritability(WRITABILITY_INDEX, writable);
        }
    }

    private void dropHeld(ChannelHandlerContext ctx) {
        Held h;
        while ((h = reads.poll()) != null) {
            ReferenceCountUtil.release(h.msg instanceof Event e ? e.event() : h.msg);
        }
        while ((h = writes.poll()) != null) {
            ReferenceCountUtil.release(h.msg);
            if (h.promise != null) {
                h.promise.tryFailure(new ClosedChannelException());
            }
        }
        writable(ctx, true);
        resumeReading(ctx);
    }

    /** The bytes {@code msg} puts on the line: a buffer's, a frame's or a file region's. */
    static long size(Object msg) {
        if (msg instanceof ByteBuf b) {
            return b.readableBytes();
        }
        if (msg instanceof ByteBufHolder h) {
            return h.content().readableBytes();
        }
        if (msg instanceof FileRegion f) {
            return f.count();
        }
        return 0;
    }
}
