package dev.presence.stats.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class HyperLogLogTest {

    private static HyperLogLog of(String prefix, int from, int to) {
        HyperLogLog h = new HyperLogLog();
        for (int i = from; i < to; i++) {
            h.add(prefix + i);
        }
        return h;
    }

    private static void assertNear(long expected, long actual, double within, String what) {
        assertTrue(Math.abs(actual - expected) <= expected * within, what + ": " + expected + " counted as " + actual);
    }

    @Test
    void upToFiveHundredTwelveUsersAreCountedExactlyAndRepeatsOnce() {
        assertEquals(0, new HyperLogLog().estimate());
        HyperLogLog h = of("user-", 0, 300);
        for (int i = 0; i < 300; i++) {
            h.add("user-" + i);
        }
        assertEquals(300, h.estimate());
        HyperLogLog full = of("user-", 0, HyperLogLog.SPARSE_MAX);
        assertFalse(full.isDense());
        assertEquals(HyperLogLog.SPARSE_MAX, full.estimate());
        full.add("one-more");
        assertTrue(full.isDense(), "past its bound the sketch keeps registers instead");
        assertNear(513, full.estimate(), 0.05, "just past the sparse form");
    }

    @Test
    void aMillionUsersAreCountedWithinFivePercentInAFixedSize() {
        HyperLogLog h = of("u", 0, 1_000_000);
        assertNear(1_000_000, h.estimate(), 0.05, "a million");
        // the bound: what a minute keeps in memory and stores does not grow with the users
        assertEquals(2048, HyperLogLog.REGISTERS, "one byte per register: 2 KiB dense");
        assertEquals(2048, 4 * HyperLogLog.SPARSE_MAX, "four bytes per hash: 2 KiB sparse");
        assertTrue(h.toBytes().length <= 2048, "stored " + h.toBytes().length + " bytes");
        assertEquals(h, HyperLogLog.fromBytes(h.toBytes()));
        HyperLogLog small = of("u", 0, 40);
        assertEquals(small, HyperLogLog.fromBytes(small.toBytes()));
        assertEquals(40, HyperLogLog.fromBytes(small.toBytes()).estimate());
    }

    @Test
    void mergingCountsTheUnionSoAUserSeenTwiceCountsOnceInEitherForm() {
        HyperLogLog a = of("u", 0, 10_000);
        a.merge(of("u", 5_000, 15_000));
        assertNear(15_000, a.estimate(), 0.05, "dense and dense");
        HyperLogLog sparse = of("u", 0, 200);
        sparse.merge(of("u", 100, 300));
        assertEquals(300, sparse.estimate(), "sparse and sparse, still sparse");
        sparse.merge(of("u", 300, 700));
        assertTrue(sparse.isDense());
        assertNear(700, sparse.estimate(), 0.05, "sparse and sparse past the bound");
        HyperLogLog dense = of("u", 0, 5_000);
        dense.merge(of("u", 0, 100)); // all already in
        assertEquals(of("u", 0, 5_000).estimate(), dense.estimate(), "sparse into dense adds nothing seen");
        HyperLogLog small = of("u", 0, 100);
        small.merge(of("u", 0, 5_000));
        assertEquals(dense.estimate(), small.estimate(), "dense into sparse");
        HyperLogLog one = of("alice", 0, 1);
        one.merge(of("alice", 0, 1));
        assertEquals(1, one.estimate());
    }

    @Test
    void aFewUsersStoreInAFewBytes() {
        assertTrue(of("u", 0, 3).toBytes().length < 32, "3 users in " + of("u", 0, 3).toBytes().length + " bytes");
    }

    @Test
    void bytesThatAreNotASketchAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HyperLogLog.fromBytes(new byte[] {1, 2, 3}));
        byte[] stored = of("u", 0, 3).toBytes();
        assertThrows(IllegalArgumentException.class, () -> HyperLogLog.fromBytes(java.util.Arrays.copyOf(stored, stored.length - 2)));
        assertThrows(IllegalArgumentException.class, () -> HyperLogLog.fromBytes(deflate(ByteBuffer.allocate(9)
                .put((byte) 'S').putInt(5).putInt(4).array())), "hashes out of order");
        assertThrows(IllegalArgumentException.class, () -> HyperLogLog.fromBytes(deflate(new byte[4000])), "too long");
        assertThrows(IllegalArgumentException.class, () -> HyperLogLog.fromBytes(deflate(new byte[] {'D', 1, 2})), "registers missing");
    }

    private static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater();
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (!d.finished()) {
            out.write(buffer, 0, d.deflate(buffer));
        }
        d.end();
        return out.toByteArray();
    }
}
