package dev.presence.interfaces.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The container classes these tests load are the ones Payara ships (presence-web's pom unpacks them from the
 * payara-micro artifact onto Surefire's class path), of the versions the adapters of this package were
 * checked against. When Payara is upgraded this fails until each adapter has been checked against the new
 * versions: its test here passes, and its comment and these constants name them.
 */
class ShippedVersionsTest {

    /** The Grizzly of Payara 7.2026.11. */
    static final String GRIZZLY = "5.0.3";
    /** The Tyrus of Payara 7.2026.11. */
    static final String TYRUS = "2.2.2";

    @Test
    void grizzlyIsTheOnePayaraShips() throws Exception {
        Class<?> grizzly = Class.forName("org.glassfish.grizzly.Grizzly"); // Maven Central does not serve 5.0.3
        assertEquals(GRIZZLY, grizzly.getMethod("getDotedVersion").invoke(null));
        assertEquals("nucleus-grizzly-all.jar", payaraJar(grizzly).getFileName().toString());
    }

    @Test
    void tyrusIsTheOnePayaraShips() throws Exception {
        for (String type : new String[] {"org.glassfish.tyrus.spi.Writer", "org.glassfish.tyrus.core.TyrusWebSocket",
                "org.glassfish.tyrus.servlet.TyrusServletWriter"}) {
            try (JarFile jar = new JarFile(payaraJar(Class.forName(type)).toFile())) {
                assertEquals(TYRUS, jar.getManifest().getMainAttributes().getValue("Bundle-Version"), type);
            }
        }
    }

    /** The jar {@code type} was loaded from, which must be one of those unpacked from payara-micro. */
    static Path payaraJar(Class<?> type) throws Exception {
        String runtime = System.getProperty("payara.runtime");
        assertNotNull(runtime, "run by Maven: presence-web's pom sets payara.runtime");
        Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(jar.startsWith(Path.of(runtime)), type.getName() + " was loaded from " + jar + ", not from Payara's "
                + runtime);
        return jar;
    }
}
