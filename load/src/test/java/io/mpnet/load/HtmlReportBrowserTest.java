package io.mpnet.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTML report opened from disk in headless Chromium (Debian's, installed by {@code .ci/run}):
 * no console error, no request but the file itself, the charts drawn. The report is the one of the
 * README's run (its interval log is a test resource), and the screenshot is the README's image.
 * Without Chromium and ChromeDriver the test skips, saying so, unless {@code MPNET_REQUIRE_BROWSER=1}.
 */
@Tag("slow")
class HtmlReportBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    @DisplayName("E-1 the HTML report opens from disk in headless Chromium: no console error, no network request, charts drawn")
    void opensInChromium() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String why = "no browser: " + CHROMIUM + " and " + CHROMEDRIVER + " are needed (Debian: apt-get install"
                    + " chromium chromium-driver; .ci/run installs them)";
            if ("1".equals(System.getenv("MPNET_REQUIRE_BROWSER"))) {
                throw new AssertionError(why + ", and MPNET_REQUIRE_BROWSER=1 says this run must have them");
            }
            Assumptions.abort(why + "; skipped. Set MPNET_REQUIRE_BROWSER=1 to make this a failure.");
        }
        LoadReport report = LoadReport.of("open, 30.0 programs/s, ramp 10s, 30s at full rate, 1 iteration each,"
                + " scenario load/demo/scenario.json (the README's run)", Intervals.read(List.of(resource("demo/readme.hlog"))));
        Path html = dir.resolve("report.html");
        Files.writeString(html, report.toHtml());

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile"), "--window-size=1040,1500");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL); // the DevTools Network events: every request the page made
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            String url = html.toUri().toString();
            driver.get("about:blank");
            driver.manage().logs().get(LogType.PERFORMANCE); // drops what the browser's own start-up page loaded
            driver.manage().logs().get(LogType.BROWSER);
            driver.get(url);

            // the charts are there and drawn
            assertThat(driver.findElements(By.cssSelector("svg#throughput polyline.series"))).hasSize(2);
            assertThat(driver.findElements(By.cssSelector("svg#latency polyline.series"))).hasSize(3);
            assertThat(driver.findElements(By.cssSelector("svg#distribution polyline.series"))).hasSize(1);
            assertThat(driver.findElements(By.cssSelector("svg#errors rect.bar"))).hasSize(1);
            for (String id : List.of("throughput", "latency", "errors", "distribution")) {
                Object width = driver.executeScript("return document.getElementById(arguments[0]).getBBox().width", id);
                assertThat(((Number) width).doubleValue()).as(id + " drawn").isGreaterThan(100);
            }
            assertThat(driver.findElement(By.id("steps")).getText()).contains("feed", "login", "avatar", "chat");
            assertThat(driver.findElement(By.id("failures")).getText()).contains("request:fail timeout", "T-2");
            Object resources = driver.executeScript("return performance.getEntriesByType('resource').length");
            assertThat(((Number) resources).intValue()).as("resources the page loaded").isZero();

            Path png = repositoryRoot().resolve("docs/images/load-report.png");
            Files.createDirectories(png.getParent());
            Files.write(png, driver.getScreenshotAs(OutputType.BYTES));

            List<String> errors = new ArrayList<>();
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                    errors.add(e.getLevel() + " " + e.getMessage());
                }
            }
            assertThat(errors).as("console errors and warnings").isEmpty();
            List<String> requests = new ArrayList<>();
            JsonMapper json = JsonMapper.builder().build();
            for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
                JsonNode message = json.readTree(e.getMessage()).get("message");
                if (message.get("method").asString().equals("Network.requestWillBeSent")) {
                    requests.add(message.get("params").get("request").get("url").asString());
                }
            }
            assertThat(requests).as("requests made by the page").allMatch(url::equals);
        } finally {
            driver.quit();
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(HtmlReportBrowserTest.class.getClassLoader().getResource(name), name).toURI());
    }

    /** The folder holding docs/ARCHITECTURE.md, from the module's working directory up. */
    static Path repositoryRoot() {
        Path p = new File("").getAbsoluteFile().toPath();
        while (p != null && !Files.exists(p.resolve("docs/ARCHITECTURE.md"))) {
            p = p.getParent();
        }
        return Objects.requireNonNull(p, "no docs/ARCHITECTURE.md above the working directory");
    }
}
