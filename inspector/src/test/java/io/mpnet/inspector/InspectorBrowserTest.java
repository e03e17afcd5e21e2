package io.mpnet.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.testing.Await;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()).toList();
        assertThat(errors).as("the browser console").isEmpty();

        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of("target", "inspector.png"), png);
        if (Boolean.getBoolean("mpnet.screenshot.update")) {
            Files.write(Path.of("..", "docs", "images", "inspector.png"), png);
        }
    }

    @SuppressWarnings("unchecked")
    List<String> shownUrls() {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll('#calls tbody tr'))"
                + ".filter(function (r) { return !r.hidden; }).map(function (r) { return r.dataset.url; });");
    }
}
