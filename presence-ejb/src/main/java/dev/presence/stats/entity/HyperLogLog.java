package dev.presence.stats.entity;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A count of distinct userIds in a fixed 2,048 bytes, however many users it sees (HyperLogLog, Flajolet et
 * al. 2007, with 2^11 registers: a standard error of about 2.3 %, and within a user or two for small sets
 * through linear counting). Two sketches merge into the sketch of the union, register by register: a user
 * seen on two nodes, or in two minutes of an hour, counts once. That is why unique users are kept this way
 * rather than as sets of ids, which grow with the users and would have to be shipped whole to be merged.
 *
 * <p>Not thread-safe: the recorder that owns a live sketch guards it.
 */
public final class HyperLogLog {

    static final int PRECISION = 11;
    public static final int REGISTERS = 1 << PRECISION;
    private static final double ALPHA = 0.7213 / (1 + 1.079 / REGISTERS);

    private final byte[] registers;

    public HyperLogLog() {
        this(new byte[REGISTERS]);
    }

    private HyperLogLog(byte[] registers) {
        this.registers = registers;
    }

    public void add(String id) {
        long h = hash(id);
        int index = (int) (h >>> (64 - PRECISION));
        // the rank of the first 1 bit in the remaining 53 bits (54 when they are all 0)
        int rank = Math.min(Long.numberOfLeadingZeros(h << PRECISION), 64 - PRECISION) + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    /** Takes in everything {@code other} saw: afterwards this sketch counts the union. */
    public void merge(HyperLogLog other) {
        for (int i = 0; i < REGISTERS; i++) {
            if (other.registers[i] > registers[i]) {
                registers[i] = other.registers[i];
            }
        }
    }

    public HyperLogLog copy() {
        return new HyperLogLog(registers.clone());
    }

    /** The estimated number of distinct ids added. */
    public long estimate() {
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += Math.scalb(1.0, -r);
            if (r == 0) {
                zeros++;
            }
        }
        double raw = ALPHA * REGISTERS * REGISTERS / sum;
        if (raw <= 2.5 * REGISTERS && zeros > 0) {
            // small range: linear counting on the empty registers is far more accurate
            return Math.round(REGISTERS * Math.log((double) REGISTERS / zeros));
        }
        return Math.round(raw); // 64-bit hashes: no large-range correction needed at these counts
    }

    public boolean isEmpty() {
        for (byte r : registers) {
            if (r != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The registers deflated, as stored in the database: a minute with few users is a few dozen bytes, and a
     * full sketch stays under its 2,048 raw bytes.
     */
    public byte[] toBytes() {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(registers);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** The sketch {@link #toBytes()} wrote; refuses anything that does not inflate to exactly the registers. */
    public static HyperLogLog fromBytes(byte[] stored) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored);
            byte[] registers = new byte[REGISTERS];
            int n = 0;
            while (n < REGISTERS && !inflater.finished()) {
                int got = inflater.inflate(registers, n, REGISTERS - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != REGISTERS || !inflater.finished()) {
                throw new IllegalArgumentException("not a stored sketch: " + n + " register bytes");
            }
            return new HyperLogLog(registers);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a stored sketch: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** 64 well-mixed bits of an id: FNV-1a over its chars, then MurmurHash3's finaliser. */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53e1a85L;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HyperLogLog h && Arrays.equals(registers, h.registers);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(registers);
    }
}
