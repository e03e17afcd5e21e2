package io.mpnet.runtime;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One open WebSocket ({@code SocketTask}, S-2), from {@link MiniProgramNetwork#connectSocket}. The
 * socket holds one of the runtime's socket slots until it is closed, by either side or by a lost
 * connection (S-4). Sockets are not interrupted in the background (B-4). Implemented by the runtime
 * only.
 *
 * <p>{@link #send(String)}, {@link #send(byte[])} and {@link #close(int, String)} are cold, as
 * Reactor's publishers are: each acts when subscribed, and its {@code Mono} completes once the
 * frame is written to the network. Sends are written in the order they are subscribed.
 *
 * <p>The platform's task, returned at once with listeners and queued sends, is
 * {@code io.mpnet.runtime.compat.SocketTask}, for the callback style of {@code compat.Wx}.
 */
public interface SocketTask {

    /**
     * The socket's events: {@link SocketEvent.Open}, then messages as they arrive, then
     * {@link SocketEvent.Close} (after an {@link SocketEvent.Error} when the connection was lost, S-5,
     * or a message was over {@link SocketOptions#maxMessageBytes()}, S-7), then completion.
     *
     * <p>One subscriber, like Reactor Netty's inbound: the socket reads only as fast as that
     * subscriber requests, so a slow consumer slows the server rather than filling memory. Messages
     * that arrive before the subscription wait for it. Use {@code share()} for more subscribers.
     * Cancelling the subscription closes the socket with code 1000 and frees its slot (S-4).
     *
     * @return the events; a second subscription fails with {@link IllegalStateException}
     */
    Flux<SocketEvent> events();

    /**
     * Sends a text message.
     *
     * @return completes once written; fails with an {@code MpNetException} when the socket is closed,
     *     or at once when {@link SocketOptions#maxQueuedBytes()} of earlier sends are still unwritten
     */
    Mono<Void> send(String text);

    /** Sends a binary message (a copy of {@code bytes}, taken when subscribed); otherwise as {@link #send(String)}. */
    Mono<Void> send(byte[] bytes);

    /**
     * Closes the socket with {@code code} and {@code reason} (S-3): code 1000 or 3000-4999, reason at
     * most 123 UTF-8 bytes. A refused close fails with an {@code MpNetException} (rule S-3) and the
     * socket stays open. Closing a closed socket does nothing.
     */
    Mono<Void> close(int code, String reason);

    /** Closes the socket with code 1000 and no reason. */
    default Mono<Void> close() {
        return close(io.mpnet.policy.CloseFrame.NORMAL, "");
    }
}
