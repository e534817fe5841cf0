package dev.presence.stats.entity;

/**
 * What the service did in one interval (a minute, an hour, a day), on one node or on the whole cluster, in a
 * form that merges: the peak is a maximum; the average number of users online is kept as a sum of samples
 * and their count; session time as a total; unique users as a {@link HyperLogLog}. Every node samples the
 * online count from the data grid's view (each node knows every user's state), so these samples are
 * already cluster-wide: merging nodes takes the highest peak and the mean of all samples, never a sum, and
 * a user online on two nodes counts once.
 *
 * @param users       the sketch of the users seen; null for stored figures kept without it (cluster
 *                    minutes and days), which then carry only {@code uniqueUsers}
 * @param uniqueUsers the sketch's estimate, or the stored estimate when there is no sketch
 */
public record Figures(long peakOnline, long onlineSum, long onlineSamples, long connects, long authFailures,
                      long sessionsEnded, long sessionMillis, long messages, long uniqueUsers, HyperLogLog users) {

    public static Figures empty() {
        return new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, new HyperLogLog());
    }

    /**
     * The figures of the union of both intervals or nodes. Both must carry their sketch: unique users of two
     * sets cannot be added.
     */
    public Figures merge(Figures other) {
        if (users == null || other.users == null) {
            throw new IllegalArgumentException("figures without their users' sketch do not merge");
        }
        HyperLogLog union = users.copy();
        union.merge(other.users);
        return new Figures(Math.max(peakOnline, other.peakOnline), onlineSum + other.onlineSum,
                onlineSamples + other.onlineSamples, connects + other.connects, authFailures + other.authFailures,
                sessionsEnded + other.sessionsEnded, sessionMillis + other.sessionMillis, messages + other.messages,
                union.estimate(), union);
    }

    /** The same figures without the sketch, as kept where nothing merges them any more. */
    public Figures withoutSketch() {
        return new Figures(peakOnline, onlineSum, onlineSamples, connects, authFailures, sessionsEnded,
                sessionMillis, messages, uniqueUsers, null);
    }

    /** The mean of the online counts sampled, or null when none was. */
    public Double avgOnline() {
        return onlineSamples == 0 ? null : (double) onlineSum / onlineSamples;
    }

    /** How long the sessions that ended lasted on average, or null when none ended. */
    public Double avgSessionSeconds() {
        return sessionsEnded == 0 ? null : sessionMillis / 1000.0 / sessionsEnded;
    }
}
