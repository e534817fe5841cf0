package dev.presence.interfaces.container;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Finds a declared field or no-argument method of a container class (Tyrus, Catalina) by name, up its
 * class hierarchy, made accessible: the one way the adapters of this package reach internals the WebSocket
 * API hides, and the only {@code setAccessible} of the application.
 * <p>
 * Checked against Payara 7.2026.11 (Tyrus 2.2.2, Grizzly 5.0.3).
 */
final class ContainerReflection {

    private ContainerReflection() {
    }

    static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(name);
    }

    static Method method(Class<?> type, String name) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(name);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                // declared further up
            }
        }
        throw new NoSuchMethodException(name);
    }
}
