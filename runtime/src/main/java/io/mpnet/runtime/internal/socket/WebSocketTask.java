package io.mpnet.runtime.internal.socket;

import io.mpnet.runtime.internal.call.CallProfile;
import io.mpnet.runtime.internal.http.ConnectionTimings;
import io.mpnet.runtime.internal.http.ResponseHeaders;
import io.mpnet.runtime.internal.stage.SocketGate;
import io.mpnet.runtime.internal.call.CallEvents;
import io.mpnet.runtime.internal.call.Failures;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.CloseFrame;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.NetworkEvent;
import io.mpnet.runtime.SocketEvent;
import io.mpnet.runtime.SocketTask;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.ReferenceCountUtil;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/** An open socket over Reactor Netty's WebSocket inbound and outbound (S-2, S-3, S-5). */
public final class WebSocketTask implements SocketTask {

    private static final ApiKind API = ApiKind.CONNECT_SOCKET;
    /** The name Netty's client handshaker gives the frame decoder. */
    private static final String FRAME_DECODER = "ws-decoder";

    private final String host;
    private final WebsocketInbound in;
    private final WebsocketOutbound out;
    private final Connection connection;
    private final long maxQueuedBytes;
    private final SocketGate.Permit permit;
    private final @Nullable CallEvents watch; // reports frames and the close when someone listens (events())
    private final SocketEvent.Open open;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final CloseFrameWatch closeFrame = new CloseFrameWatch();
    private final MessageLimit limit;
    private final Scheduler loop;
    private volatile boolean closeSent;

    WebSocketTask(String host, WebsocketInbound in, WebsocketOutbound out, long maxQueuedBytes, int maxMessageBytes,
            SocketGate.Permit permit, @Nullable CallEvents watch, CallProfile profile) {
        this.host = host;
        this.watch = watch;
        this.permit = permit;
        this.in = in;
        this.out = out;
        AtomicReference<@Nullable Connection> c = new AtomicReference<>();
        in.withConnection(c::set); // called at once: the inbound is its connection's
        this.connection = Objects.requireNonNull(c.get(), "connection");
        ConnectionTimings.record(connection, profile); // the connect and TLS times of the opening
        ConnectionTimings.forget(connection); // then the socket, held for long, keeps no times
        this.loop = Schedulers.fromExecutor(connection.channel().eventLoop());
        // Added on the event loop as the handshake completes, so no frame passes before it.
        connection.addHandlerLast("mpnet.closeFrameWatch", closeFrame);
        // S-7: the fragments of a message bounded together, from the first frame on (not from the
        // subscription), and the one place that ends the socket with 1009 whichever bound caught it
        connection.addHandlerLast("mpnet.frameAggregator", new WebSocketFrameAggregator(maxMessageBytes));
        this.limit = new MessageLimit(maxMessageBytes);
        connection.addHandlerLast("mpnet.messageLimit", limit);
        // Netty's handshaker puts the frame encoder after the frame decoder, so the 1009 close the decoder
        // writes for an oversized frame would reach TLS unencoded and be lost: an encoder before the decoder
        // sends it (frames from later handlers arrive here encoded already and pass through).
        if (connection.channel().pipeline().get(FRAME_DECODER) != null) {
            connection.channel().pipeline().addBefore(FRAME_DECODER, "mpnet.decoderCloseEncoder",
                    new WebSocket13FrameEncoder(true));
        }
        this.maxQueuedBytes = maxQueuedBytes;
        String protocol = in.selectedSubprotocol();
        this.open = new SocketEvent.Open(ResponseHeaders.of(in.headers()), protocol == null ? "" : protocol,
                profile.socketOpened());
    }

    /** The open event, as the task's events begin with it. */
    SocketEvent.Open opening() {
        return open;
    }

    /**
     * Completes when the connection is closed, however; the socket's slot is free by then (S-4),
     * whether or not anyone listened to its events.
     */
    Mono<Void> closed() {
        return connection.onDispose().doFinally(s -> {
            permit.release();
            if (watch != null && !subscribed.get()) { // nobody reads the events: no close event tells the code
                watch.socketClosed(closeFrame.seen || closeSent ? 1005 /* no status known */ : CloseFrame.ABNORMAL,
                        "closed while nobody read the socket's events");
            }
        });
    }

    /** Closes a socket nobody will hold. */
    void abandon() {
        connection.channel().close();
    }

    /** Closes the socket with 1001 (going away) as its runtime closes; a code callers may not send (S-3). */
    void goAway() {
        closeSent = true;
        out.sendClose(1001, "the mini program's network runtime closed").subscribe(null, e -> abandon());
    }

    @Override
    public Flux<SocketEvent> events() {
        if (!subscribed.compareAndSet(false, true)) {
            return Flux.error(new IllegalStateException("the events of a SocketTask have one subscriber;"
                    + " share() them for more"));
        }
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        Flux<SocketEvent> messages = in.receiveFrames()
                .<SocketEvent>handle((frame, sink) -> {
                    // copied before Reactor Netty releases the frame after this call; pings are answered below us
                    if (frame instanceof TextWebSocketFrame t) {
                        String text = t.text();
                        if (watch != null) {
                            watch.frame(NetworkEvent.Direction.RECEIVED, text, t.content().readableBytes());
                        }
                        sink.next(new SocketEvent.Message(text));
                    } else if (frame instanceof BinaryWebSocketFrame b) {
                        if (watch != null) {
                            watch.frame(NetworkEvent.Direction.RECEIVED, null, b.content().readableBytes());
                        }
                        sink.next(new SocketEvent.Message(ByteBufUtil.getBytes(b.content())));
                    }
                })
                .onErrorResume(e -> {
                    failure.set(e);
                    return Mono.empty();
                });
        // The slot is free before the close event is seen (S-4), not only once the channel is gone:
        // a caller reacting to the close with a new connectSocket must find it free.
        // The last events are decided in a later task of the connection's event loop: Netty's frame decoder
        // closes the channel (ending the messages) before it reports the oversized frame that made it close
        // (S-7), and that report is handled by then.
        return Flux.concat(Mono.just(open), messages, Flux.defer(() -> end(failure.get()))
                .subscribeOn(loop)
                .doOnNext(e -> {
                    if (e instanceof SocketEvent.Close c) {
                        permit.release();
                        if (watch != null) {
                            watch.socketClosed(c.code(), c.reason());
                        }
                    }
                }))
                .doOnCancel(this::cancelled); // before the cancel reaches Reactor Netty, so the close frame goes first
    }

    /**
     * The events' subscriber cancelled: the socket is closed with 1000 (SocketTask#events), and the
     * connection once the frame is written; its end frees the slot (S-4). Nobody waits for the server's answer.
     */
    private void cancelled() {
        if (closeSent || closeFrame.seen || !connection.channel().isActive()) {
            return; // closing or closed already: the connection's end frees the slot
        }
        closeSent = true;
        out.sendClose(CloseFrame.NORMAL, "").subscribe(null, e -> abandon(), this::abandon);
    }

    /** The last events: the close the server or the caller sent, or S-5 for a connection lost without one. */
    private Flux<SocketEvent> end(@Nullable Throwable failure) {
        if (limit.exceeded) {
            return Flux.just(new SocketEvent.Error(limit.failure()),
                    new SocketEvent.Close(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), limit.reason()));
        }
        // Reactor Netty reports a connection that simply ended as 1005, as it does a close frame
        // without a code; only the frame itself tells an orderly close from a lost connection.
        return in.receiveCloseStatus()
                .filter(s -> failure == null && (closeFrame.seen || closeSent))
                .map(s -> Flux.<SocketEvent>just(new SocketEvent.Close(s.code(), s.reasonText())))
                .defaultIfEmpty(Flux.defer(() -> Flux.just(new SocketEvent.Error(lost(failure)),
                        new SocketEvent.Close(CloseFrame.ABNORMAL, "abnormal closure"))))
                .flatMapMany(f -> f);
    }

    private MpNetException lost(@Nullable Throwable failure) {
        String how = "the connection to " + host + " was lost without a close frame";
        if (failure == null) {
            return new MpNetException(API, FailReason.NETWORK, "S-5", how + "; the server or the network dropped it");
        }
        MpNetException mapped = Failures.map(API, host, failure);
        return new MpNetException(API, mapped.reason(), "S-5", how + ": " + mapped.explanation(), failure);
    }

    @Override
    public Mono<Void> send(String text) {
        Objects.requireNonNull(text, "text");
        return write(() -> new TextWebSocketFrame(text));
    }

    @Override
    public Mono<Void> send(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return write(() -> new BinaryWebSocketFrame(Unpooled.copiedBuffer(bytes)));
    }

    private Mono<Void> write(Supplier<WebSocketFrame> frames) {
        return Mono.defer(() -> {
            // after a close frame either way nothing more may be sent (RFC 6455), and Reactor Netty
            // would drop such a frame without failing the send
            if (closeSent || closeFrame.seen || !connection.channel().isActive()) {
                return Mono.error(notOpen(null));
            }
            WebSocketFrame frame = frames.get();
            long size = frame.content().readableBytes();
            long before = queuedBytes.getAndAdd(size);
            // a send into an empty buffer always goes, so a message larger than the bound can still be sent
            if (before > 0 && before + size > maxQueuedBytes) {
                queuedBytes.addAndGet(-size);
                frame.release();
                return Mono.error(new MpNetException(API, FailReason.LIMIT_EXCEEDED, "S-2", before
                        + " bytes of earlier sends to " + host + " are not yet written and this message of " + size
                        + " would pass the bound of " + maxQueuedBytes + " bytes; wait for earlier sends to"
                        + " complete, or raise SocketOptions.maxQueuedBytes"));
            }
            if (watch != null) {
                watch.frame(NetworkEvent.Direction.SENT,
                        frame instanceof TextWebSocketFrame t ? t.text() : null, (int) size);
            }
            // A Flux, not the frame or a Mono: Reactor Netty writes those with a writeAndFlush from this
            // thread, one wake-up and flush each, while a Flux is written on the event loop, which
            // flushes a burst of sends together (three times the throughput in SocketEchoBenchmark).
            return out.sendObject(Flux.just(frame)).then()
                    .doFinally(s -> queuedBytes.addAndGet(-size))
                    .onErrorMap(e -> connection.channel().isActive() ? Failures.map(API, host, e) : notOpen(e));
        });
    }

    private MpNetException notOpen(@Nullable Throwable cause) {
        return new MpNetException(API, FailReason.NETWORK, "S-2", "the socket to " + host
                + " is closed; nothing more can be sent on it, connect again", cause);
    }

    @Override
    public Mono<Void> close(int code, String reason) {
        Objects.requireNonNull(reason, "reason");
        return Mono.defer(() -> {
            CloseFrame.validate(code, reason); // S-3: a refused close leaves the socket as it was
            closeSent = true;
            return out.sendClose(code, reason);
        }).onErrorMap(e -> !(e instanceof MpNetException), e -> Failures.map(API, host, e));
    }

    /**
     * S-7: a message from the server over {@code maxMessageBytes}, after decompression. Netty's bounds
     * catch it while it is assembled (the inflater's allocation, the frame decoder, the aggregator) and
     * report it as an exception; a single frame between the message bound and the frame limit is caught
     * here. Either way the socket is closed with 1009 and nothing more is delivered.
     */
    private final class MessageLimit extends ChannelInboundHandlerAdapter {
        private final int max;
        volatile boolean exceeded;
        private volatile @Nullable Throwable cause;

        MessageLimit(int max) {
            this.max = max;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (exceeded) {
                ReferenceCountUtil.release(msg); // the socket is closing: the rest of the read is dropped
            } else if ((msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame)
                    && ((WebSocketFrame) msg).content().readableBytes() > max) {
                ReferenceCountUtil.release(msg);
                exceed(ctx, null);
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable error) {
            if (tooBig(error)) {
                exceed(ctx, error);
            } else {
                ctx.fireExceptionCaught(error);
            }
        }

        private void exceed(ChannelHandlerContext ctx, @Nullable Throwable error) {
            if (exceeded) {
                return;
            }
            cause = error;
            closeSent = true;
            exceeded = true;
            if (error instanceof CorruptedWebSocketFrameException) {
                return; // Netty's frame decoder has sent the 1009 and closes the channel itself
            }
            // not Reactor Netty's sendClose, which waits for the server's answer: a server sending a
            // bomb is not trusted to answer, so the connection ends once the frame is written
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG, reason()))
                    .addListener(ChannelFutureListener.CLOSE);
        }

        private boolean tooBig(Throwable error) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (t instanceof TooLongFrameException // the aggregator: the fragments together
                        || (t instanceof CorruptedWebSocketFrameException c // the frame decoder: one frame
                                && c.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code())
                        // the inflater's maxAllocation; corrupt data is a DecompressionException too
                        || (t instanceof DecompressionException && String.valueOf(t.getMessage())
                                .startsWith("Decompression buffer has reached maximum size"))) {
                    return true;
                }
                if (t.getCause() == t) {
                    break;
                }
            }
            return false;
        }

        String reason() {
            return "message over maxMessageBytes (" + max + " bytes)";
        }

        MpNetException failure() {
            return new MpNetException(API, FailReason.NETWORK, "S-7", "a message from " + host + " is larger than"
                    + " maxMessageBytes, " + max + " bytes (counted whole and after decompression); the socket was"
                    + " closed with 1009 (message too big). Raise SocketOptions.maxMessageBytes if the server's"
                    + " messages are meant to be this large", cause);
        }
    }

    /** Notes a close frame from the server on its way to Reactor Netty, which consumes it. */
    private static final class CloseFrameWatch extends ChannelInboundHandlerAdapter {
        volatile boolean seen;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof CloseWebSocketFrame) {
                seen = true;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
