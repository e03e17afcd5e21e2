package io.mpnet.spring;

import io.mpnet.inspector.NetworkInspector;
import io.mpnet.runtime.MiniProgramNetwork;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The network inspector ({@code mpnet-inspector}) of the application's runtimes, when
 * {@code mpnet.inspector.enabled=true} and the module is on the class path. In a WebFlux
 * application it is mounted on the application's own server at {@code mpnet.inspector.path}
 * ({@code /mpnet/inspector}) followed by the inspector's random token, so that knowing the path is
 * not enough to see the traffic; elsewhere (a servlet application, or no web server) it starts its
 * own server on 127.0.0.1. Either way the URL is logged at start-up.
 */
// the properties are MpNetProperties' (mpnet.inspector.*), which MpNetAutoConfiguration enables
@AutoConfiguration(after = MpNetAutoConfiguration.class)
@ConditionalOnClass(NetworkInspector.class)
@ConditionalOnProperty(prefix = "mpnet.inspector", name = "enabled", havingValue = "true")
public class MpNetInspectorAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MpNetInspectorAutoConfiguration.class);

    static NetworkInspector.Builder builder(ObjectProvider<MiniProgramNetwork> nets, MpNetProperties props) {
        MpNetProperties.Inspector p = props.inspector();
        NetworkInspector.Builder b = NetworkInspector.builder().masking(p.masking()).capacity(p.capacity());
        nets.orderedStream().forEach(b::watch);
        return b;
    }

    /** On a WebFlux application's server, behind the token. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class Mounted {

        /** The inspector, without a server of its own. */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        NetworkInspector mpNetInspector(ObjectProvider<MiniProgramNetwork> nets, MpNetProperties props) {
            NetworkInspector inspector = builder(nets, props).serve(false).start();
            log.info("mpnet network inspector at {}/{}/ on this application's server", props.inspector().path(),
                    inspector.token());
            return inspector;
        }

        /** The page, its stream and the HAR at {@code <path>/<token>/}; any other path is not routed. */
        @Bean
        RouterFunction<ServerResponse> mpNetInspectorRoutes(NetworkInspector inspector, MpNetProperties props) {
            String base = props.inspector().path() + "/" + inspector.token();
            return RouterFunctions.route()
                    .GET(base, req -> ServerResponse.temporaryRedirect(URI.create(base + "/")).build())
                    .GET(base + "/", req -> file(inspector, "index.html"))
                    .GET(base + "/api/events", req -> secured(ServerResponse.ok()).contentType(MediaType.TEXT_EVENT_STREAM)
                            .body(inspector.pageEvents().map(e -> ServerSentEvent.builder(e.data()).event(e.event()).build()),
                                    ServerSentEvent.class))
                    .GET(base + "/api/har", req -> secured(ServerResponse.ok())
                            .contentType(new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8))
                            .header("Content-Disposition", "attachment; filename=\"mpnet.har\"")
                            .body(Mono.fromCallable(inspector::har), String.class))
                    .GET(base + "/api/conditions", req -> json(ServerResponse.ok(), inspector.conditionsJson()))
                    // the Throttling menu (N-6): JSON only, so a cross-site form cannot post without a CORS
                    // preflight, which nothing here answers; and from the page's own origin
                    .POST(base + "/api/conditions", RequestPredicates.contentType(MediaType.APPLICATION_JSON),
                            req -> setConditions(inspector, req))
                    .GET(base + "/{file}", req -> file(inspector, req.pathVariable("file")))
                    .build();
        }

        private static Mono<ServerResponse> setConditions(NetworkInspector inspector, ServerRequest req) {
            String origin = req.headers().firstHeader("Origin");
            URI uri = req.uri();
            String own = uri.getScheme() + "://" + uri.getRawAuthority();
            if (origin != null && !origin.equals(own)) {
                return json(ServerResponse.status(403), "{\"error\":\"a page of another origin may not set the"
                        + " network conditions [N-6]; use the inspector's own page\"}");
            }
            return req.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> {
                try {
                    return json(ServerResponse.ok(), inspector.conditionsJson(body));
                } catch (IllegalArgumentException e) {
                    return ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(java.util.Map.of("error", e.getMessage()));
                }
            });
        }

        private static Mono<ServerResponse> json(ServerResponse.BodyBuilder b, String body) {
            return secured(b).contentType(new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8)).bodyValue(body);
        }

        private static Mono<ServerResponse> file(NetworkInspector inspector, String name) {
            return NetworkInspector.pageFile(name)
                    .map(f -> secured(ServerResponse.ok()).contentType(MediaType.parseMediaType(f.contentType()))
                            .bodyValue(f.body()))
                    .orElseGet(() -> ServerResponse.notFound().build());
        }

        private static ServerResponse.BodyBuilder secured(ServerResponse.BodyBuilder b) {
            NetworkInspector.securityHeaders().forEach(b::header);
            return b;
        }
    }

    /** Not a WebFlux application: a loopback server of its own. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(NotReactiveWeb.class)
    static class OwnServer {

        /** The inspector, serving its page on 127.0.0.1 (it logs its URL). */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        NetworkInspector mpNetInspector(ObjectProvider<MiniProgramNetwork> nets, MpNetProperties props) {
            return builder(nets, props).start();
        }
    }

    /** Anything but a reactive web application. */
    static class NotReactiveWeb extends NoneNestedConditions {

        NotReactiveWeb() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
        static class Reactive {
        }
    }
}
