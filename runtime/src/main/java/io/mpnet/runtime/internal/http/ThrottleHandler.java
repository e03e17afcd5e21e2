package io.mpnet.runtime.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;

/**
 * Throttles one connection's exchange as its runtime's {@link Throttling} says (N-6): a response's
 * first bytes are held for the added latency, then every chunk read or written waits its turn on
 * the runtime's shared lines. A held chunk is delivered (or sent) when its time comes, in order, so
 * a one-chunk answer is as slow as a large one is per byte; meanwhile the connection reads nothing
 * more (auto-read off, reads asked for are held back) and, over HTTP/1.1, tells writers it is not
 * writable, so an upload's encoder stops reading its file as a throttled socket would make it.
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
    private boolean awaitingResponse;
    private final ArrayDeque<Held> reads = new ArrayDeque<>(4);
    private final ArrayDeque<Held> writes = new ArrayDeque<>(4);
    private boolean readPumpScheduled;
    private boolean writePumpScheduled;
    private boolean readSuspended;
    private boolean autoReadTurnedOff;
    private boolean readAsked;

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
        h.exchange(active ? throttling : null);
    }

    private void exchange(@Nullable Throttling t) {
        throttling = t;
        awaitingResponse = t != null; // the response's first bytes carry the latency
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Throttling t = throttling;
        if (t == null && reads.isEmpty()) {
            ctx.fireChannelRead(msg);
            return;
        }
        long now = t == null ? 0 : t.now();
        long notBefore = now;
        if (awaitingResponse && t != null) {
            awaitingResponse = false;
            notBefore = now + t.latencyMillis();
        }
        if (reads.isEmpty() && notBefore == now) {
            long wait = t == null ? 0 : t.wait(true, size(msg), now);
            if (wait < Throttling.MIN_WAIT_MS) {
                ctx.fireChannelRead(msg);
                return;
            }
            reads.add(Held.counted(msg, null, now + wait));
        } else {
            reads.add(Held.waiting(msg, null, notBefore));
        }
        suspendReading(ctx);
        pumpReads();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (reads.isEmpty()) {
            ctx.fireChannelReadComplete();
        } // else told when the held reads are delivered
    }

    /**
     * The peer's end comes after what it sent, so what is held is delivered first, at once: the
     * channel's handlers are removed right after this (an h2 stream ends so as soon as its last frame
     * arrives), and a held read would be lost. Such an answer ends up to a chunk's wait early.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Held h;
        boolean delivered = false;
        while ((h = reads.poll()) != null) {
            delivered = true;
            ctx.fireChannelRead(h.msg);
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
        if (t == null && writes.isEmpty()) {
            ctx.write(msg, promise);
            return;
        }
        if (writes.isEmpty()) {
            long now = t.now();
            long wait = t.wait(false, size(msg), now);
            if (wait < Throttling.MIN_WAIT_MS) {
                ctx.write(msg, promise);
                return;
            }
            writes.add(Held.counted(msg, promise, now + wait));
            writable(ctx, false);
        } else {
            writes.add(Held.waiting(msg, promise, 0));
        }
        pumpWrites();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        Held last = writes.peekLast();
        if (last == null) {
            ctx.flush();
        } else {
            last.flush = true; // flushed when it is written
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        dropHeld(); // our side ends the exchange (an abort, R-8): what is held goes nowhere
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropHeld();
    }

    private void pumpReads() {
        ChannelHandlerContext c = ctx;
        Throttling t = throttling;
        if (c == null || readPumpScheduled) {
            return;
        }
        boolean delivered = false;
        Held h;
        while ((h = reads.peek()) != null) {
            long wait = h.waitFrom(t, true);
            if (wait >= Throttling.MIN_WAIT_MS && t != null) {
                readPumpScheduled = true;
                t.schedule(() -> c.executor().execute(() -> {
                    readPumpScheduled = false;
                    pumpReads();
                }), wait);
                break;
            }
            reads.poll();
            delivered = true;
            c.fireChannelRead(h.msg);
        }
        if (delivered) {
            c.fireChannelReadComplete();
        }
        if (reads.isEmpty()) {
            resumeReading(c);
        }
    }

    private void pumpWrites() {
        ChannelHandlerContext c = ctx;
        Throttling t = throttling;
        if (c == null || writePumpScheduled) {
            return;
        }
        Held h;
        while ((h = writes.peek()) != null) {
            long wait = h.waitFrom(t, false);
            if (wait >= Throttling.MIN_WAIT_MS && t != null) {
                writePumpScheduled = true;
                t.schedule(() -> c.executor().execute(() -> {
                    writePumpScheduled = false;
                    pumpWrites();
                }), wait);
                return;
            }
            writes.poll();
            c.write(h.msg, h.promise);
            if (h.flush) {
                c.flush();
            }
        }
        writable(c, true);
    }

    private void suspendReading(ChannelHandlerContext ctx) {
        if (!readSuspended) {
            readSuspended = true;
            if (ctx.channel().config().isAutoRead()) {
                autoReadTurnedOff = true;
                ctx.channel().config().setAutoRead(false);
            }
        }
    }

    private void resumeReading(ChannelHandlerContext ctx) {
        if (!readSuspended) {
            return;
        }
        readSuspended = false;
        boolean asked = readAsked;
        readAsked = false;
        if (autoReadTurnedOff) {
            autoReadTurnedOff = false;
            ctx.channel().config().setAutoRead(true); // which reads
        } else if (asked) {
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

    private void dropHeld() {
        Held h;
        while ((h = reads.poll()) != null) {
            ReferenceCountUtil.release(h.msg);
        }
        while ((h = writes.poll()) != null) {
            ReferenceCountUtil.release(h.msg);
            if (h.promise != null) {
                h.promise.tryFailure(new ClosedChannelException());
            }
        }
        readSuspended = false;
    }

    /** The bytes {@code msg} puts on the line: a buffer's, a frame's or a file region's. */
    private static long size(Object msg) {
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

    /**
     * A chunk held back: counted on its line when it arrived at an idle queue, or, behind others, once
     * its turn (and a response's latency) has come, so each chunk's wait starts where the last one's ended.
     */
    private static final class Held {
        final Object msg;
        final @Nullable ChannelPromise promise;
        long at; // when it may go: its due time once counted, else the earliest it may be counted
        boolean counted;
        boolean flush;

        private Held(Object msg, @Nullable ChannelPromise promise, long at, boolean counted) {
            this.msg = msg;
            this.promise = promise;
            this.at = at;
            this.counted = counted;
        }

        static Held counted(Object msg, @Nullable ChannelPromise promise, long due) {
            return new Held(msg, promise, due, true);
        }

        static Held waiting(Object msg, @Nullable ChannelPromise promise, long notBefore) {
            return new Held(msg, promise, notBefore, false);
        }

        /** How long it still waits at {@code t}'s now, counting it on its line once it may be counted. */
        long waitFrom(@Nullable Throttling t, boolean read) {
            if (t == null) {
                return 0; // the exchange that held it is over: let it through
            }
            long now = t.now();
            if (!counted && now >= at) {
                counted = true;
                at = now + t.wait(read, size(msg), now);
            }
            return at - now;
        }
    }
}
