package dev.presence.interfaces.container;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Threads for the node's frame senders. Where Grizzly carries the WebSocket connections (Payara), they are
 * Grizzly worker threads, each with its own slab of heap memory: Grizzly slices a frame's write buffer from
 * the slab of one of its own threads, but allocates a new buffer of the whole response buffer size (8 KiB)
 * for each frame written from any other thread, a large share of what the server allocates while it fans
 * out a busy chat session (docs/PERFORMANCE.md). Where Grizzly's classes are not visible, the senders are
 * the container's managed threads.
 * <p>
 * Reflection, not a compile-time dependency: Grizzly is Payara's implementation, not part of the
 * platform, and another server has none. Reached: {@code DefaultWorkerThread(AttributeBuilder, String,
 * ThreadLocalPool, Runnable)}, {@code MemoryManager.DEFAULT_MEMORY_MANAGER} as a {@code ThreadLocalPoolProvider},
 * {@code AttributeBuilder.DEFAULT_ATTRIBUTE_BUILDER}; checked against Payara 7.2026.11 (Grizzly 5.0.3).
 * <p>
 * A Grizzly thread carries no container context (naming, CDI request scope). The senders need none: they
 * write frames and, for a session they close, run its {@code @OnClose}, which only reaches the registry.
 */
public final class SenderThreads implements ThreadFactory {

    private static final Logger LOG = Logger.getLogger(SenderThreads.class.getName());

    private final ThreadFactory fallback;
    private final AtomicInteger count = new AtomicInteger();
    private final ClassLoader appLoader;
    /** {@code DefaultWorkerThread(AttributeBuilder, String, ThreadLocalPool, Runnable)}; null without Grizzly. */
    private final Constructor<?> workerThread;
    private final Object attributes;
    private final Object memory;
    private final Method createPool;

    public SenderThreads(ThreadFactory fallback, ClassLoader grizzlyLoader) {
        this.fallback = fallback;
        this.appLoader = SenderThreads.class.getClassLoader();
        Constructor<?> ctor = null;
        Object attrs = null;
        Object mem = null;
        Method pool = null;
        try {
            Class<?> builder = Class.forName("org.glassfish.grizzly.attributes.AttributeBuilder", true, grizzlyLoader);
            Class<?> poolType = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPool", true, grizzlyLoader);
            Class<?> provider = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPoolProvider", true, grizzlyLoader);
            mem = Class.forName("org.glassfish.grizzly.memory.MemoryManager", true, grizzlyLoader)
                    .getField("DEFAULT_MEMORY_MANAGER").get(null);
            if (provider.isInstance(mem)) {
                attrs = builder.getField("DEFAULT_ATTRIBUTE_BUILDER").get(null);
                pool = provider.getMethod("createThreadLocalPool");
                ctor = Class.forName("org.glassfish.grizzly.threadpool.DefaultWorkerThread", true, grizzlyLoader)
                        .getConstructor(builder, String.class, poolType, Runnable.class);
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            ctor = null;
        }
        this.workerThread = ctor;
        this.attributes = attrs;
        this.memory = mem;
        this.createPool = pool;
        LOG.info(workerThread != null ? "frame senders: Grizzly worker threads" : "frame senders: managed threads");
    }

    /** Whether the senders are Grizzly worker threads. */
    boolean grizzly() {
        return workerThread != null;
    }

    @Override
    public Thread newThread(Runnable task) {
        if (workerThread == null) {
            return fallback.newThread(task);
        }
        try {
            Thread t = (Thread) workerThread.newInstance(attributes, "presence-sender-" + count.incrementAndGet(),
                    createPool.invoke(memory), task);
            t.setDaemon(true);
            t.setContextClassLoader(appLoader);
            return t;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning("a frame sender is a managed thread: creating a Grizzly worker thread failed: " + e);
            return fallback.newThread(task);
        }
    }
}
