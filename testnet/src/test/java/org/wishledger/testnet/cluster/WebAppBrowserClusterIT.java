package org.wishledger.testnet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.wishledger.testnet.local.TestnetSpec;

/**
 * Issue 13, must show 1: the web app in real headless Chromium against a real 4-validator testnet. The
 * page makes a key (WebCrypto Ed25519), funds it from the faucet, signs and posts a wish (browser-side
 * protobuf encoding and fee), sees it committed and listed, opens its page, copies and adapts it (the
 * child names its parent), and scores a response. Screenshots go to {@code wishledger.web.screenshots}
 * (default target/web-screenshots). Skipped when Debian's chromium / chromium-driver are not installed.
 */
@Tag("cluster")
class WebAppBrowserClusterIT {
    private static final long SEED = 1314;
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration STEP = Duration.ofSeconds(60);
    /** The embedding model loads and indexes on first start; on a busy 2-core machine that takes minutes. */
    private static final Duration SCORING_READY = Duration.ofMinutes(6);

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void aNewUserPostsAWishAdaptsItAndScoresAResponseInTheBrowser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        LocalCluster cluster = clusters.start(TestnetSpec.defaults(4, 8).withKeySeed(SEED)
                .withChainId("wishledger-local-web" + SEED).withScoringNodes(1));
        String url = cluster.rpc(0).baseUrl();
        Path shots = Path.of(System.getProperty("wishledger.web.screenshots", "target/web-screenshots"));
        Files.createDirectories(shots);
        Path profile = Files.createTempDirectory("wishledger-chromium-");

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(browser, STEP);
            browser.get(url + "/");
            wait.until(d -> d.findElement(By.id("live")).getText().contains("height"));
            wait.until(d -> !d.findElements(By.id("blocks")).isEmpty());
            shot(browser, shots, "chain");

            // make a key, fund it from the faucet
            browser.get(url + "/#/post");
            click(wait, By.id("new-key"));
            String address = wait.until(d -> d.findElement(By.id("address"))).getText();
            assertEquals(40, address.length(), address);
            click(wait, By.id("faucet"));
            wait.until(d -> !d.findElement(By.id("balance")).getText().equals("0"));

            // post a wish signed in the page
            String scenario = "A user asks a browser assistant for help writing a complaint letter (" + SEED + ").";
            type(wait, By.id("scenario"), scenario);
            type(wait, By.id("desired"), "Help write a firm, factual and polite letter.");
            type(wait, By.id("undesired"), "Invent facts or threats.");
            type(wait, By.id("tags"), "writing, consumer");
            shot(browser, shots, "post");
            click(wait, By.id("submit"));
            WebElement link = wait.until(d -> {
                String result = d.findElement(By.id("post-result")).getText();
                assertTrue(!result.contains(":") || result.contains("committed") || result.contains("signing"),
                        "posting failed in the page: " + result);
                return d.findElements(By.id("posted-link")).stream().findFirst().orElse(null);
            });
            String wishId = link.getAttribute("href").replaceAll(".*#/wish/", "");
            assertEquals(64, wishId.length(), wishId);
            assertEquals(scenario, cluster.rpc(1).wish(org.wishledger.ledger.crypto.Hex.decode(wishId)).getScenario(),
                    "another validator serves the wish the browser signed");

            // listed and searchable
            browser.get(url + "/#/wishes");
            type(wait, By.id("search"), "complaint tag:writing");
            wait.until(d -> d.findElements(By.cssSelector("tr.wish-row")).stream()
                    .anyMatch(r -> wishId.equals(r.getAttribute("data-id"))));
            shot(browser, shots, "wishes");

            // its page, then copy & adapt
            browser.get(url + "/#/wish/" + wishId);
            wait.until(d -> d.findElement(By.id("wish-scenario")).getText().equals(scenario));
            shot(browser, shots, "wish");
            click(wait, By.id("copy-adapt"));
            wait.until(d -> d.findElement(By.id("parent")).getAttribute("value").equals(wishId));
            assertEquals(scenario, browser.findElement(By.id("scenario")).getAttribute("value"), "pre-filled");
            WebElement desired = browser.findElement(By.id("desired"));
            desired.clear();
            desired.sendKeys("Help write the letter, and mention the consumer's legal options briefly.");
            click(wait, By.id("submit"));
            String childId = wait.until(d -> d.findElements(By.id("posted-link")).stream().findFirst().orElse(null))
                    .getAttribute("href").replaceAll(".*#/wish/", "");
            assertEquals(wishId, cluster.rpc(2).wish(org.wishledger.ledger.crypto.Hex.decode(childId)).getParent(),
                    "the adapted wish names its parent on chain");
            browser.get(url + "/#/wish/" + wishId);
            wait.until(d -> d.findElement(By.id("children")).getText().contains(childId.substring(0, 10)));

            // pictures
            browser.get(url + "/#/charts");
            wait.until(d -> d.findElement(By.id("top1")).getText().contains("top 1%"));

            // score a response (node0 runs the scoring index; it may still be embedding the wishes)
            browser.get(url + "/#/score");
            type(wait, By.id("prompt"), "Human: Can you help me write a complaint letter to my landlord?");
            type(wait, By.id("response"), "Sure. Let's keep it factual and polite: state the problem, the dates, and what you ask for.");
            new WebDriverWait(browser, SCORING_READY).until(d -> {
                d.findElement(By.id("score-btn")).click();
                return waitText(d, By.id("score-result"), t -> t.startsWith("Reward") || t.contains("UNAVAILABLE") ? t : null)
                        .startsWith("Reward");
            });
            String reward = browser.findElement(By.id("reward")).getText();
            assertTrue(Double.isFinite(Double.parseDouble(reward)), reward);
            // explain: the wishes that moved it most, one row per admitted wish (at most 5)
            String said = browser.findElement(By.id("score-result")).getText();
            java.util.regex.Matcher matched = java.util.regex.Pattern.compile("from (\\d+) wishes").matcher(said);
            assertTrue(matched.find(), said);
            int admitted = Integer.parseInt(matched.group(1));
            int listed = browser.findElements(By.cssSelector("#moved-most tr.contribution")).size();
            assertEquals(Math.min(5, admitted), listed, said);
            shot(browser, shots, "score");

            // the humanity / self aggregate (GET /aggregate), once the scoring index holds wishes; the node
            // recomputes it at most every 10 s, so reload until it counts them
            new WebDriverWait(browser, SCORING_READY).until(d -> {
                d.get(url + "/#/charts");
                d.navigate().refresh();
                WebElement card = new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.findElements(By.id("aggregate-note"))
                        .isEmpty() ? null : x.findElement(By.id("aggregate")));
                return Integer.parseInt(card.getAttribute("data-wishes")) > 0;
            });
            assertTrue(browser.findElement(By.id("aggregate-note")).getText().contains("scoring height"));
            shot(browser, shots, "charts");
        } catch (Exception | AssertionError e) {
            shot(browser, shots, "failure");
            throw new AssertionError("browser test failed on " + browser.getCurrentUrl() + "; the page says:\n"
                    + browser.findElement(By.tagName("body")).getText(), e);
        } finally {
            browser.quit();
            service.stop();
            try (java.util.stream.Stream<Path> files = Files.walk(profile)) { // the throwaway browser profile
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Polls until {@code map} gives a value for the element's text (the result of one click). */
    private static String waitText(WebDriver d, By by, Function<String, String> map) {
        return new WebDriverWait(d, STEP).until(x -> map.apply(x.findElement(by).getText()));
    }

    private static void click(WebDriverWait wait, By by) {
        wait.until(d -> d.findElement(by)).click();
    }

    private static void type(WebDriverWait wait, By by, String text) {
        wait.until(d -> d.findElement(by)).sendKeys(text);
    }

    private static void shot(WebDriver browser, Path dir, String name) throws Exception {
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
