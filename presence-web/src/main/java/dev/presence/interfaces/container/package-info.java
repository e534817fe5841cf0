/**
 * The adapters to the container's internals: the only code of the application that reaches past the
 * Jakarta EE APIs into Payara's WebSocket implementation (Tyrus) and HTTP transport (Grizzly), and the only
 * {@code setAccessible} ({@link dev.presence.interfaces.container.ContainerReflection}). One class per
 * internal: {@link dev.presence.interfaces.container.TyrusWriter} (a session's connection writer),
 * {@link dev.presence.interfaces.container.GrizzlyWriteQueue} (the bound of a connection's write queue),
 * {@link dev.presence.interfaces.container.SenderThreads} (Grizzly worker threads for the frame senders).
 * Where an internal is not there, each falls back to what the API offers and says so once in the log.
 * <p>
 * Checked against Payara 7.2026.11: Tyrus 2.2.2, Grizzly 5.0.3. Their unit tests run against the jars inside
 * the payara-micro artifact (presence-web's pom), and ShippedVersionsTest fails when those are other
 * versions: on a Payara upgrade, check each adapter against the new versions, then update the versions
 * named in its comment and in that test.
 */
package dev.presence.interfaces.container;
