package dev.presence.interfaces.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.HeapMemoryManager;
import org.junit.jupiter.api.Test;

class SenderThreadsTest {

    private final ThreadFactory managed = r -> new Thread(r, "managed");

    /** The two write buffers Grizzly's heap memory manager hands out, one after the other, on a thread. */
    private static Buffer[] twoWriteBuffers(ThreadFactory factory)
            throws InterruptedException {
        HeapMemoryManager memory = new HeapMemoryManager();
        AtomicReference<Buffer[]> buffers = new AtomicReference<>();
        Thread t = factory.newThread(() -> buffers.set(new Buffer[] {memory.allocate(300), memory.allocate(300)}));
        t.start();
        t.join();
        return buffers.get();
    }

    @Test
    void whereGrizzlyIsVisibleASendersWriteBuffersAreSlicedFromItsOwnSlab() throws InterruptedException {
        SenderThreads senders = new SenderThreads(managed, getClass().getClassLoader());

        Buffer[] buffers = twoWriteBuffers(senders);

        assertTrue(senders.grizzly());
        assertSame(buffers[0].array(), buffers[1].array(), "both slices of one slab, no allocation per write");
    }

    @Test
    void onAnyOtherThreadGrizzlyAllocatesABufferPerWrite() throws InterruptedException {
        Buffer[] buffers = twoWriteBuffers(managed);

        assertNotSame(buffers[0].array(), buffers[1].array());
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
