package dev.presence.stats.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HyperLogLogTest {

    private static HyperLogLog of(String prefix, int from, int to) {
        HyperLogLog h = new HyperLogLog();
        for (int i = from; i < to; i++) {
            h.add(prefix + i);
        }
        return h;
    }

    @Test
    void smallCountsAreCloseAndRepeatsCountOnce() {
        assertEquals(0, new HyperLogLog().estimate());
        HyperLogLog h = of("user-", 0, 1);
        h.add("user-0");
        assertEquals(1, h.estimate());
        assertTrue(Math.abs(of("user-", 0, 50).estimate() - 50) <= 1, "50 users counted as " + of("user-", 0, 50).estimate());
        HyperLogLog twice = of("user-", 0, 300);
        for (int i = 0; i < 300; i++) {
            twice.add("user-" + i);
        }
        assertTrue(Math.abs(twice.estimate() - 300) <= 6, "300 users counted as " + twice.estimate());
    }

    @Test
    void aMillionUsersAreCountedWithinFivePercentInAFixedSize() {
        HyperLogLog h = of("u", 0, 1_000_000);
        long estimate = h.estimate();
        assertTrue(Math.abs(estimate - 1_000_000) < 50_000, "estimated " + estimate);
        // the bound: what the minute keeps and stores does not grow with the users
        assertEquals(2048, HyperLogLog.REGISTERS, "one byte per register: 2 KiB in memory");
        assertTrue(h.toBytes().length <= 2048, "stored " + h.toBytes().length + " bytes");
        assertEquals(h, HyperLogLog.fromBytes(h.toBytes()));
    }

    @Test
    void mergingCountsTheUnionSoAUserSeenTwiceCountsOnce() {
        HyperLogLog a = of("u", 0, 10_000);
        HyperLogLog b = of("u", 5_000, 15_000);
        a.merge(b);
        long union = a.estimate();
        assertTrue(Math.abs(union - 15_000) < 750, "union of 15,000 estimated " + union);
        HyperLogLog one = of("alice", 0, 1);
        one.merge(of("alice", 0, 1));
        assertEquals(1, one.estimate());
    }

    @Test
    void aFewUsersStoreInAFewBytes() {
        assertTrue(of("u", 0, 3).toBytes().length < 64, "3 users in " + of("u", 0, 3).toBytes().length + " bytes");
    }

    @Test
    void bytesThatAreNotASketchAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HyperLogLog.fromBytes(new byte[] {1, 2, 3}));
        byte[] short_ = new HyperLogLog().toBytes();
        assertThrows(IllegalArgumentException.class, () -> HyperLogLog.fromBytes(java.util.Arrays.copyOf(short_, short_.length - 2)));
    }
}
