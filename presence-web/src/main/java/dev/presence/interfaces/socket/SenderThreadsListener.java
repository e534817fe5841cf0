package dev.presence.interfaces.socket;

import dev.presence.interfaces.container.SenderThreads;
import dev.presence.status.boundary.PresenceService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Gives the node's frame senders their threads ({@link SenderThreads}: Grizzly worker threads where Grizzly
 * is there), which the core module cannot make: it knows nothing of the container's transport. A context
 * listener runs before the application serves its first request, so before the first WebSocket session
 * and before the senders' pool has made a thread.
 */
@WebListener
public class SenderThreadsListener implements ServletContextListener {

    @Inject
    PresenceService presence;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        presence.useSenderThreads(managed -> new SenderThreads(managed, SenderThreads.class.getClassLoader()));
    }
}
