package io.mpnet.inspector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.HttpResult;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.NetworkConditions;
import io.mpnet.runtime.RequestOptions;
import io.mpnet.testing.Await;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import reactor.netty.DisposableServer;
import tools.jackson.databind.JsonNode;

/**
 * The page in a real browser: Debian's headless Chromium driven by ChromeDriver (Selenium). Skipped,
 * saying why, where {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing, unless
 * {@code MPNET_REQUIRE_BROWSER=1} (CI), where a missing browser fails ({@code -Dmpnet.chromium} and
 * {@code -Dmpnet.chromedriver} name other paths). The screenshot goes to
 * {@code target/inspector.png}, and to the README's {@code docs/images/inspector.png} when run with
 * {@code -Dmpnet.screenshot.update=true}.
 * Slow (a browser starts): tagged so {@code -DexcludedGroups=slow} leaves it out while working.
 */
@Tag("slow")
class InspectorBrowserTest extends InspectorTestBase {

    // Debian's packages; -Dmpnet.chromium and -Dmpnet.chromedriver point elsewhere
    static final Path CHROMIUM = Path.of(System.getProperty("mpnet.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("mpnet.chromedriver", "/usr/bin/chromedriver"));

    ChromeDriver browser;
    Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String why = "headless Chromium needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian: apt-get install chromium chromium-driver)";
            if ("1".equals(System.getenv("MPNET_REQUIRE_BROWSER"))) {
                throw new AssertionError("MPNET_REQUIRE_BROWSER=1 but " + why);
            }
            Assumptions.abort("skipped: " + why + "; set MPNET_REQUIRE_BROWSER=1 to make this a failure");
        }
        profile = Files.createTempDirectory("mpnet-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1440,900", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // the driver is named, so Selenium Manager (which would download one) never runs
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(WAIT).pageLoadTimeout(WAIT);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    WebElement row(String urlPart) {
        return browser.findElement(By.cssSelector("#calls tbody tr[data-url*='" + urlPart + "']"));
    }

    /** Waits (bounded) until the row of the call whose URL holds {@code urlPart} is in {@code state}. */
    WebElement awaitRow(String urlPart, String state) {
        return Await.until(WAIT, "a row " + urlPart + " in state " + state, () -> {
            List<WebElement> found = browser.findElements(By.cssSelector("#calls tbody tr[data-url*='" + urlPart
                    + "'][data-state='" + state + "']"));
            return found.isEmpty() ? null : found.get(0);
        }, r -> r != null);
    }

    static String cell(WebElement row, String name) {
        return row.findElement(By.cssSelector("td." + name)).getText();
    }

    @Test
    @DisplayName("P-2 R-4 S-3 R-10 the page shows a refusal with its rule, a 500, a download and a socket's frames, live, and exports a valid HAR")
    void liveInspector() throws IOException {
        DisposableServer s = backend();
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net, "shop"));
        browser.get(inspector.url());
        Await.until(WAIT, "the page's event stream to be live",
                () -> browser.findElement(By.id("connection")).getText(), "live"::equals);

        int calls = makeCalls(net, s);

        WebElement refused = awaitRow("evil.example.org", "refused");
        assertThat(cell(refused, "rule")).isEqualTo("P-2");
        assertThat(cell(refused, "status")).isEqualTo("(refused)");
        assertThat(cell(refused, "kind")).isEqualTo("request");
        WebElement boom = awaitRow("/boom", "done");
        assertThat(cell(boom, "status")).isEqualTo("500");
        assertThat(cell(boom, "rule")).isEmpty();
        assertThat(boom.getAttribute("class")).contains("http-error");
        WebElement download = awaitRow("/file.bin", "done");
        assertThat(cell(download, "kind")).isEqualTo("downloadFile");
        assertThat(cell(download, "size")).isEqualTo("64.0 kB");
        WebElement socket = awaitRow("/echo", "closed");
        assertThat(cell(socket, "status")).isEqualTo("101");
        assertThat(cell(socket, "size")).isEqualTo("2 frames");
        WebElement user = awaitRow("/user", "done");
        assertThat(cell(user, "status")).isEqualTo("200");
        assertThat(cell(user, "time")).endsWith(" ms");
        assertThat(user.findElements(By.cssSelector("td.waterfall .bar span"))).as("the profile's phases").isNotEmpty();

        // the socket's frames, one each way
        socket.click();
        Await.until(WAIT, "the socket's frames", () -> browser.findElements(By.cssSelector("#details table.frames tr")).size(),
                n -> n == 2);
        assertThat(browser.findElement(By.cssSelector("#details table.frames")).getText())
                .contains("↑", "↓", "hello, inspector");

        // filters: refused only, then 5xx, then all again
        Select refusedFilter = new Select(browser.findElement(By.id("filter-refused")));
        refusedFilter.selectByValue("only");
        Await.until(WAIT, "only the refused row", this::shownUrls, u -> u.size() == 1 && u.get(0).contains("evil"));
        refusedFilter.selectByValue("");
        Select status = new Select(browser.findElement(By.id("filter-status")));
        status.selectByValue("5");
        Await.until(WAIT, "only the 500", this::shownUrls, u -> u.size() == 1 && u.get(0).contains("/boom"));
        status.selectByValue("");
        Await.until(WAIT, "every row", this::shownUrls, u -> u.size() == calls);

        // the request's headers (credentials masked) and its body
        row("/user").click();
        Await.until(WAIT, "the request's details", () -> browser.findElement(By.id("details-title")).getText(),
                t -> t.contains("/user"));
        String details = browser.findElement(By.id("details")).getText();
        assertThat(details).contains("Request headers", "Authorization", "(masked)", "Response headers",
                "{\"name\":\"mp\"}", "wait").doesNotContain("t0ken", "s3cr3t");

        // Export HAR: the button's target is the archive of what the page shows
        WebElement export = browser.findElement(By.id("export-har"));
        assertThat(export.getAttribute("download")).isEqualTo("mpnet.har");
        String har = InspectorServerTest.get(export.getDomProperty("href")).body();
        JsonNode parsed = HarTest.JSON.readTree(har);
        assertThat(HarTest.problems(parsed)).isEmpty();
        assertThat(parsed.get("log").get("entries").size()).isEqualTo(calls);
        assertThat(HarTest.entry(parsed, "evil.example.org").get("_rule").asString()).isEqualTo("P-2");

        // the throttling menu, as DevTools' Network panel has it, says the runtime is not throttled
        assertThat(selectedThrottling()).isEqualTo("No throttling");

        assertConsoleClean();

        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of("target", "inspector.png"), png);
        if (Boolean.getBoolean("mpnet.screenshot.update")) {
            Files.write(Path.of("..", "docs", "images", "inspector.png"), png);
        }
    }

    @Test
    @DisplayName("N-6 N-5 the Throttling menu sets the runtime: Offline refuses a call with N-5, No throttling lets one run, Custom takes kbit/s; changes made in Java show in the menu")
    void throttling() {
        DisposableServer s = backend();
        MiniProgramNetwork net = lanRuntime();
        MiniProgramNetwork news = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net, "shop").watch(news, "news"));
        browser.get(inspector.url());
        Await.until(WAIT, "the page's event stream to be live",
                () -> browser.findElement(By.id("connection")).getText(), "live"::equals);
        Await.until(WAIT, "the throttling menu", this::selectedThrottling, "No throttling"::equals);
        assertThat(new Select(throttlingMenu()).getOptions().stream().map(WebElement::getText).toList())
                .containsExactly("No throttling", "Fast 4G", "Slow 4G", "3G", "Offline", "Custom…");

        // Offline from the page: every runtime refuses the next call, and its row says N-5
        new Select(throttlingMenu()).selectByVisibleText("Offline");
        // the server sets the runtimes one after the other: wait for both
        Await.until(WAIT, "both runtimes offline", () -> List.of(net.networkState().conditions(),
                news.networkState().conditions()), List.of(NetworkConditions.OFFLINE, NetworkConditions.OFFLINE)::equals);
        assertThatThrownBy(() -> net.request(RequestOptions.get(lan(s, "/user?while=offline")).build()).block(WAIT))
                .isInstanceOfSatisfying(MpNetException.class, e -> assertThat(e.rule()).isEqualTo("N-5"));
        WebElement refused = awaitRow("while=offline", "refused");
        assertThat(cell(refused, "rule")).isEqualTo("N-5");
        assertThat(cell(refused, "status")).isEqualTo("(refused)");

        // No throttling again: a call runs
        new Select(throttlingMenu()).selectByVisibleText("No throttling");
        Await.until(WAIT, "the runtime online", () -> net.networkState().conditions(), NetworkConditions.NONE::equals);
        HttpResult ok = net.request(RequestOptions.get(lan(s, "/user?while=online")).build()).block(WAIT);
        assertThat(ok).isNotNull();
        assertThat(cell(awaitRow("while=online", "done"), "status")).isEqualTo("200");

        // set in Java while the page is open: by the inspector, then on the runtime's own network state
        inspector.conditions(NetworkConditions.SLOW_4G);
        Await.until(WAIT, "the menu at Slow 4G", this::selectedThrottling, "Slow 4G"::equals);
        net.networkState().conditions(NetworkConditions.custom(Duration.ofMillis(300), 100_000, 25_000));
        Await.until(WAIT, "the menu saying the runtimes differ", this::selectedThrottling, "Differs per runtime"::equals);
        assertThat(throttlingMenu().getAttribute("title")).contains("shop — Custom: latency 300 ms, download 800 kbit/s",
                "news — Slow 4G");
        news.networkState().conditions(NetworkConditions.custom(Duration.ofMillis(300), 100_000, 25_000));
        Await.until(WAIT, "the menu at Custom", this::selectedThrottling, "Custom…"::equals);
        assertThat(new Select(throttlingMenu()).getOptions()).hasSize(6); // the runtimes agree again
        assertThat(customField("custom-latency").getDomProperty("value")).isEqualTo("300");
        assertThat(customField("custom-download").getDomProperty("value")).isEqualTo("800"); // 100 000 B/s
        assertThat(customField("custom-upload").getDomProperty("value")).isEqualTo("200");

        // Custom from the page, in kbit/s as DevTools' custom profiles
        type("custom-latency", "100");
        type("custom-download", "1600");
        type("custom-upload", "750");
        browser.findElement(By.id("apply-conditions")).click();
        NetworkConditions custom = NetworkConditions.custom(Duration.ofMillis(100), 200_000, 93_750);
        Await.until(WAIT, "the runtime at the custom conditions", () -> net.networkState().conditions(), custom::equals);
        assertConsoleClean();

        // a latency past N-6's bound: the page shows why, and nothing changes
        type("custom-latency", "70000");
        browser.findElement(By.id("apply-conditions")).click();
        String error = Await.until(WAIT, "the page to say why", () -> browser.findElement(By.id("throttling-error"))
                .getText(), t -> !t.isEmpty());
        assertThat(error).contains("'latencyMs' is 70000", "[N-6]");
        assertThat(net.networkState().conditions()).isEqualTo(custom);
    }

    WebElement throttlingMenu() {
        return browser.findElement(By.id("throttling"));
    }

    String selectedThrottling() {
        // read in one script, not option by option, so a menu the page changes meanwhile is read whole
        return (String) browser.executeScript("var s = document.getElementById('throttling');"
                + " return s.offsetParent === null ? '(hidden)' : s.selectedIndex < 0 ? '(none selected)'"
                + " : s.options[s.selectedIndex].text;");
    }

    WebElement customField(String id) {
        WebElement field = browser.findElement(By.id(id));
        assertThat(field.isDisplayed()).as(id + " shown").isTrue();
        return field;
    }

    void type(String id, String value) {
        WebElement field = customField(id);
        field.clear();
        field.sendKeys(value);
    }

    void assertConsoleClean() {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()).toList();
        assertThat(errors).as("the browser console").isEmpty();
    }

    @SuppressWarnings("unchecked")
    List<String> shownUrls() {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll('#calls tbody tr'))"
                + ".filter(function (r) { return !r.hidden; }).map(function (r) { return r.dataset.url; });");
    }
}
