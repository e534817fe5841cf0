package dev.presence.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.status.control.PresenceSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node that runs with development login, anonymous reads or open chat access says so in one WARNING at start. */
class SecurityWarningsTest {

    private final Logger logger = Logger.getLogger(SecurityWarnings.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    private static PresenceSettings settings(String... keyValues) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return PresenceSettings.from(m::get);
    }

    @Test
    void eachWeakeningSettingIsNamedInOneWarning() {
        SecurityWarnings.log(settings("presence.dev-login", "true", "presence.rest.anonymous-reads", "true"));
        assertEquals(1, records.size(), "one warning");
        LogRecord r = records.get(0);
        assertEquals(Level.WARNING, r.getLevel());
        for (String named : List.of("presence.dev-login=true", "presence.rest.anonymous-reads=true", "presence.chat-access=open")) {
            assertTrue(r.getMessage().contains(named), r.getMessage());
        }
    }

    @Test
    void eachSettingAloneIsEnough() {
        String grant = "grant";
        assertTrue(SecurityWarnings.message(settings("presence.chat-access", grant, "presence.dev-login", "true")).orElseThrow()
                .contains("presence.dev-login=true"));
        assertTrue(SecurityWarnings.message(settings("presence.chat-access", grant, "presence.rest.anonymous-reads", "true")).orElseThrow()
                .contains("presence.rest.anonymous-reads=true"));
        String open = SecurityWarnings.message(settings()).orElseThrow();
        assertTrue(open.contains("presence.chat-access=open") && !open.contains("dev-login=true"), "the defaults: open chat access only: " + open);
    }

    @Test
    void aLockedDownNodeLogsNothing() {
        SecurityWarnings.log(settings("presence.chat-access", "grant", "presence.dev-login", "false", "presence.rest.anonymous-reads", "false"));
        assertEquals(List.of(), records);
    }
}
