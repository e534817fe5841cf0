package dev.presence.cli;

import dev.presence.auth.control.PublicKeys;
import dev.presence.auth.control.TokenSigner;
import dev.presence.auth.control.TokenVerifier;
import dev.presence.status.entity.Identifiers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Mint an RS256 token for a user. By default it is signed with the development key of presence serve.",
                "With --grant, a chat-session grant instead (the claim chatSessionId): grants join chat sessions in"
                        + " presence.chat-access=grant, and are refused as login tokens."},
        footerHeading = "%nExamples:%n", footer = {"  presence token alice", "  presence token ops --groups presence-admin --ttl 15m",
                "  presence token alice --grant room-1 --ttl 5m",
                "  presence token alice --key /etc/presence/private.pem --issuer https://auth.example.com"})
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    DataDirOption data;
    @Parameters(paramLabel = "USER", description = "the userId (upn and sub)")
    String user;
    @Option(names = "--groups", split = ",", description = "groups claim, comma separated")
    List<String> groups = List.of();
    @Option(names = "--ttl", defaultValue = "1h", converter = DurationConverter.class, description = "lifetime (default ${DEFAULT-VALUE})")
    Duration ttl;
    @Option(names = "--key", description = "PKCS#8 PEM private key (default: the development key in the data dir)")
    Path key;
    @Option(names = "--issuer", description = "iss claim (default: " + DevKeys.ISSUER + " with the development key)")
    String issuer;
    @Option(names = "--grant", paramLabel = "CHAT_SESSION_ID", description = "mint a grant to join this chat session, not a login token")
    String grant;

    @Override
    public Integer call() throws Exception {
        if (!Identifiers.isValid(user)) {
            throw new ParameterException(spec.commandLine(), "USER must be 1-128 characters of A-Z a-z 0-9 . _ @ + -");
        }
        if (grant != null && !Identifiers.isValid(grant)) {
            throw new ParameterException(spec.commandLine(), "--grant must be a chatSessionId: 1-128 characters of A-Z a-z 0-9 . _ @ + -");
        }
        Path keyFile = key;
        String iss = issuer;
        if (keyFile == null) {
            DevKeys dev = DevKeys.in(data.dataDir);
            if (!dev.exist()) {
                throw new FailedException("no development key in " + data.dataDir + "; give --key and --issuer");
            }
            keyFile = dev.privateKey();
            iss = iss == null ? DevKeys.ISSUER : iss;
        } else if (iss == null) {
            throw new ParameterException(spec.commandLine(), "--issuer is required with --key");
        }
        Map<String, String> claims = grant == null ? Map.of() : Map.of(TokenVerifier.GRANT_CLAIM, grant);
        String token = new TokenSigner(PublicKeys.readPrivateKey(keyFile), iss).sign(user, groups, ttl, Instant.now(), claims);
        spec.commandLine().getOut().println(token);
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
