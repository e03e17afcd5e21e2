package io.mpnet.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.core.Disposable;

/**
 * Auto-configuration of mpnet: shared {@link MpNetResources}, the {@link NetworkConfig} of the
 * {@code mpnet.*} properties (a bad one fails start-up with the C-2 message), a
 * {@link MiniProgramNetwork} closed with the context, the {@link MpNetExchangeFilterFunction} and the
 * {@code mpNetClientHttpConnector} for {@code WebClient}s, Micrometer gauges of the gate when
 * Micrometer is present, and an observation of every call ({@link MpNetObservations}) when the
 * application has an {@code ObservationRegistry}. Each bean steps aside for one the application defines.
 */
// after Boot's own, so its ObservationRegistry bean is known when ours is decided
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(MiniProgramNetwork.class)
@EnableConfigurationProperties(MpNetProperties.class)
public class MpNetAutoConfiguration {

    /** Event loops, connection pool and DNS cache, shared by every runtime of the application. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MpNetResources mpNetResources() {
        return MpNetResources.create();
    }

    /** The configuration of {@code mpnet.*}, validated at start-up (C-2). */
    @Bean
    @ConditionalOnMissingBean
    public NetworkConfig mpNetConfig(MpNetProperties properties) {
        return properties.toConfig();
    }

    /** The runtime, on the shared resources; closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MiniProgramNetwork miniProgramNetwork(NetworkConfig config, MpNetResources resources,
            MpNetProperties properties) {
        MiniProgramNetwork net = MiniProgramNetwork.builder(config).resources(resources)
                .rejectWhenFull(properties.rejectWhenFull()).keepAlive(properties.keepAlive()).build();
        net.networkState().conditions(properties.conditions()); // N-6
        return net;
    }

    /** The filter that puts a {@code WebClient} under the runtime's rules: {@code builder.filter(it)}. */
    @Bean
    @ConditionalOnMissingBean
    public MpNetExchangeFilterFunction mpNetExchangeFilterFunction(MiniProgramNetwork network) {
        return new MpNetExchangeFilterFunction(network);
    }

    /**
     * The connector that dials a {@code WebClient} as the runtime dials its own calls
     * ({@link MiniProgramNetwork#httpClient()}: the DNS-answer check P-11, the TLS rules X-1..X-4),
     * used with the filter: {@code builder.clientConnector(it).filter(mpNetExchangeFilterFunction)}.
     * Not a default candidate, so it never becomes the connector of the application's other
     * WebClients (Spring Boot gives every {@code WebClient.Builder} the {@code ClientHttpConnector}
     * bean it finds): inject it by name, {@code @Qualifier("mpNetClientHttpConnector")}.
     */
    @Bean(defaultCandidate = false)
    @ConditionalOnMissingBean(name = "mpNetClientHttpConnector")
    public ReactorClientHttpConnector mpNetClientHttpConnector(MiniProgramNetwork network) {
        return new ReactorClientHttpConnector(network.httpClient());
    }

    /** Gauges of the runtime's gate, when Micrometer is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {

        /** {@code mpnet.request.slots.available} and {@code mpnet.request.queued}, tagged with the appid. */
        @Bean
        @ConditionalOnMissingBean(name = "mpNetMeterBinder")
        MeterBinder mpNetMeterBinder(MiniProgramNetwork network) {
            return new MpNetMeterBinder(network);
        }
    }

    /**
     * An observation of every call of the runtime ({@link MpNetObservations}) when the application has
     * an {@link ObservationRegistry}: timers {@code mpnet.request}, {@code mpnet.upload},
     * {@code mpnet.download}, {@code mpnet.socket}, and spans with a tracer. Boot's
     * {@code management.observations.enable.mpnet=false} turns them off, as for its own.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    static class Observations {

        /** Listens to the runtime's events until the context closes. */
        @Bean(destroyMethod = "dispose")
        @ConditionalOnBean(ObservationRegistry.class)
        @ConditionalOnMissingBean(name = "mpNetObservations")
        Disposable mpNetObservations(MiniProgramNetwork network, ObservationRegistry registry,
                ObjectProvider<MpNetObservationConvention> convention) {
            return MpNetObservations.observe(network, registry, convention.getIfAvailable());
        }
    }
}
