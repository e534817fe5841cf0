package dev.presence.interfaces.container;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Bounds what Grizzly queues for one connection. Tyrus's servlet writer reports a write complete once the
 * servlet output took it, and Payara's Grizzly takes it into the connection's asynchronous write queue up
 * to four times the socket's send buffer (megabytes on Linux, where the send buffer grows to 4 MB): a client
 * that stopped reading made the server hold megabytes of its frames in Grizzly, past the bound of the
 * session's own queue (docs/PERFORMANCE.md). With this bound, Grizzly stops taking frames, Tyrus holds the
 * next write back, and the session's own queue fills and closes it with 1008.
 * <p>
 * Reached by reflection ({@code TyrusServletWriter.tyrusHttpUpgradeHandler.getWebConnection()}, a package-private
 * method of Tyrus's upgrade handler (or the proxy in front of it),
 * {@code WebConnectionImpl.request.getCoyoteRequest().getConnection()}), checked against Payara 7.2026.11
 * (Tyrus 2.2.2, Grizzly 5.0.3); elsewhere nothing is changed and a warning says so once.
 */
public final class GrizzlyWriteQueue {

    private static final Logger LOG = Logger.getLogger(GrizzlyWriteQueue.class.getName());
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    private GrizzlyWriteQueue() {
    }

    /** Limits the Grizzly connection under Tyrus's {@code writer} to {@code maxBytes} queued; false where it cannot. */
    public static boolean limit(TyrusWriter tyrus, int maxBytes) {
        try {
            Object writer = tyrus.writer();
            Object handler = ContainerReflection.field(writer.getClass(), "tyrusHttpUpgradeHandler").get(writer);
            Object webConnection = ContainerReflection.method(handler.getClass(), "getWebConnection").invoke(handler);
            Object request = ContainerReflection.field(webConnection.getClass(), "request").get(webConnection);
            Object coyote = request.getClass().getMethod("getCoyoteRequest").invoke(request);
            Object connection = coyote.getClass().getMethod("getConnection").invoke(coyote);
            Method get = connection.getClass().getMethod("getMaxAsyncWriteQueueSize");
            Method set = connection.getClass().getMethod("setMaxAsyncWriteQueueSize", int.class);
            int before = (int) get.invoke(connection);
            set.invoke(connection, maxBytes);
            if (REPORTED.compareAndSet(false, true)) {
                LOG.info(() -> "Grizzly's write queue per connection: " + before + " bytes by default, limited to " + maxBytes);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            if (REPORTED.compareAndSet(false, true)) {
                LOG.warning("Grizzly's write queue per connection is not limited (" + e + "): a client that stops reading"
                        + " costs what the container queues for it, past presence.outbound-queue-bytes");
            }
            return false;
        }
    }
}
