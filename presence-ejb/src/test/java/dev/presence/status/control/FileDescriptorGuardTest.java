package dev.presence.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.testing.RecordingConnection;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FileDescriptorGuardTest {

    @Test
    void refusesFromTheLimitLessItsReserve() {
        AtomicLong open = new AtomicLong();
        FileDescriptorGuard guard = new FileDescriptorGuard(open::get, 20_000);
        assertEquals(19_600, guard.refuseAt(), "2 % of 20,000");
        open.set(19_599);
        assertFalse(guard.nearLimit());
        open.set(19_600);
        assertTrue(guard.nearLimit());
        assertEquals(824, new FileDescriptorGuard(open::get, 1_024).refuseAt(), "at least 200 in reserve");
        assertFalse(new FileDescriptorGuard(open::get, -1).nearLimit(), "no known limit, no refusal");
    }

    @Test
    void aRefusingRegistryOpensNoSessionButKeepsItsOwn() {
        PresenceRegistry registry = new PresenceRegistry(java.time.Clock.systemUTC(), PresenceSettings.defaults(),
                PresenceStore.NONE, PresenceMetrics.NONE, "n1");
        ClientSession kept = registry.open(new RecordingConnection()).orElseThrow();
        registry.housekeeping().refuseNewSessions(true);
        assertTrue(registry.open(new RecordingConnection()).isEmpty());
        assertFalse(kept.hasEnded());
        registry.housekeeping().refuseNewSessions(false);
        assertTrue(registry.open(new RecordingConnection()).isPresent());
    }
}
