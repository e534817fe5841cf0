package dev.presence.stats.entity;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A count of distinct userIds in at most 2,048 bytes, however many users it sees (HyperLogLog, Flajolet et
 * al. 2007). Two sketches merge into the sketch of the union: a user seen on two nodes, or in two minutes of
 * an hour, counts once. That is why unique users are kept this way rather than as sets of ids, which grow
 * with the users and would have to be shipped whole to be merged.
 *
 * <p>Two forms, as in HyperLogLog++: up to {@link #SPARSE_MAX} users it keeps the distinct upper 32 bits of
 * their hashes (2 KiB at most), so small counts, the common case of a minute, are exact but for a hash
 * collision (about 1 in 30,000 at 512 users); past that, 2^11 one-byte registers with a standard error of
 * about 2.3 %. A sparse sketch turns dense once it outgrows its bound, and never back.
 *
 * <p>Not thread-safe: the recorder that owns a live sketch guards it.
 */
public final class HyperLogLog {

    static final int PRECISION = 11;
    public static final int REGISTERS = 1 << PRECISION;
    /** Hash prefixes kept in the sparse form: 4 bytes each, the registers' 2 KiB. */
    public static final int SPARSE_MAX = REGISTERS / 4;
    private static final double ALPHA = 0.7213 / (1 + 1.079 / REGISTERS);
    private static final byte SPARSE = 'S';
    private static final byte DENSE = 'D';

    /** Sorted distinct hash prefixes while sparse; null once dense. */
    private int[] prefixes;
    private int size;
    /** The registers once dense; null while sparse. */
    private byte[] registers;

    public HyperLogLog() {
        this.prefixes = new int[16];
    }

    private HyperLogLog(int[] prefixes, int size, byte[] registers) {
        this.prefixes = prefixes;
        this.size = size;
        this.registers = registers;
    }

    public void add(String id) {
        long h = hash(id);
        if (registers != null) {
            int index = (int) (h >>> (64 - PRECISION));
            // the rank of the first 1 bit in the remaining 53 bits (54 when they are all 0)
            raise(index, Math.min(Long.numberOfLeadingZeros(h << PRECISION), 64 - PRECISION) + 1);
        } else {
            addPrefix((int) (h >>> 32));
        }
    }

    /** Takes in everything {@code other} saw: afterwards this sketch counts the union. */
    public void merge(HyperLogLog other) {
        if (other.registers == null) {
            for (int i = 0; i < other.size; i++) {
                if (registers == null) {
                    addPrefix(other.prefixes[i]);
                } else {
                    addDense(other.prefixes[i]);
                }
            }
            return;
        }
        if (registers == null) {
            densify();
        }
        for (int i = 0; i < REGISTERS; i++) {
            raise(i, other.registers[i]);
        }
    }

    public HyperLogLog copy() {
        return new HyperLogLog(prefixes == null ? null : prefixes.clone(), size, registers == null ? null : registers.clone());
    }

    /** The estimated number of distinct ids added. */
    public long estimate() {
        if (registers == null) {
            return size;
        }
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

    /** Whether it holds the registers (past {@link #SPARSE_MAX} users). */
    public boolean isDense() {
        return registers != null;
    }

    private void addPrefix(int prefix) {
        int at = Arrays.binarySearch(prefixes, 0, size, prefix);
        if (at >= 0) {
            return;
        }
        if (size == SPARSE_MAX) {
            densify();
            addDense(prefix);
            return;
        }
        int insert = -at - 1;
        if (size == prefixes.length) {
            prefixes = Arrays.copyOf(prefixes, Math.min(SPARSE_MAX, prefixes.length * 2));
        }
        System.arraycopy(prefixes, insert, prefixes, insert + 1, size - insert);
        prefixes[insert] = prefix;
        size++;
    }

    private void densify() {
        registers = new byte[REGISTERS];
        for (int i = 0; i < size; i++) {
            addDense(prefixes[i]);
        }
        prefixes = null;
        size = 0;
    }

    /** A prefix into the registers: the rank as from the whole hash but capped at the 21 bits kept. */
    private void addDense(int prefix) {
        raise(prefix >>> (32 - PRECISION), Math.min(Integer.numberOfLeadingZeros(prefix << PRECISION), 32 - PRECISION) + 1);
    }

    private void raise(int index, int rank) {
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    /** The sketch as stored in the database, deflated: a few bytes per user while sparse, under 2 KiB dense. */
    public byte[] toBytes() {
        ByteBuffer raw;
        if (registers == null) {
            raw = ByteBuffer.allocate(1 + 4 * size).put(SPARSE);
            for (int i = 0; i < size; i++) {
                raw.putInt(prefixes[i]);
            }
        } else {
            raw = ByteBuffer.allocate(1 + REGISTERS).put(DENSE).put(registers);
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(raw.array());
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

    /** The sketch {@link #toBytes()} wrote; anything else (too long, unsorted, of another kind) is refused. */
    public static HyperLogLog fromBytes(byte[] stored) {
        byte[] raw = inflate(stored, 2 + REGISTERS);
        if (raw.length == 1 + REGISTERS && raw[0] == DENSE) {
            return new HyperLogLog(null, 0, Arrays.copyOfRange(raw, 1, raw.length));
        }
        if (raw.length >= 1 && raw[0] == SPARSE && (raw.length - 1) % 4 == 0 && (raw.length - 1) / 4 <= SPARSE_MAX) {
            int n = (raw.length - 1) / 4;
            int[] prefixes = new int[Math.max(16, n)];
            ByteBuffer in = ByteBuffer.wrap(raw, 1, raw.length - 1);
            for (int i = 0; i < n; i++) {
                prefixes[i] = in.getInt();
                if (i > 0 && prefixes[i] <= prefixes[i - 1]) {
                    throw new IllegalArgumentException("not a stored sketch: its hashes are not in order");
                }
            }
            return new HyperLogLog(prefixes, n, null);
        }
        throw new IllegalArgumentException("not a stored sketch: " + raw.length + " bytes");
    }

    private static byte[] inflate(byte[] stored, int max) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored);
            byte[] out = new byte[max];
            int n = 0;
            while (n < max && !inflater.finished()) {
                int got = inflater.inflate(out, n, max - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("not a stored sketch: truncated");
                }
                n += got;
            }
            if (!inflater.finished()) {
                throw new IllegalArgumentException("not a stored sketch: longer than " + max + " bytes");
            }
            return Arrays.copyOf(out, n);
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
        return o instanceof HyperLogLog h && size == h.size && Arrays.equals(registers, h.registers)
                && (prefixes == null ? h.prefixes == null
                : h.prefixes != null && Arrays.equals(prefixes, 0, size, h.prefixes, 0, size));
    }

    @Override
    public int hashCode() {
        return registers != null ? Arrays.hashCode(registers) : Arrays.hashCode(Arrays.copyOf(prefixes, size));
    }
}
