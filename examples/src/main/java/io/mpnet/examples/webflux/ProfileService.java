package io.mpnet.examples.webflux;

import io.mpnet.policy.MpNetException;
import io.mpnet.spring.MpNetExchangeFilterFunction;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * A backend-for-frontend: {@code GET /me} fetches the user from the upstream API through a
 * {@code WebClient} under mpnet's rules (the starter configures the runtime from {@code mpnet.*}
 * properties), and {@code GET /fetch?url=} shows a refusal: a URL off the configured domains never
 * leaves the service, and the caller gets the rule and the fix as a 502.
 *
 * <p>Run it with the upstream's properties, e.g.
 * {@code --mpnet.app-id=wx0123456789abcdef --mpnet.domains.request[0]=https://api.example.com
 * --profile-service.upstream=https://api.example.com}.
 */
@SpringBootApplication
@RestController
public class ProfileService {

    private final WebClient upstream;

    ProfileService(WebClient upstream) {
        this.upstream = upstream;
    }

    /** Starts the service. */
    public static void main(String[] args) {
        run(args);
    }

    /** Starts the service and returns its context; logging stays as the examples' logback.xml sets it. */
    public static ConfigurableApplicationContext run(String... args) {
        SpringApplication app = new SpringApplication(ProfileService.class);
        // The examples share one quiet logback.xml with the quickstart, which prints a transcript.
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        return app.run(args);
    }

    /**
     * The upstream client: the starter's filter puts it under the runtime's rules, and its connector
     * dials as the runtime does, with the same {@code hosts} map, resolver check (P-11) and TLS rules
     * and trust store (X-1..X-4), so a simulator or a test can point the service at servers on this machine.
     */
    @Bean
    static WebClient upstream(MpNetExchangeFilterFunction mpnet,
            @Qualifier("mpNetClientHttpConnector") ClientHttpConnector connector,
            @Value("${profile-service.upstream}") String baseUrl) {
        return WebClient.builder().baseUrl(baseUrl).clientConnector(connector).filter(mpnet).build();
    }

    /** The user, as the upstream API returns it, wrapped for the page. */
    @GetMapping("/me")
    Mono<Map<String, Object>> me() {
        return upstream.get().uri("/user")
                .attributes(MpNetExchangeFilterFunction.timeout(Duration.ofSeconds(5)))
                .retrieve().bodyToMono(Map.class)
                .map(user -> Map.of("user", user, "via", "mpnet"));
    }

    /** Any URL, to show what the rules refuse. */
    @GetMapping("/fetch")
    Mono<String> fetch(@RequestParam String url) {
        return upstream.get().uri(url).retrieve().bodyToMono(String.class);
    }

    /** A refusal or failure of the upstream call: 502 with the rule, the platform's errMsg and the fix. */
    @ExceptionHandler(MpNetException.class)
    ResponseEntity<Map<String, String>> refused(MpNetException e) {
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
                .body(Map.of("rule", e.rule(), "errMsg", e.errMsg(), "explanation", e.explanation()));
    }
}
