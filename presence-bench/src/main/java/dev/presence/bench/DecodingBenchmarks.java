package dev.presence.bench;

import dev.presence.auth.control.InvalidTokenException;
import dev.presence.auth.control.TokenSigner;
import dev.presence.auth.control.TokenVerifier;
import dev.presence.interfaces.socket.BadRequestException;
import dev.presence.interfaces.socket.FrameDecoder;
import dev.presence.interfaces.socket.InboundFrame;
import dev.presence.status.control.Identity;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** What every inbound frame and every connect pays: decoding a frame, verifying a token. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class DecodingBenchmarks {

    static final String SET_STATUS = "{\"event\":\"set-status\",\"data\":{\"status\":\"away\",\"statusText\":\"back at 3\"},\"ref\":\"r17\"}";
    static final String SEND_MESSAGE = "{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"team-42\",\"text\":\""
            + "a".repeat(200) + "\",\"clientMessageId\":\"c-0b5f2e\"},\"ref\":\"r18\"}";

    private TokenVerifier verifier;
    private String token;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair keys = g.generateKeyPair();
        token = new TokenSigner(keys.getPrivate(), "bench").sign("alice", List.of("staff"), Duration.ofHours(1), Instant.now());
        verifier = new TokenVerifier(keys.getPublic(), "bench", Clock.systemUTC());
    }

    @Benchmark
    public InboundFrame decodeSetStatus() throws BadRequestException {
        return FrameDecoder.decode(SET_STATUS);
    }

    @Benchmark
    public InboundFrame decodeSendMessage() throws BadRequestException {
        return FrameDecoder.decode(SEND_MESSAGE);
    }

    @Benchmark
    public Identity verifyToken() throws InvalidTokenException {
        return verifier.verify(token);
    }
}
