package io.mpnet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.inspector.NetworkInspector;
import io.mpnet.runtime.GuardOptions;
import io.mpnet.runtime.MiniProgramNetwork;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.http.client.HttpClient;

/** {@code mpnet.inspector.enabled}: off by default; mounted on WebFlux behind its token, else on loopback. */
class MpNetInspectorAutoConfigurationTest {

    static final String[] APP = {"mpnet.app-id=wx0123456789abcdef", "mpnet.domains.request[0]=https://api.example.com"};
    static final AutoConfigurations BOTH = AutoConfigurations.of(MpNetAutoConfiguration.class,
            MpNetInspectorAutoConfiguration.class);

    @Test
    @DisplayName("the inspector is off by default: no bean, no route, no server")
    void offByDefault() {
        new ReactiveWebApplicationContextRunner().withConfiguration(BOTH).withPropertyValues(APP).run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(NetworkInspector.class);
            assertThat(ctx.getBeansOfType(RouterFunction.class)).isEmpty();
        });
    }

    @Test
    @DisplayName("in a WebFlux application it is mounted at /mpnet/inspector/<token>/ with its CSP, stream and HAR; without the token nothing")
    @SuppressWarnings("unchecked")
    void mountedOnWebFlux() {
        new ReactiveWebApplicationContextRunner().withConfiguration(BOTH).withPropertyValues(APP)
                .withPropertyValues("mpnet.inspector.enabled=true").run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(NetworkInspector.class);
                    NetworkInspector inspector = ctx.getBean(NetworkInspector.class);
                    assertThatNoOwnServer(inspector);
                    WebTestClient web = WebTestClient.bindToRouterFunction(ctx.getBean("mpNetInspectorRoutes",
                            RouterFunction.class)).build();
                    String base = "/mpnet/inspector/" + inspector.token();
                    web.get().uri(base + "/").exchange().expectStatus().isOk()
                            .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                            .expectHeader().valueMatches("Content-Security-Policy", ".*default-src 'none'.*")
                            .expectBody(String.class).consumeWith(r -> assertThat(r.getResponseBody())
                                    .contains("<script src=\"app.js\""));
                    web.get().uri(base + "/app.js").exchange().expectStatus().isOk();
                    web.get().uri(base).exchange().expectStatus().isTemporaryRedirect();
                    web.get().uri(base + "/api/har").exchange().expectStatus().isOk()
                            .expectHeader().valueMatches("Content-Disposition", ".*mpnet\\.har.*")
                            .expectBody(String.class).consumeWith(r -> assertThat(r.getResponseBody()).contains("\"version\" : \"1.2\""));
                    String first = web.get().uri(base + "/api/events").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                            .expectStatus().isOk().returnResult(String.class).getResponseBody().next()
                            .block(Duration.ofSeconds(10));
                    assertThat(first).isEqualTo("{\"dropped\":0}");
                    web.get().uri("/mpnet/inspector/").exchange().expectStatus().isNotFound();
                    web.get().uri("/mpnet/inspector/index.html").exchange().expectStatus().isNotFound();
                    web.get().uri("/mpnet/inspector/x" + inspector.token().substring(1) + "/").exchange()
                            .expectStatus().isNotFound();
                    web.get().uri(base + "/pom.xml").exchange().expectStatus().isNotFound();
                });
    }

    @Test
    @DisplayName("N-6 the mounted page's Throttling menu reads and sets the runtimes' conditions; JSON from its own origin only")
    @SuppressWarnings("unchecked")
    void conditionsOnWebFlux() {
        new ReactiveWebApplicationContextRunner().withConfiguration(BOTH).withPropertyValues(APP)
                .withPropertyValues("mpnet.inspector.enabled=true").run(ctx -> {
                    NetworkInspector inspector = ctx.getBean(NetworkInspector.class);
                    io.mpnet.runtime.MiniProgramNetwork net = ctx.getBean(io.mpnet.runtime.MiniProgramNetwork.class);
                    WebTestClient web = WebTestClient.bindToRouterFunction(ctx.getBean("mpNetInspectorRoutes",
                            RouterFunction.class)).build();
                    String api = "/mpnet/inspector/" + inspector.token() + "/api/conditions";
                    web.get().uri(api).exchange().expectStatus().isOk().expectBody(String.class)
                            .consumeWith(r -> assertThat(r.getResponseBody()).contains("\"Fast 4G\"", "No throttling"));
                    web.post().uri(api).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"preset\":\"3G\"}")
                            .exchange().expectStatus().isOk();
                    assertThat(net.networkState().conditions()).isEqualTo(io.mpnet.runtime.NetworkConditions.SLOW_3G);
                    web.post().uri(api).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"preset\":\"GPRS\"}")
                            .exchange().expectStatus().isBadRequest().expectBody(String.class)
                            .consumeWith(r -> assertThat(r.getResponseBody()).contains("GPRS", "[N-6]"));
                    web.post().uri(api).contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("preset=Offline")
                            .exchange().expectStatus().isNotFound();
                    web.post().uri(api).header("Origin", "https://evil.example").contentType(MediaType.APPLICATION_JSON)
                            .bodyValue("{\"preset\":\"Offline\"}").exchange().expectStatus().isForbidden();
                    assertThat(net.networkState().conditions()).as("nothing changed by the refusals")
                            .isEqualTo(io.mpnet.runtime.NetworkConditions.SLOW_3G);
                });
    }

    @Test
    @DisplayName("R-10 on a real WebFlux server the mounted stream carries each call live, as Server-Sent Events the page reads")
    @SuppressWarnings("unchecked")
    void liveOverWebFlux() {
        new ReactiveWebApplicationContextRunner().withConfiguration(BOTH).withPropertyValues(APP)
                .withPropertyValues("mpnet.inspector.enabled=true").run(ctx -> {
                    NetworkInspector inspector = ctx.getBean(NetworkInspector.class);
                    RouterFunction<ServerResponse> routes = ctx.getBean("mpNetInspectorRoutes", RouterFunction.class);
                    reactor.netty.DisposableServer server = reactor.netty.http.server.HttpServer.create().host("127.0.0.1")
                            .port(0).handle(new org.springframework.http.server.reactive.ReactorHttpHandlerAdapter(
                                    RouterFunctions.toHttpHandler(routes))).bindNow(Duration.ofSeconds(10));
                    try {
                        String url = "http://127.0.0.1:" + server.port() + "/mpnet/inspector/" + inspector.token()
                                + "/api/events";
                        reactor.core.publisher.Mono<String> stream = HttpClient.create().get().uri(url).responseContent()
                                .asString().scan("", String::concat)
                                .filter(x -> x.contains("api.example.com/live") && x.contains("\"state\":\"done\""))
                                .next().cache();
                        stream.subscribe();
                        // the stream is open once its first status message has arrived
                        HttpClient.create().get().uri(url).responseContent().asString()
                                .filter(x -> x.contains("event:status")).next().block(Duration.ofSeconds(10));
                        ctx.getBean(MiniProgramNetwork.class).guard(GuardOptions.of("GET", "https://api.example.com/live"),
                                h -> reactor.core.publisher.Mono.just("ok")).blockLast(Duration.ofSeconds(10));
                        String seen = stream.block(Duration.ofSeconds(10));
                        assertThat(seen).contains("event:call\ndata:{").contains("\"url\":\"https://api.example.com/live\"");
                    } finally {
                        server.disposeNow(Duration.ofSeconds(10));
                    }
                });
    }

    static void assertThatNoOwnServer(NetworkInspector inspector) {
        org.assertj.core.api.Assertions.assertThatThrownBy(inspector::url).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("without WebFlux serving, it starts its own server on 127.0.0.1, closed with the context")
    void ownServerElsewhere() {
        String[] url = new String[1];
        new ApplicationContextRunner().withConfiguration(BOTH).withPropertyValues(APP)
                .withPropertyValues("mpnet.inspector.enabled=true", "mpnet.inspector.masking=false").run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(NetworkInspector.class);
                    url[0] = ctx.getBean(NetworkInspector.class).url();
                    assertThat(URI.create(url[0]).getHost()).isEqualTo("127.0.0.1");
                    assertThat(HttpClient.create().get().uri(url[0]).response().map(r -> r.status().code())
                            .block(Duration.ofSeconds(10))).isEqualTo(200);
                    assertThat(ctx.getBeansOfType(RouterFunction.class)).isEmpty();
                });
        assertThat(HttpClient.create().get().uri(url[0]).response().map(r -> r.status().code()).onErrorReturn(-1)
                .block(Duration.ofSeconds(10))).as("closed with the context").isEqualTo(-1);
    }

    @Test
    @DisplayName("a mpnet.inspector.path that is not a plain path fails start-up naming the property and the fix")
    void badPath() {
        new ReactiveWebApplicationContextRunner().withConfiguration(BOTH).withPropertyValues(APP)
                .withPropertyValues("mpnet.inspector.enabled=true", "mpnet.inspector.path=inspector/").run(ctx ->
                        assertThat(ctx).hasFailed().getFailure().rootCause()
                                .hasMessageContaining("mpnet.inspector.path=inspector/").hasMessageContaining("start it with /"));
    }
}
