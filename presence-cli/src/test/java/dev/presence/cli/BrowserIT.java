package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.presence.auth.control.PublicKeys;
import dev.presence.auth.control.TokenSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page at /, the React example at /react/, presence-client.js and presence-react.js (served from
 * presence-js/src by the war) in Debian's headless Chromium (system chromedriver; nothing is downloaded at
 * test time). Loading the pages logs no error in the browser, in development and in production mode.
 * Screenshots go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static Path data;
    private static int port;
    private static Serve serve;
    private static final List<WebDriver> drivers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        Files.createDirectories(SHOTS);
        data = Files.createTempDirectory("presence-browser");
        port = Serve.freePort();
        serve = Serve.start(port, data, Map.of("PRESENCE_OFFLINE_GRACE_MS", "500", "PRESENCE_TYPING_TIMEOUT_MS", "3000"));
    }

    @AfterAll
    static void stop() throws Exception {
        drivers.forEach(WebDriver::quit);
        if (serve != null) {
            serve.stop();
        }
    }

    private static WebDriver browser() throws Exception {
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1000,700",
                "--user-data-dir=" + Files.createTempDirectory("chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        WebDriver d = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        drivers.add(d);
        return d;
    }

    private static WebDriverWait waiting(WebDriver d, int seconds) {
        return new WebDriverWait(d, Duration.ofSeconds(seconds));
    }

    private static WebDriver signIn(String userId) throws Exception {
        return signIn(userId, port);
    }

    /** Signs into the chat page served at {@code via} (the service, or a proxy in front of it). */
    private static WebDriver signIn(String userId, int via) throws Exception {
        WebDriver d = browser();
        d.get("http://127.0.0.1:" + via + "/");
        waiting(d, 10).until(x -> x.findElement(By.id("dev-form")).isDisplayed());
        d.findElement(By.id("user-id")).sendKeys(userId);
        d.findElement(By.cssSelector("#dev-form button")).click();
        waiting(d, 10).until(x -> x.findElement(By.id("app")).isDisplayed());
        return d;
    }

    /** The browser console's errors (failed requests included) since the last call. */
    private static void assertNoConsoleErrors(WebDriver d, String page) {
        assertNoConsoleErrors(d, page, false);
    }

    /**
     * As above; with {@code networkCut}, requests that failed at the network level (net::ERR_..., what the
     * browser logs for a fetch through a cut connection, such as the client's token refresh while it
     * reconnects) are expected and not counted; every other error still is.
     */
    private static void assertNoConsoleErrors(WebDriver d, String page, boolean networkCut) {
        List<LogEntry> severe = d.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> !(networkCut && e.getMessage().contains("Failed to load resource: net::ERR_"))).toList();
        assertTrue(severe.isEmpty(), page + " logged errors: " + severe.stream().map(LogEntry::getMessage).collect(Collectors.joining("\n")));
    }

    private static String text(WebDriver d, String css) {
        return d.findElement(By.cssSelector(css)).getText();
    }

    private static void screenshot(WebDriver d, String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    }

    private static void join(WebDriver d, String room) {
        d.findElement(By.id("room-name")).clear();
        d.findElement(By.id("room-name")).sendKeys(room);
        d.findElement(By.cssSelector("#join-form button")).click();
        waiting(d, 10).until(x -> x.findElement(By.id("text")).isEnabled());
    }

    private static WebDriver ann;
    private static WebDriver ben;

    @Test
    @Order(1)
    void twoUsersSeeEachOtherComeOnlineChangeStatusTypeAndChat() throws Exception {
        ann = signIn("ann");
        ben = signIn("ben");
        waiting(ann, 10).until(x -> !x.findElements(By.cssSelector("#online li[data-user='ben']")).isEmpty());
        assertNoConsoleErrors(ann, "/ (development mode)");
        new Select(ben.findElement(By.id("status-select"))).selectByValue("busy");
        waiting(ann, 10).until(x -> text(x, "#online li[data-user='ben']").contains("busy"));
        join(ann, "lobby");
        join(ben, "lobby");
        ben.findElement(By.id("text")).sendKeys("hello ann");
        waiting(ann, 10).until(x -> text(x, "#typing").contains("ben"));
        screenshot(ann, "chat-typing");
        ben.findElement(By.id("text")).sendKeys("\n");
        waiting(ann, 10).until(x -> text(x, "#messages").contains("hello ann"));
        waiting(ann, 10).until(x -> text(x, "#typing").isEmpty()); // the indicator clears by itself
        screenshot(ann, "chat-message");
        ann.manage().window().setSize(new org.openqa.selenium.Dimension(360, 740));
        screenshot(ann, "chat-360px");
        ann.manage().window().setSize(new org.openqa.selenium.Dimension(1000, 700));
        assertNoConsoleErrors(ann, "/ after chatting");
        assertNoConsoleErrors(ben, "/ after chatting");
    }

    @Test
    @Order(2)
    void afterTheServerDropsTheSocketsThePagesReconnectWithTheirSubscriptions() throws Exception {
        serve.stop(); // every socket is closed by the server (1001)
        waiting(ann, 10).until(x -> x.findElement(By.id("banner")).isDisplayed());
        screenshot(ann, "chat-reconnecting");
        serve = Serve.start(port, data, Map.of("PRESENCE_OFFLINE_GRACE_MS", "500"));
        waiting(ann, 60).until(x -> !x.findElement(By.id("banner")).isDisplayed());
        waiting(ben, 60).until(x -> !x.findElement(By.id("banner")).isDisplayed());
        new Select(ben.findElement(By.id("status-select"))).selectByValue("dnd");
        waiting(ann, 10).until(x -> text(x, "#online li[data-user='ben']").contains("dnd")); // online list re-subscribed
        ben.findElement(By.id("text")).sendKeys("back again\n");
        waiting(ann, 10).until(x -> text(x, "#messages").contains("back again")); // chat session re-joined
        screenshot(ann, "chat-after-reconnect");
    }

    private static TokenSigner devSigner() throws Exception {
        return new TokenSigner(PublicKeys.readPrivateKey(DevKeys.in(data).privateKey()), DevKeys.ISSUER);
    }

    @Test
    @Order(3)
    void theReactExampleAtSlashReactRendersAndUpdatesLive() throws Exception {
        TokenSigner signer = devSigner();
        WebDriver d = browser();
        d.get("http://127.0.0.1:" + port + "/react/?room=react-room&watch=cara&token="
                + signer.sign("rex", List.of(), Duration.ofHours(1), Instant.now()));
        waiting(d, 15).until(x -> text(x, "body").contains("# react-room"));
        waiting(d, 10).until(x -> text(x, "body").contains("rex"));
        assertNoConsoleErrors(d, "/react/ (development mode)");
        // another user comes online, says something and changes status: the components follow
        var cara = ServeClients.connect(port, signer.sign("cara", List.of(), Duration.ofHours(1), Instant.now()));
        ServeClients.send(cara, "{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"react-room\"},\"ref\":\"j\"}");
        ServeClients.send(cara, "{\"event\":\"set-status\",\"data\":{\"status\":\"away\",\"statusText\":\"lunch\"}}");
        waiting(d, 10).until(x -> text(x, "#watched").contains("lunch"));
        waiting(d, 10).until(x -> text(x, "body").contains("Online (4)")); // ann, ben, cara and rex
        ServeClients.send(cara, "{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"react-room\",\"text\":\"hi from cara\"}}");
        waiting(d, 10).until(x -> text(x, "body").contains("hi from cara"));
        screenshot(d, "react-components");
        assertNoConsoleErrors(d, "/react/ after chatting");
        cara.abort();
    }

    /** Texts of the chat page's messages, in the order shown. */
    private static List<String> messages(WebDriver d) {
        return d.findElements(By.cssSelector("#messages li")).stream().map(e -> e.getText()).toList();
    }

    @Test
    @Order(4)
    void autoAwayInvisibleAndMessagesSentWhileAPageWasCutOffShowOnThePage() throws Exception {
        TokenSigner signer = devSigner();
        try (TcpProxy proxy = TcpProxy.to(port)) {
            WebDriver dee = signIn("dee", proxy.port());
            join(dee, "recovery");
            // auto-away: a user whose only session goes idle shows "away (auto)", not a chosen away
            var cleo = ServeClients.connect(port, signer.sign("cleo", List.of(), Duration.ofHours(1), Instant.now()));
            waiting(dee, 10).until(x -> !x.findElements(By.cssSelector("#online li[data-user='cleo']")).isEmpty());
            ServeClients.send(cleo, "{\"event\":\"set-idle\",\"data\":{\"idle\":true}}");
            waiting(dee, 10).until(x -> text(x, "#online li[data-user='cleo']").contains("away (auto)"));
            screenshot(dee, "chat-auto-away");
            // invisible: the others see ben offline at once, ben's own page says invisible
            new Select(ben.findElement(By.id("status-select"))).selectByValue("invisible");
            waiting(dee, 10).until(x -> text(x, "#online li[data-user='ben']").contains("(offline)"));
            waiting(ben, 10).until(x -> text(x, "#online li[data-user='ben']").contains("(invisible)"));
            new Select(ben.findElement(By.id("status-select"))).selectByValue("available");
            waiting(dee, 10).until(x -> text(x, "#online li[data-user='ben']").contains("(available)"));
            // the page is cut off; cleo says three things meanwhile; back online, the page shows each once, in order
            ServeClients.send(cleo, "{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"recovery\"},\"ref\":\"j\"}");
            ServeClients.send(cleo, "{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"recovery\",\"text\":\"before the cut\"}}");
            waiting(dee, 10).until(x -> messages(x).stream().anyMatch(m -> m.contains("before the cut")));
            proxy.cut(true);
            waiting(dee, 20).until(x -> x.findElement(By.id("banner")).isDisplayed());
            for (String text : List.of("missed one", "missed two", "missed three")) {
                ServeClients.send(cleo, "{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"recovery\",\"text\":\"" + text + "\"}}");
            }
            proxy.restore();
            waiting(dee, 60).until(x -> !x.findElement(By.id("banner")).isDisplayed());
            waiting(dee, 10).until(x -> messages(x).stream().anyMatch(m -> m.contains("missed three")));
            List<String> shown = messages(dee).stream().filter(m -> m.contains("before the cut") || m.contains("missed")).toList();
            assertEquals(4, shown.size(), "each message once: " + shown);
            assertTrue(shown.get(0).contains("before the cut") && shown.get(1).contains("missed one")
                    && shown.get(2).contains("missed two") && shown.get(3).contains("missed three"), "in order: " + shown);
            screenshot(dee, "chat-after-cut");
            assertNoConsoleErrors(dee, "/ after a cut", true);
            cleo.abort();
        }
    }

    /**
     * PROTOCOL.md §5 token lifetime in the browser client: a session whose tokens live 70 s refreshes by itself
     * (through getToken, without reconnecting) and outlives its first token, its subscription still delivering;
     * one whose getToken keeps answering the first token is closed with 4401 once it expired past the skew.
     */
    @Test
    @Order(5)
    void theBrowserClientRefreshesItsTokenWithoutReconnecting() throws Exception {
        WebDriver d = browser();
        d.get("http://127.0.0.1:" + port + "/");
        Object started = ((org.openqa.selenium.JavascriptExecutor) d).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const { connect } = await import('/js/presence-client.js');
                const token = async (userId) => (await (await fetch('/api/dev/token', {method: 'POST',
                    headers: {'Content-Type': 'application/json'}, body: JSON.stringify({userId, ttlSeconds: 70})})).json()).token;
                const fixed = await token('stale');
                window.t = { states: [], statesStale: [], closes: [], changes: [], refreshes: 0 };
                const fresh = connect({ url: `ws://${location.host}/ws`, getToken: () => token('fresh') });
                fresh.on('state', (s) => window.t.states.push(s));
                fresh.on('token-refreshed', () => window.t.refreshes++);
                fresh.onStatus('mover', (s) => window.t.changes.push(s.status));
                await fresh.subscribePresence(['mover']);
                const stale = connect({ url: `ws://${location.host}/ws`, getToken: async () => fixed });
                stale.on('state', (s) => window.t.statesStale.push(s));
                stale.on('close', (e) => window.t.closes.push(e && e.code));
                done('ok');
                """);
        assertEquals("ok", started);
        // the client stuck on its first token is closed with 4401 once that token is past its expiry and the
        // 60 s skew; the refreshing client's first token (minted just before) is past it too by then
        waiting(d, 200).until(x -> String.valueOf(script(x, "return JSON.stringify(window.t.closes)")).contains("4401"));
        var mover = ServeClients.connect(port, devSigner().sign("mover", List.of(), Duration.ofHours(1), Instant.now()));
        ServeClients.send(mover, "{\"event\":\"set-status\",\"data\":{\"status\":\"dnd\"}}");
        waiting(d, 10).until(x -> String.valueOf(script(x, "return window.t.changes")).contains("dnd"));
        String states = String.valueOf(script(d, "return window.t.states"));
        assertTrue(states.endsWith("online]") && !states.contains("reconnecting"),
                "refreshed on the same socket, never reconnected: " + states);
        assertTrue(((Number) script(d, "return window.t.refreshes")).intValue() >= 2, "refreshed every ~10 s");
        mover.abort();
    }

    private static Object script(WebDriver d, String js) {
        return ((org.openqa.selenium.JavascriptExecutor) d).executeScript(js);
    }

    @Test
    @Order(6)
    void inProductionModeThePagesLoadWithoutErrorsAndTheReactExampleSignsInWithAToken() throws Exception {
        drivers.forEach(WebDriver::quit); // rex's page would come back (its token verifies in production too)
        drivers.clear();
        serve.stop();
        DevKeys keys = DevKeys.in(data);
        // a configured public key: development login off (POST /api/dev/token is 404), anonymous reads off
        serve = Serve.start(port, data, Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicKey().toUri().toString(),
                "MP_JWT_VERIFY_ISSUER", DevKeys.ISSUER));
        WebDriver d = browser();
        d.get("http://127.0.0.1:" + port + "/");
        waiting(d, 10).until(x -> x.findElement(By.id("token-form")).isDisplayed());
        assertNoConsoleErrors(d, "/ (production mode)");
        d.get("http://127.0.0.1:" + port + "/react/");
        waiting(d, 10).until(x -> x.findElement(By.id("token-form")).isDisplayed());
        assertNoConsoleErrors(d, "/react/ (production mode)");
        d.findElement(By.id("token")).sendKeys(devSigner().sign("pia", List.of(), Duration.ofHours(1), Instant.now()));
        d.findElement(By.cssSelector("#token-form button")).click();
        waiting(d, 15).until(x -> text(x, "body").contains("# lobby"));
        waiting(d, 10).until(x -> text(x, "body").contains("Online (1)"));
        assertNoConsoleErrors(d, "/react/ signed in (production mode)");
        screenshot(d, "react-production");
    }
}
