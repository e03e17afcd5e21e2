package io.mpnet.runtime.internal.call;

import io.mpnet.policy.MpNetException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The boundary of one call: one small operator around its outermost stage, installed once by the
 * stage list ({@code MiniProgramNetwork.governed}, {@code Sockets.connect}), through which the call
 * ends. It does three things.
 *
 * <p>It cuts a running call short (T-2 timeout, B-2 background interruption): the first reason
 * given cancels the call's exchange (which frees its slot and closes its connection, R-8) and
 * fails it with that reason; each timer costs a registration, not a chain of operators. One small
 * operator rather than Reactor's {@code takeUntilOther(...).concatWith(...).onErrorMap(...)},
 * which took about a dozen objects and two thread-local trampolines per call for the same effect.
 * Whatever ends the call first (its own terminal signal, the caller's cancel, or the cut) wins a
 * single flag; the loser's signals are dropped. In particular the error a cut connection raises on
 * its event loop comes after the cut has won, so the call fails with the cut's reason, never with
 * "network".
 *
 * <p>It runs what the stages must undo when the call ends ({@link #onEnd}: the slot, the deadline,
 * the set of running calls, the connection of a cancelled exchange), once, before the end goes
 * downstream, so a caller that sees the result sees the slot free. And the call's own errors leave
 * through it as {@code MpNetException}s ({@link Failures#map}, E-1). One operator in place of a
 * {@code doFinally}, {@code doOnTerminate}, {@code doOnCancel} or {@code onErrorMap} per stage:
 * each of those was another subscriber that every signal of every call passed through. Installed
 * twice, the second is a no-op.
 */
final class CallBoundary {

    private static final AtomicReferenceFieldUpdater<CallBoundary, MpNetException> REASON =
            AtomicReferenceFieldUpdater.newUpdater(CallBoundary.class, MpNetException.class, "reason");

    private static final AtomicReferenceFieldUpdater<CallBoundary, EndAction> END_ACTIONS =
            AtomicReferenceFieldUpdater.newUpdater(CallBoundary.class, EndAction.class, "endActions");
    /** Marks the actions as run: an action registered later runs at once. */
    private static final EndAction RAN = new EndAction(() -> { }, null);

    // Let go once the call has ended: a socket's connection keeps this boundary reachable for the
    // socket's life, and through the mapping the whole call state (its request, hop and profile).
    private volatile @Nullable Function<Throwable, ? extends Throwable> failures;
    private volatile @Nullable MpNetException reason;
    private volatile @Nullable Cut<?> running;
    private volatile @Nullable EndAction endActions; // newest first, RAN once run
    // Set while the call is subscribed; read there too, and by the transport on the thread that grants a
    // queued call its slot (after the gate's lock, but volatile so that is no one's to remember).
    private volatile boolean installed;

    /** A boundary passing the call's own errors through {@code failures} (Failures.map for a call). */
    CallBoundary(Function<Throwable, ? extends Throwable> failures) {
        this.failures = failures;
    }

    /** Cuts the call short with {@code why}, unless it was already cut or has ended; the first reason wins. */
    void fire(MpNetException why) {
        if (REASON.compareAndSet(this, null, why)) {
            Cut<?> cut = running;
            if (cut != null) {
                cut.cut();
            }
        }
    }

    /**
     * Runs {@code action} once when the call ends, whatever ends it: its terminal signal, the
     * caller's cancel, or a cut; at once if the call has already ended. Actions run newest first,
     * the way stages unwind, before the end reaches downstream. Only a call subscribed through
     * {@link #install} ends: the stage list installs it around every stage that registers one.
     */
    void onEnd(Runnable action) {
        for (;;) {
            EndAction head = endActions;
            if (head == RAN) {
                action.run();
                return;
            }
            if (END_ACTIONS.compareAndSet(this, head, new EndAction(action, head))) {
                return;
            }
        }
    }

    private void end(Context context) {
        Throwable fatal = null;
        for (EndAction a = END_ACTIONS.getAndSet(this, RAN); a != null && a != RAN; a = a.next()) {
            try {
                a.action().run();
            } catch (Throwable e) { // one failing action must not keep the others (a slot) from running
                if (Exceptions.isJvmFatal(e)) {
                    fatal = fatal == null ? e : fatal;
                } else {
                    Operators.onErrorDropped(e, context);
                }
            }
        }
        failures = null;
        if (fatal != null) {
            Exceptions.throwIfJvmFatal(fatal);
        }
    }

    /** One registered end action and the ones registered before it. */
    private record EndAction(Runnable action, @Nullable EndAction next) {
    }

    /** {@code upstream}, cut short by {@link #fire}; installed a second time, {@code upstream} as it is. */
    <T> Flux<T> install(Flux<T> upstream) {
        if (installed) {
            return upstream;
        }
        installed = true;
        return new FluxOperator<T, T>(upstream) {
            @Override
            public void subscribe(CoreSubscriber<? super T> actual) {
                Cut<T> cut = new Cut<>(actual);
                running = cut;
                source.subscribe(cut);
                if (reason != null) { // fired before the cut was running: fire() could not reach it
                    cut.cut();
                }
            }
        };
    }

    /** The running call: passes its signals on until it ends or is cut. */
    private final class Cut<T> implements CoreSubscriber<T>, Subscription, Scannable {

        private static final int RUNNING = 0;
        private static final int ENDED = 1; // a terminal signal went downstream, or downstream cancelled
        private static final int CUT = 2;

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Cut> STATE = AtomicIntegerFieldUpdater.newUpdater(Cut.class, "state");
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Cut> CUT_SENT = AtomicIntegerFieldUpdater.newUpdater(Cut.class, "cutSent");

        private final CoreSubscriber<? super T> actual;
        private volatile @Nullable Subscription upstream;
        // The caller's onSubscribe has returned: no cut reaches it before (Reactive Streams 1.3, 1.9).
        private volatile boolean ready;
        private volatile int state;
        private volatile int cutSent;

        Cut(CoreSubscriber<? super T> actual) {
            // serialized: a cut comes from a timer's thread while the exchange signals on its event loop
            this.actual = Operators.serialize(actual);
        }

        void cut() {
            if (STATE.compareAndSet(this, RUNNING, CUT)) {
                sendCut();
            }
        }

        /** Cancels upstream and fails downstream with the reason, once, as soon as there is an upstream to cancel. */
        private void sendCut() {
            Subscription s = upstream;
            MpNetException why = reason;
            if (s != null && ready && why != null && CUT_SENT.compareAndSet(this, 0, 1)) {
                s.cancel();
                end(actual.currentContext());
                actual.onError(why);
            }
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(this);
                ready = true;
                if (state == CUT) { // cut before the caller was ready for it
                    sendCut();
                }
            }
        }

        @Override
        public void onNext(T t) {
            if (state == RUNNING) {
                actual.onNext(t);
            } else {
                Operators.onDiscard(t, actual.currentContext());
            }
        }

        @Override
        public void onError(Throwable t) {
            if (STATE.compareAndSet(this, RUNNING, ENDED)) {
                Function<Throwable, ? extends Throwable> f = failures;
                Throwable mapped = f == null ? t : f.apply(t); // mapped first: end() lets go of the mapping
                end(actual.currentContext());
                actual.onError(mapped);
            } // else the cut (or the caller's cancel) came first, and its outcome stands
        }

        @Override
        public void onComplete() {
            if (STATE.compareAndSet(this, RUNNING, ENDED)) {
                end(actual.currentContext());
                actual.onComplete();
            }
        }

        @Override
        public void request(long n) {
            Subscription s = upstream;
            if (s != null) {
                s.request(n);
            }
        }

        @Override
        public void cancel() {
            STATE.compareAndSet(this, RUNNING, ENDED);
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
            // After the cancel has gone up: whatever cancelling stops synchronously has stopped before
            // the slot passes on (Reactor Netty closes a cancelled connection later, on its event loop;
            // a connection closed that way is never pooled).
            end(actual.currentContext());
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.PARENT) {
                return upstream;
            }
            if (key == Attr.ACTUAL) {
                return actual;
            }
            if (key == Attr.TERMINATED || key == Attr.CANCELLED) {
                return state != RUNNING;
            }
            return null;
        }
    }
}
