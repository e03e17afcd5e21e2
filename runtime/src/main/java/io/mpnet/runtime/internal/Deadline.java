package io.mpnet.runtime.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Fails a call when a trigger fires before the call ends; the shared shape of the timeout and lifecycle stages. */
final class Deadline {

    private Deadline() {
    }

    /**
     * {@code upstream}, unless {@code trigger} emits first: then upstream is cancelled (which frees its
     * slot and closes its connection) and the call fails with {@code error}. Composed from
     * {@code takeUntilOther}, so the trigger is cancelled as soon as the call ends.
     */
    static <T> Flux<T> failWhen(Flux<T> upstream, Publisher<?> trigger, Supplier<? extends Throwable> error) {
        return Flux.defer(() -> {
            AtomicBoolean fired = new AtomicBoolean();
            // concatWith(never): a trigger that completes without firing must not end the call.
            Flux<?> firing = Flux.from(trigger).take(1).doOnNext(x -> fired.set(true)).concatWith(Flux.never());
            return upstream.takeUntilOther(firing)
                    .concatWith(Mono.defer(() -> fired.get() ? Mono.error(error.get()) : Mono.empty()));
        });
    }
}
