package dev.presence.cli.simulate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each watcher saw of each user it watches across a restart. A watch (one watcher, one user) keeps
 * the user's last known state, from a {@code presence-snapshot} entry or a {@code user-status-change}; once
 * {@link #mark()} is called (the node is about to stop) every observation that differs from the last known
 * state is one change, offline or online. A snapshot that repeats the known state is no change: a watcher
 * that re-subscribes after its user is back sees neither the offline nor the online.
 *
 * <p>Before the mark every watch is taken as online: the users are held before the restart.
 */
final class WatchTally {

    /** The counts of a run; "many" is more than one. A user is in {@code usersOffline0} when some watch of it saw no offline, and so on. */
    record Summary(long watches, long offline0, long offline1, long offlineMany, long online0, long online1, long onlineMany,
                   long finalOffline, long users, long usersOffline0, long usersOffline1, long usersOfflineMany,
                   long usersOnline0, long usersOnline1, long usersOnlineMany, long usersExactlyOneEach) {

        void into(Report r) {
            r.put("watched_users", users).put("watches", watches)
                    .put("watches_offline_0", offline0).put("watches_offline_1", offline1).put("watches_offline_many", offlineMany)
                    .put("watches_online_0", online0).put("watches_online_1", online1).put("watches_online_many", onlineMany)
                    .put("watches_final_offline", finalOffline)
                    .put("users_offline_0", usersOffline0).put("users_offline_1", usersOffline1).put("users_offline_many", usersOfflineMany)
                    .put("users_online_0", usersOnline0).put("users_online_1", usersOnline1).put("users_online_many", usersOnlineMany)
                    .put("users_one_offline_one_online", usersExactlyOneEach);
        }
    }

    private final List<List<String>> watched;
    private final List<Map<String, Integer>> slots;
    private final boolean[][] online;
    private final int[][] offlineChanges;
    private final int[][] onlineChanges;
    private volatile boolean marked;

    /** {@code watched.get(w)}: the users watcher w subscribes to. */
    WatchTally(List<List<String>> watched) {
        this.watched = watched;
        int n = watched.size();
        slots = new java.util.ArrayList<>(n);
        online = new boolean[n][];
        offlineChanges = new int[n][];
        onlineChanges = new int[n][];
        for (int w = 0; w < n; w++) {
            List<String> users = watched.get(w);
            Map<String, Integer> index = new HashMap<>(users.size() * 2);
            for (int i = 0; i < users.size(); i++) {
                index.put(users.get(i), i);
            }
            slots.add(index);
            online[w] = new boolean[users.size()];
            java.util.Arrays.fill(online[w], true);
            offlineChanges[w] = new int[users.size()];
            onlineChanges[w] = new int[users.size()];
        }
    }

    /** From now on, a state that differs from the last known one is a change. */
    void mark() {
        marked = true;
    }

    /** Watcher {@code w} learnt that {@code userId} is online or not; users it does not watch are ignored. */
    void observe(int w, String userId, boolean isOnline) {
        Integer slot = slots.get(w).get(userId);
        if (slot == null) {
            return;
        }
        synchronized (online[w]) {
            if (online[w][slot] != isOnline && marked) {
                if (isOnline) {
                    onlineChanges[w][slot]++;
                } else {
                    offlineChanges[w][slot]++;
                }
            }
            online[w][slot] = isOnline;
        }
    }

    /** Every status object in a frame's text: its {@code userId} and the {@code isOnline} that follows it. */
    void observeFrame(int w, String frame) {
        forEachStatus(frame, (user, isOnline) -> observe(w, user, isOnline));
    }

    /** Each status object of a frame (a snapshot's list, or one change): its userId and isOnline, in order. */
    static void forEachStatus(String frame, java.util.function.BiConsumer<String, Boolean> each) {
        int at = 0;
        while ((at = frame.indexOf("\"userId\":\"", at)) >= 0) {
            int from = at + 10;
            int to = frame.indexOf('"', from);
            int flag = frame.indexOf("\"isOnline\":", to);
            if (to < 0 || flag < 0) {
                return;
            }
            each.accept(frame.substring(from, to), frame.startsWith("true", flag + 11));
            at = flag;
        }
    }

    Summary summary() {
        long[] c = new long[8];
        Map<String, int[]> users = new HashMap<>(); // flags: offline 0, 1, many, online 0, 1, many
        for (int w = 0; w < watched.size(); w++) {
            synchronized (online[w]) {
                for (int i = 0; i < watched.get(w).size(); i++) {
                    int off = offlineChanges[w][i];
                    int on = onlineChanges[w][i];
                    c[0]++;
                    c[1 + Math.min(off, 2)]++;
                    c[4 + Math.min(on, 2)]++;
                    c[7] += online[w][i] ? 0 : 1;
                    int[] flags = users.computeIfAbsent(watched.get(w).get(i), k -> new int[6]);
                    flags[Math.min(off, 2)] = 1;
                    flags[3 + Math.min(on, 2)] = 1;
                }
            }
        }
        long[] u = new long[7];
        for (int[] f : users.values()) {
            u[0] += f[0];
            u[1] += f[0] == 0 && f[2] == 0 ? 1 : 0;
            u[2] += f[2];
            u[3] += f[3];
            u[4] += f[3] == 0 && f[5] == 0 ? 1 : 0;
            u[5] += f[5];
            u[6] += f[0] == 0 && f[2] == 0 && f[3] == 0 && f[5] == 0 ? 1 : 0;
        }
        return new Summary(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], users.size(), u[0], u[1], u[2], u[3], u[4], u[5], u[6]);
    }
}
