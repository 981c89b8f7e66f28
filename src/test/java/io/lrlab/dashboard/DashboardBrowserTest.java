package io.lrlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabHttpTest;
import io.lrlab.LrlabInstance;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard in a real browser (Debian's chromium, driven through its chromedriver): queue an experiment through
 * the form, watch it finish without a reload, see every chart load, compare two experiments, read an error in words,
 * open a finished study's page with its trials and charts, and give an API key when the API asks for one. Skipped where chromium is not installed, except under CI=true
 * (.ci/run installs it). Screenshots of a failure go to target/screenshots.
 */
@Tag("browser")
@LrlabHttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    static final String CHROMIUM = System.getProperty("lrlab.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("lrlab.chromedriver", "/usr/bin/chromedriver");
    static final String KEY = "browser-key-0123456789";

    @Autowired
    ConfigurableApplicationContext context;

    LrlabInstance lrlab;
    WebDriver browser;
    Path profile;

    @BeforeAll
    void startBrowser() throws IOException {
        boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing; .ci/run installs them");
        }
        Assumptions.assumeTrue(present, "skipped: needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        lrlab = LrlabInstance.attach(context);
        profile = Files.createTempDirectory("lrlab-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1100", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String base(LrlabInstance instance) {
        return "http://localhost:" + instance.http.port();
    }

    private WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(200));
        // the page redraws a part when an event arrives, so an element found a moment ago may be gone
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private boolean loaded(WebElement img) {
        Object width = ((JavascriptExecutor) browser).executeScript("return arguments[0].complete ? arguments[0].naturalWidth : 0;", img);
        return ((Number) width).intValue() > 0;
    }

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Runs a step and keeps a screenshot of the page when it fails. */
    private void step(String name, ThrowingRunnable body) throws Exception {
        try {
            body.run();
        } catch (Throwable t) {
            Path dir = Path.of("target/screenshots");
            Files.createDirectories(dir);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            throw t;
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void queueWatchInspectAndCompareExperimentsInTheBrowser() throws Exception {
        long[] created = new long[1];
        step("new-experiment", () -> {
            browser.get(base(lrlab) + "/#/new");
            WebElement preview = waitUpTo(Duration.ofSeconds(30)).until(d -> {
                WebElement img = d.findElement(By.id("preview"));
                return loaded(img) ? img : null;
            });
            String firstPreview = preview.getAttribute("src");
            new Select(browser.findElement(By.id("schedule"))).selectByValue("linear");
            type("name", "from the browser");
            type("initialLr", "0.05");
            type("epochs", "2");
            new Select(browser.findElement(By.id("model"))).selectByValue("resnet-tiny");
            type("trainLimit", "20");
            type("testLimit", "10");
            type("batchSize", "10");
            waitUpTo(Duration.ofSeconds(30)).until(d -> {
                WebElement img = d.findElement(By.id("preview"));
                return !img.getAttribute("src").equals(firstPreview) && loaded(img);
            });
            browser.findElement(By.id("submit-experiment")).click();
            String url = waitUpTo(Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().matches(".*#/experiments/\\d+$") ? d.getCurrentUrl() : null);
            Matcher m = Pattern.compile("#/experiments/(\\d+)$").matcher(url);
            assertThat(m.find()).isTrue();
            created[0] = Long.parseLong(m.group(1));
        });

        step("experiment-page", () -> {
            waitUpTo(Duration.ofSeconds(180)).until(d -> d.findElement(By.id("status")).getText().equals("COMPLETED"));
            waitUpTo(Duration.ofSeconds(60)).until(d -> {
                List<WebElement> charts = d.findElements(By.cssSelector("img.chart"));
                return charts.size() == 3 && charts.stream().allMatch(this::loaded);
            });
            assertThat(browser.findElements(By.cssSelector("#metrics-table tbody tr"))).hasSize(2);
            waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("report")).getText().contains("precision"));
            assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        });

        long other = lrlab.submit("""
                {"name": "second", "schedule": "step", "initialLr": 0.05, "epochs": 2, "model": "resnet-tiny",
                 "trainLimit": 20, "testLimit": 10, "batchSize": 10}""");
        LrlabInstance.await("the second experiment", Duration.ofSeconds(120), () -> lrlab.status(other).equals("COMPLETED"));

        step("compare", () -> {
            browser.get(base(lrlab) + "/#/");
            for (long id : new long[] {created[0], other}) {
                waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector("input.select[data-id='" + id + "']"))).click();
            }
            new Select(browser.findElement(By.id("compare-metric"))).selectByValue("valLoss");
            browser.findElement(By.id("compare-button")).click();
            waitUpTo(Duration.ofSeconds(30)).until(d -> loaded(d.findElement(By.id("compare-chart"))) && loaded(d.findElement(By.id("final-chart"))));
        });

        step("error-in-words", () -> {
            browser.get(base(lrlab) + "/#/new");
            waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("submit-experiment")));
            type("initialLr", "0");
            browser.findElement(By.id("submit-experiment")).click();
            // the text as shown when the answer to this submit arrived: a box still showing from an earlier request
            // may be cleared (hidden, its text then "") between a wait that took the element and a later read
            String error = waitUpTo(Duration.ofSeconds(30)).until(d -> {
                WebElement e = d.findElement(By.id("error"));
                String shown = e.isDisplayed() ? e.getText() : "";
                return shown.contains("Invalid input") ? shown : null;
            });
            assertThat(error).contains("Invalid input").contains("initialLr");
        });
    }

    @Test
    void aStudyPageShowsItsTrialsBestAndCharts() throws Exception {
        var response = lrlab.http.post("/api/studies", """
                {"name": "browser study", "space": {"schedule": ["step", "linear"], "initialLr": {"values": [0.05]}},
                 "sampler": "grid", "epochs": 1, "model": "resnet-tiny", "trainLimit": 20, "testLimit": 10, "batchSize": 10}""");
        assertThat(response.statusCode()).isEqualTo(202);
        long id = lrlab.json(response.body()).get("id").asLong();
        LrlabInstance.await("the study", Duration.ofSeconds(180),
                () -> lrlab.get("/api/studies/" + id).get("state").asString().equals("COMPLETED"));

        step("study-page", () -> {
            browser.get(base(lrlab) + "/#/");
            waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("nav-studies"))).click();
            waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector("#studies a[href='#/studies/" + id + "']"))).click();
            waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("#trials tbody tr")).size() == 2);
            assertThat(browser.findElement(By.id("study-state")).getText()).startsWith("COMPLETED: grid sampler");
            assertThat(browser.findElement(By.id("study-best")).getText()).startsWith("Best: trial ");
            assertThat(browser.findElement(By.cssSelector("#trials thead")).getText()).contains("schedule", "initialLr", "val_acc");
            waitUpTo(Duration.ofSeconds(60)).until(d -> loaded(d.findElement(By.id("study-rungs"))) && loaded(d.findElement(By.id("study-parallel"))));
            assertThat(browser.findElement(By.id("study-importance-note")).getText()).contains("8 search trials", "2 so far");
            assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        });
    }

    @Test
    void aPopulationPageShowsItsExploitsDiscoveredScheduleAndRates() throws Exception {
        var response = lrlab.http.post("/api/studies", """
                {"name": "browser pbt", "method": "pbt", "space": {"initialLr": {"low": 0.01, "high": 0.2}}, "seed": 2,
                 "population": {"size": 2, "interval": 1}, "epochs": 2, "model": "resnet-tiny", "trainLimit": 20, "testLimit": 10,
                 "batchSize": 10}""");
        assertThat(response.statusCode()).isEqualTo(202);
        long id = lrlab.json(response.body()).get("id").asLong();
        LrlabInstance.await("the population", Duration.ofSeconds(180),
                () -> lrlab.get("/api/studies/" + id).get("state").asString().equals("COMPLETED"));

        step("population-page", () -> {
            browser.get(base(lrlab) + "/#/studies/" + id);
            waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("#trials tbody tr")).size() == 2);
            assertThat(browser.findElement(By.id("study-state")).getText()).startsWith("COMPLETED: population-based training, 2 members");
            // two members: the worse took the better one's weights after epoch 1
            assertThat(browser.findElements(By.cssSelector("#exploits tbody tr"))).hasSize(1);
            assertThat(browser.findElement(By.id("study-discovered")).getText()).startsWith("Discovered schedule (member ").contains("→");
            waitUpTo(Duration.ofSeconds(60)).until(d -> loaded(d.findElement(By.id("study-population"))));
            assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        });
    }

    @Test
    void asksForAnApiKeyWhenTheApiAnswers401() throws Exception {
        String id = UUID.randomUUID().toString();
        try (LrlabInstance keyed = LrlabInstance.start("jdbc:h2:mem:browser-" + id + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                "target/test-data/browser-" + id, "--lrlab.worker.enabled=false",
                "--lrlab.security.keys[0].name=viewer", "--lrlab.security.keys[0].role=read", "--lrlab.security.keys[0].secret=" + KEY)) {
            step("api-key", () -> {
                browser.get(base(keyed) + "/#/");
                WebElement input = waitUpTo(Duration.ofSeconds(30)).until(d -> {
                    WebElement field = d.findElement(By.id("key-input"));
                    return field.isDisplayed() ? field : null;
                });
                assertThat(browser.findElement(By.id("error")).getText()).contains("Unauthorized");
                input.sendKeys(KEY);
                browser.findElement(By.id("key-save")).click();
                waitUpTo(Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("#experiments tbody tr")).isEmpty());
                assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
            });
        } finally {
            ((JavascriptExecutor) browser).executeScript("localStorage.clear();");
        }
    }
}
