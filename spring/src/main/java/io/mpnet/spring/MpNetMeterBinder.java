package io.mpnet.spring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mpnet.runtime.MiniProgramNetwork;

/** The gate of a runtime as gauges (L-1): free slots and queued calls, tagged with the appid. */
final class MpNetMeterBinder implements MeterBinder {

    private final MiniProgramNetwork network;

    MpNetMeterBinder(MiniProgramNetwork network) {
        this.network = network;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String appId = network.config().appId();
        Gauge.builder("mpnet.request.slots.available", network, MiniProgramNetwork::availableSlots)
                .description("Free slots of the shared request/uploadFile/downloadFile limit (L-1)")
                .tag("appId", appId).register(registry);
        Gauge.builder("mpnet.request.queued", network, MiniProgramNetwork::queuedCalls)
                .description("Calls waiting for a slot (L-1)")
                .tag("appId", appId).register(registry);
    }
}
