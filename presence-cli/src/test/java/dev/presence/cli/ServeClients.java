package dev.presence.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.TimeUnit;

/** A bare socket to a test serve that authenticates and sends frames, for tests that only drive. */
final class ServeClients {

    private ServeClients() {
    }

    /** An open socket, authenticated with {@code token}; replies are ignored. */
    static WebSocket connect(int port, String token) throws Exception {
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        ws.sendText("{\"event\":\"authenticate\",\"data\":{\"token\":\"" + token + "\"}}", true).get();
        return ws;
    }

    static void send(WebSocket ws, String frame) throws Exception {
        ws.sendText(frame, true).get();
    }
}
