package dev.presence.cli.simulate;

import dev.presence.cli.ServiceHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After a restart has settled: every user of the run that the REST API lists online
 * ({@code GET /api/user-status/online}, every page) must have a live session in this driver. A user listed
 * online without one is a ghost (a killed node's sessions not reconciled); a live session whose user is not
 * listed is counted too.
 */
final class GhostCheck {

    private static final int SAMPLE = 200;

    private GhostCheck() {
    }

    /** Users of this run that GET /api/user-status/online lists: every one must have a live session here. */
    static void run(String restBase, List<ReconnectingSession> all, Report r) {
        Map<String, ReconnectingSession> byUser = new HashMap<>();
        all.forEach(s -> byUser.put(s.userId, s));
        Set<String> online = new HashSet<>();
        HttpClient http = ServiceHttp.client(Duration.ofSeconds(5));
        String cursor = null;
        try {
            do {
                String q = restBase + "/api/user-status/online?limit=1000"
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                String body = http.send(HttpRequest.newBuilder(URI.create(q)).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (int at = 0; (at = body.indexOf("\"userId\":\"", at)) >= 0; at += 10) {
                    String id = body.substring(at + 10, body.indexOf('"', at + 10));
                    if (byUser.containsKey(id)) {
                        online.add(id);
                    }
                }
                cursor = LoadClient.field(body, "nextCursor");
            } while (cursor != null);
        } catch (IOException | InterruptedException e) {
            r.put("ghost_check", "failed: " + e);
            return;
        }
        long ghosts = online.stream().filter(u -> !byUser.get(u).isLive()).count();
        long missing = byUser.values().stream().filter(s -> s.isLive() && !online.contains(s.userId)).count();
        r.put("rest_online", online.size()).put("ghosts", ghosts).put("live_but_not_online", missing);
        connections(restBase, http, all, r);
    }

    /**
     * A ghost can also hide behind a live session: {@code GET /api/user-status/{userId}} of a sample of the
     * users gives their {@code connections}, which must be 1 (the one session here), not 2 with a dead one.
     */
    private static void connections(String restBase, HttpClient http, List<ReconnectingSession> all, Report r) {
        int step = Math.max(1, all.size() / SAMPLE);
        long checked = 0;
        long extra = 0;
        try {
            for (int i = 0; i < all.size(); i += step) {
                ReconnectingSession s = all.get(i);
                String body = http.send(HttpRequest.newBuilder(URI.create(restBase + "/api/user-status/"
                        + URLEncoder.encode(s.userId, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                int at = body.indexOf("\"connections\":");
                if (at >= 0 && s.isLive()) {
                    checked++;
                    extra += Math.max(0, Long.parseLong(body.substring(at + 14).replaceAll("[^0-9].*$", "")) - 1);
                }
            }
        } catch (IOException | InterruptedException | NumberFormatException e) {
            r.put("connections_check", "failed: " + e);
            return;
        }
        r.put("connections_checked", checked).put("connections_extra", extra);
    }
}
