package dev.presence.store.boundary;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StoragePingTest {

    @Test
    void aDatabaseThatAcceptsConnectionsButNeverAnswersFailsThePingInsteadOfHoldingIt() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never read or answered
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + silent.getLocalPort())) {
                Storage storage = new Storage();
                storage.database = client.getDatabase("presence");

                assertTimeoutPreemptively(Duration.ofMillis(Storage.PING_TIMEOUT_MS * 5),
                        () -> assertThrows(MongoException.class, storage::ping));
            } finally {
                silent.close(); // ends the acceptor's accept
                acceptor.join();
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
