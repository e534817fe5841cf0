package dev.presence.cli.simulate;

import dev.presence.auth.control.PublicKeys;
import dev.presence.auth.control.TokenSigner;
import dev.presence.cli.DataDirOption;
import dev.presence.cli.DurationConverter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every scenario of {@code presence simulate} takes (a mixin): the service and the key its tokens
 * are minted with, the size and pace of the load, and how the figures are printed. A scenario that has no use
 * for one (room for {@code --sessions}) accepts and ignores it, as {@code simulate} always did.
 */
final class LoadOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://localhost:8080",
            description = "The service; several nodes' URLs separated by commas get the sessions in turn (default ${DEFAULT-VALUE})")
    String url;
    @Option(names = "--key", description = "PKCS#8 PEM private key to mint tokens (default: the development key in --data-dir)")
    Path key;
    @Option(names = "--issuer", defaultValue = "presence-dev", description = "Token issuer (default ${DEFAULT-VALUE})")
    String issuer;
    @Mixin
    DataDirOption data;
    @Option(names = "--sessions", defaultValue = "1000", description = "hold, churn, failover, restart: sessions (default ${DEFAULT-VALUE})")
    int sessions;
    @Option(names = "--rate", defaultValue = "500", description = "Connects per second (default ${DEFAULT-VALUE})")
    int rate;
    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "churn, mixed, abuse: how long (default ${DEFAULT-VALUE})")
    Duration duration;
    @Option(names = "--seed", defaultValue = "1", description = "Random seed of the schedule (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--prefix", defaultValue = "sim", description = "userId prefix, so runs do not collide (default ${DEFAULT-VALUE})")
    String prefix;
    @Option(names = "--local-addrs", defaultValue = "0", description = "Source addresses 127.0.0.2 and up, past ~28,000 connections (default: none)")
    int localAddrs;
    @Option(names = "--server-pid", defaultValue = "0",
            description = "The server's pid, to report its RSS (hold: bytes per session; abuse: its live heap); failover: the"
                    + " process to SIGKILL; restart: a node started elsewhere, with --restart-command")
    long serverPid;
    @Option(names = "--json", description = "Print the figures as one JSON object")
    boolean json;

    void print(Report report) {
        report.print(out(), json);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A usage error of the scenario's command. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Mints the sessions' tokens with {@code --key}, or with the development key of {@code --data-dir}. */
    TokenSigner signer() throws Exception {
        Path k = key != null ? key : data.dataDir().resolve("dev-keys").resolve("private.pem");
        if (!Files.isRegularFile(k)) {
            throw usage("no key to mint tokens: give --key and --issuer, or --data-dir of presence serve");
        }
        return new TokenSigner(PublicKeys.readPrivateKey(k), issuer);
    }
}
