package dev.presence.interfaces.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.servlet.http.WebConnection;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class GrizzlyWriteQueueTest {

    /**
     * The members {@link GrizzlyWriteQueue#limit} goes through, from Tyrus's servlet writer down to Grizzly's
     * connection, are there in the Tyrus, web container and Grizzly jars Payara ships, with the types it
     * expects of them.
     */
    @Test
    void inPayarasContainerTheWayFromTyrussWriterToGrizzlysWriteQueueIsThere() throws Exception {
        Class<?> servletWriter = Class.forName("org.glassfish.tyrus.servlet.TyrusServletWriter");
        Field handler = ContainerReflection.field(servletWriter, "tyrusHttpUpgradeHandler");
        Method webConnection = ContainerReflection.method(handler.getType(), "getWebConnection");
        assertEquals(WebConnection.class, webConnection.getReturnType());
        // the WebConnection Payara's web container gives an upgrade handler
        Class<?> payarasWebConnection = Class.forName("org.apache.catalina.connector.WebConnectionImpl");
        Field request = ContainerReflection.field(payarasWebConnection, "request");
        Method coyote = request.getType().getMethod("getCoyoteRequest");
        Method connection = coyote.getReturnType().getMethod("getConnection");
        Class<?> grizzlyConnection = Class.forName("org.glassfish.grizzly.Connection");
        assertEquals(grizzlyConnection, connection.getReturnType());
        assertEquals(int.class, grizzlyConnection.getMethod("getMaxAsyncWriteQueueSize").getReturnType());
        grizzlyConnection.getMethod("setMaxAsyncWriteQueueSize", int.class);
    }

    @Test
    void aWriterOfAnotherContainerIsLeftAsItIs() {
        assertFalse(GrizzlyWriteQueue.limit(new TyrusWriter(new RecordingWriter()), 1 << 20));
    }
}
