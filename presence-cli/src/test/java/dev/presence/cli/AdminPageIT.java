package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.presence.auth.control.PublicKeys;
import dev.presence.auth.control.TokenSigner;
import dev.presence.stats.control.StatsDocuments;
import dev.presence.stats.entity.Figures;
import dev.presence.stats.entity.HyperLogLog;
import dev.presence.stats.entity.Interval;
import dev.presence.stats.entity.StatsPoint;
import dev.presence.testing.Await;
import dev.presence.testing.Parsed;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator page at /admin/ and the /api/admin reads on a {@code presence serve}, in Debian's headless
 * Chromium: refusal of non-operators, live tiles that follow sessions, charts drawn from stats seeded into
 * the store, user lookup and kick, phone width; and {@code presence stats} on the same figures. Screenshots
 * go to target/screenshots (admin-1280.png is the README's docs/admin-page.png).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminPageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "screenshots");
    /** The seeded hour with the highest peak: the 7-day chart must show it. */
    private static final long SEEDED_PEAK = 777;
    private static Path data;
    private static Serve serve;
    private static TokenSigner signer;
    private static final List<WebDriver> drivers = new ArrayList<>();
    private static final List<Client> clients = new ArrayList<>();
    /** Minutes from here on are the node's own: the seeded minutes all end before it. */
    private static Instant liveFrom;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        Files.createDirectories(SHOTS);
        data = Files.createTempDirectory("presence-admin");
        serve = Serve.start(Serve.freePort(), data, Map.of("PRESENCE_OFFLINE_GRACE_MS", "300",
                "PRESENCE_NODE_NAME", "node-1")); // a name of its own: the screenshot shows no host name
        signer = new TokenSigner(PublicKeys.readPrivateKey(DevKeys.in(data).privateKey()), DevKeys.ISSUER);
        seedStats(Instant.now());
    }

    @AfterAll
    static void stop() throws Exception {
        drivers.forEach(WebDriver::quit);
        clients.forEach(c -> c.ws.abort());
        if (serve != null) {
            serve.stop();
        }
    }

    /**
     * A week of the past written through the store as the nodes' roll-ups write it: hours before the current
     * one (one of them with the peak {@link #SEEDED_PEAK}), days before today, and the minutes of an hour
     * that ended before the service started. What the running node records itself is left to it.
     */
    private static void seedStats(Instant now) {
        try (MongoClient client = MongoClients.create(Files.readString(data.resolve(EmbeddedStore.URI_FILE)).trim())) {
            StatsDocuments docs = new StatsDocuments(client.getDatabase("presence"));
            Instant hour = Interval.HOUR.floor(now);
            for (int h = 1; h <= 7 * 24; h++) {
                long peak = h == 5 ? SEEDED_PEAK : 100 + Math.round(80 * Math.sin(h / 4.0));
                docs.save(Interval.HOUR, new StatsPoint(hour.minus(Duration.ofHours(h)), figures(peak, h, 400)), true);
            }
            Instant day = Interval.DAY.floor(now);
            for (int d = 1; d <= 13; d++) {
                docs.save(Interval.DAY, new StatsPoint(day.minus(Duration.ofDays(d)), figures(300, d, 1000 + 50 * d)), false);
            }
            liveFrom = Interval.MINUTE.floor(now).minus(Duration.ofMinutes(2));
            Instant minute = liveFrom.minus(Duration.ofMinutes(1));
            for (int m = 0; m < 50; m++) {
                docs.save(Interval.MINUTE, new StatsPoint(minute.minus(Duration.ofMinutes(m)), figures(40 + m % 7, m, 60)), false);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Figures figures(long peak, int seed, int users) {
        HyperLogLog sketch = new HyperLogLog();
        for (int i = 0; i < users; i++) {
            sketch.add("seeded-" + seed + "-" + i);
        }
        return new Figures(peak, peak * 45, 60, 20 + seed % 5, seed % 3, 18, 18 * 95_000L, 100 + seed, sketch.estimate(), sketch);
    }

    private static String token(String userId, boolean admin) {
        return signer.sign(userId, admin ? List.of("presence-admin") : List.of(), Duration.ofHours(1), Instant.now());
    }

    private static Rest.Reply call(String method, String path, String token) {
        return Rest.call(serve, method, path, token, null);
    }

    private static String q(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }

    private static WebDriver browser(int width, int height) throws Exception {
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory("chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        WebDriver d = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        drivers.add(d);
        return d;
    }

    /** A wait that reads again when the page redrew what it was reading (the charts are redrawn every minute). */
    private static WebDriverWait waiting(WebDriver d, int seconds) {
        WebDriverWait w = new WebDriverWait(d, Duration.ofSeconds(seconds));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    private static String text(WebDriver d, String css) {
        return d.findElement(By.cssSelector(css)).getText();
    }

    private static void screenshot(WebDriver d, String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    }

    private static void assertNoConsoleErrors(WebDriver d, String what) {
        List<LogEntry> severe = d.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(severe.isEmpty(), what + " logged errors: " + severe.stream().map(LogEntry::getMessage).collect(Collectors.joining("\n")));
    }

    /** The sum of a figure over the cluster's minutes since {@link #liveFrom}, as /api/admin/stats answers. */
    private static long recent(String figure) {
        JsonObject r = call("GET", "/api/admin/stats?from=" + q(liveFrom), token("olga", true)).json();
        return r.getJsonArray("points").stream().mapToLong(p -> p.asJsonObject().getJsonNumber(figure).longValue()).sum();
    }

    /** Signs in with the development login, typing and pressing Enter as a keyboard user does. */
    private static void devSignIn(WebDriver d, String userId, boolean asAdmin) {
        d.get(serve.url("/admin/"));
        waiting(d, 10).until(x -> x.findElement(By.id("dev-form")).isDisplayed());
        if (!asAdmin) {
            d.findElement(By.id("as-admin")).click();
        }
        d.findElement(By.id("user-id")).sendKeys(userId, Keys.ENTER);
    }

    private static long tile(WebDriver d, String id) {
        String v = text(d, "#tile-" + id + " .value");
        return v.matches("\\d+") ? Long.parseLong(v) : -1;
    }

    @Test
    @Order(1)
    void aNonOperatorGets403OnEveryAdminEndpointAndThePageSaysSo() throws Exception {
        String user = token("nina", false);
        for (String[] endpoint : List.of(new String[] {"GET", "/api/admin/stats"}, new String[] {"GET", "/api/admin/nodes"},
                new String[] {"GET", "/api/admin/overview"}, new String[] {"GET", "/api/admin/users/nina"},
                new String[] {"DELETE", "/api/admin/sessions/nina"})) {
            Rest.Reply r = call(endpoint[0], endpoint[1], user);
            assertEquals(403, r.status(), String.join(" ", endpoint) + ": " + r.body());
            assertEquals("forbidden", r.json().getString("error"));
            assertEquals(401, call(endpoint[0], endpoint[1], null).status(), String.join(" ", endpoint) + " anonymous");
        }
        assertEquals(403, call("GET", "/api/admin/stats?interval=week", user).status(), "403 before any 400");

        WebDriver d = browser(1280, 900);
        devSignIn(d, "nina", false);
        waiting(d, 10).until(x -> text(x, "#signin-error").contains("not an operator"));
        assertTrue(text(d, "#signin-error").contains("presence-admin"));
        assertFalse(d.findElement(By.id("console")).isDisplayed());
        d.findElement(By.id("token")).sendKeys(user);
        d.findElement(By.cssSelector("#token-form button")).click();
        waiting(d, 10).until(x -> text(x, "#signin-error").startsWith("Refused: nina is not an operator"));
        screenshot(d, "admin-refused");
        d.quit();
        drivers.remove(d);
    }

    @Test
    @Order(2)
    void nodesAndStatsAnswerAsTheContractSaysAndRefuseBadRangesWith400() throws Exception {
        String admin = token("olga", true);
        JsonObject nodes = call("GET", "/api/admin/nodes", admin).json();
        assertEquals(1, nodes.getJsonArray("nodes").size(), nodes.toString());
        JsonObject node = nodes.getJsonArray("nodes").getJsonObject(0);
        assertEquals(Set.of("nodeId", "name", "sessions", "usersOnline", "startedAt", "leaseRenewedAt"), node.keySet());

        JsonObject lastHour = call("GET", "/api/admin/stats", admin).json();
        assertTrue(lastHour.getJsonArray("points").size() >= 50, "the seeded minutes: " + lastHour);
        assertEquals(Set.of("time", "peakOnline", "avgOnline", "uniqueUsers", "connects", "authFailures", "sessionsEnded",
                "avgSessionSeconds", "messages"), lastHour.getJsonArray("points").getJsonObject(0).keySet());
        Instant now = Instant.now();
        JsonObject week = call("GET", "/api/admin/stats?interval=hour&from=" + q(now.minus(Duration.ofDays(7))), admin).json();
        assertTrue(week.getJsonArray("points").stream().anyMatch(p -> p.asJsonObject().getInt("peakOnline") == SEEDED_PEAK), week.toString());
        JsonObject seeded = week.getJsonArray("points").getJsonObject(0);
        assertEquals(0.75 * seeded.getInt("peakOnline"), seeded.getJsonNumber("avgOnline").doubleValue(), 0.01);
        assertEquals(95.0, seeded.getJsonNumber("avgSessionSeconds").doubleValue(), 0.01);

        for (String bad : List.of("interval=week", "from=yesterday", "to=2026-13-01T00:00:00Z",
                "from=" + q(now) + "&to=" + q(now.minusSeconds(3600)),
                "interval=minute&from=" + q(now.minus(Duration.ofDays(1))))) {
            Rest.Reply r = call("GET", "/api/admin/stats?" + bad, admin);
            assertEquals(400, r.status(), bad + ": " + r.body());
            assertEquals("bad-request", r.json().getString("error"));
            assertFalse(r.json().getString("message").isBlank());
        }
        assertEquals(400, call("GET", "/api/admin/users/not%20valid", admin).status());
        assertEquals(404, call("GET", "/api/admin/users/nobody-ever", admin).status());
    }

    @Test
    @Order(3)
    void thePageShowsLiveFiguresThatFollowSessionsAndChartsOfTheStoredStats() throws Exception {
        WebDriver d = browser(1280, 2000);
        devSignIn(d, "olga", true);
        waiting(d, 15).until(x -> x.findElement(By.id("console")).isDisplayed() && tile(x, "online") >= 0);
        long online = tile(d, "online");
        long sessions = tile(d, "sessions");
        clients.add(Client.connect(serve.port(), token("pia", false)));
        clients.add(Client.connect(serve.port(), token("quinn", false)));
        clients.add(Client.connect(serve.port(), token("quinn", false)));
        long connects = recent("connects");
        waiting(d, 10).until(x -> tile(x, "online") == online + 2 && tile(x, "sessions") == sessions + 3);
        Await.until(() -> recent("connects") >= connects + 3, Duration.ofSeconds(20), Duration.ofMillis(200),
                "the three connects in the stored minute under way");
        waiting(d, 10).until(x -> text(x, "#nodes tbody").contains(String.valueOf(sessions + 3)));
        assertEquals("1", text(d, "#tile-nodes .value"));

        // the charts come from the seeded stats: the week's peak, the days' unique users
        d.findElement(By.cssSelector("input[name=online-range][value='7d']")).click();
        waiting(d, 10).until(x -> x.findElement(By.cssSelector("#chart-online desc")).getAttribute("textContent").contains("highest " + SEEDED_PEAK));
        waiting(d, 10).until(x -> x.findElements(By.cssSelector("#chart-unique rect")).size() >= 13); // a bar per seeded day
        waiting(d, 10).until(x -> x.findElement(By.cssSelector("#chart-traffic svg")).getAttribute("aria-labelledby") != null);
        waiting(d, 10).until(x -> {
            String axes = x.findElements(By.cssSelector("#chart-sessions g.axis")).stream()
                    .map(g -> g.getAttribute("aria-label")).collect(Collectors.joining(" | "));
            return axes.contains("Vertical axis, session length") && axes.contains("Horizontal axis, time");
        });
        d.findElement(By.cssSelector("input[name=online-range][value='1h']")).click();
        waiting(d, 10).until(x -> x.findElement(By.cssSelector("#chart-online title")).getAttribute("textContent").contains("last hour")
                && x.findElements(By.cssSelector("#chart-online path")).size() >= 2); // peak and average lines
        screenshot(d, "admin-1280");
        assertNoConsoleErrors(d, "/admin/");

        d.manage().window().setSize(new Dimension(360, 2400));
        waiting(d, 5).until(x -> (Long) ((JavascriptExecutor) x).executeScript("return document.documentElement.scrollWidth") <= 360);
        // the charts are drawn again for the narrow width (not just scaled down)
        waiting(d, 10).until(x -> Integer.parseInt(x.findElement(By.cssSelector("#chart-unique svg")).getAttribute("width")) <= 360);
        screenshot(d, "admin-360");
        d.manage().window().setSize(new Dimension(1280, 2000));
    }

    @Test
    @Order(4)
    void aLookupShowsTheUsersSessionsAndChatSessionsAndKickClosesThem() throws Exception {
        Client pia = clients.getFirst();
        pia.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"ops-room\"},\"ref\":\"j\"}");
        pia.reply("j");
        long messages = recent("messages");
        pia.send("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"ops-room\",\"text\":\"hello ops\"},\"ref\":\"m\"}");
        pia.acked("m");
        Await.until(() -> recent("messages") == messages + 1, Duration.ofSeconds(20), Duration.ofMillis(200),
                "the message in the stored minute under way");
        WebDriver d = drivers.getLast();
        long sessions = tile(d, "sessions");
        d.findElement(By.id("lookup-id")).sendKeys("pia", Keys.ENTER);
        waiting(d, 10).until(x -> text(x, "#lookup-result").contains("ops-room"));
        String shown = text(d, "#lookup-result");
        assertTrue(shown.contains("online, available") && shown.contains("1 on node-1"), shown);
        screenshot(d, "admin-page"); // the README's docs/admin-page.png
        d.findElement(By.cssSelector("#lookup-result button")).sendKeys(Keys.ENTER);
        waiting(d, 10).until(x -> text(x, "#lookup-result").contains("Closed 1 session(s) of pia."));
        assertEquals(4403, pia.closed.get(10, java.util.concurrent.TimeUnit.SECONDS));
        waiting(d, 10).until(x -> tile(x, "sessions") == sessions - 1);
        screenshot(d, "admin-lookup");
        assertNoConsoleErrors(d, "/admin/ after a kick");
    }

    @Test
    @Order(5)
    void presenceStatsPrintsTheSameFiguresAsATableWithSparklines() throws Exception {
        Cli table = Cli.run("stats", "--since", "7d", "--url", "http://127.0.0.1:" + serve.port(), "--data-dir", data.toString());
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().startsWith("TIME (UTC)"), table.out());
        assertTrue(table.out().contains(" " + SEEDED_PEAK + " "), table.out());
        for (String series : List.of("peak online", "unique users", "connects", "auth failures", "messages")) {
            assertTrue(table.out().lines().anyMatch(l -> l.startsWith(series) && l.contains("█")), series + " sparkline:\n" + table.out());
        }
        Cli json = Cli.run("stats", "--since", "1h", "--json", "--url", "http://127.0.0.1:" + serve.port(), "--data-dir", data.toString());
        assertEquals(0, json.exit(), json.err());
        assertTrue(Parsed.object(json.out()).getJsonArray("points").size() >= 50);
        Cli tooMany = Cli.run("stats", "--since", "2d", "--interval", "minute", "--url", "http://127.0.0.1:" + serve.port(),
                "--data-dir", data.toString());
        assertEquals(ExitCode.USAGE, tooMany.exit(), tooMany.err());
    }
}
