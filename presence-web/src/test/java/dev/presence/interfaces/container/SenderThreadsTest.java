package dev.presence.interfaces.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Against the Grizzly Payara ships, reached by reflection as the senders reach it (Maven Central does not serve it). */
class SenderThreadsTest {

    private final ThreadFactory managed = r -> new Thread(r, "managed");

    /**
     * The arrays behind the two write buffers Grizzly's heap memory manager hands out, one after the other,
     * on a thread.
     */
    private static Object[] twoWriteBuffers(ThreadFactory factory) throws Exception {
        Object memory = Class.forName("org.glassfish.grizzly.memory.HeapMemoryManager").getConstructor().newInstance();
        Method allocate = Class.forName("org.glassfish.grizzly.memory.MemoryManager").getMethod("allocate", int.class);
        Method array = Class.forName("org.glassfish.grizzly.Buffer").getMethod("array");
        AtomicReference<Object[]> arrays = new AtomicReference<>();
        Thread t = factory.newThread(() -> {
            try {
                Object first = allocate.invoke(memory, 300);
                Object second = allocate.invoke(memory, 300);
                arrays.set(new Object[] {array.invoke(first), array.invoke(second)});
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
        t.start();
        t.join();
        return arrays.get();
    }

    @Test
    void whereGrizzlyIsVisibleASendersWriteBuffersAreSlicedFromItsOwnSlab() throws Exception {
        SenderThreads senders = new SenderThreads(managed, getClass().getClassLoader());

        Object[] arrays = twoWriteBuffers(senders);

        assertTrue(senders.grizzly());
        assertSame(arrays[0], arrays[1], "both slices of one slab, no allocation per write");
    }

    @Test
    void onAnyOtherThreadGrizzlyAllocatesABufferPerWrite() throws Exception {
        Object[] arrays = twoWriteBuffers(managed);

        assertNotSame(arrays[0], arrays[1]);
    }

    @Test
    void withoutGrizzlyTheSendersAreTheContainersManagedThreads() {
        ClassLoader platformOnly = ClassLoader.getPlatformClassLoader();
        SenderThreads senders = new SenderThreads(managed, platformOnly);

        Thread t = senders.newThread(() -> { });

        assertFalse(senders.grizzly());
        assertEquals("managed", t.getName());
    }

    @Test
    void aSenderIsADaemonThatLoadsTheApplicationsClasses() {
        Thread t = new SenderThreads(managed, getClass().getClassLoader()).newThread(() -> { });

        assertTrue(t.isDaemon(), "a sender must not hold the JVM open");
        assertSame(SenderThreads.class.getClassLoader(), t.getContextClassLoader());
    }
}
