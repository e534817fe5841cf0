package dev.presence.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where the server listens. Every listener Payara Micro opens for {@code serve} (HTTP, and HTTPS should it be
 * enabled) binds the one address chosen: loopback in development mode, every interface otherwise, or what
 * {@code --host} says. A single node runs no data grid at all; a local cluster's grid binds loopback only.
 */
final class Listeners {

    static final String LOOPBACK = "127.0.0.1";
    static final String EVERY_INTERFACE = "0.0.0.0";

    private final InetAddress address;
    private final String host;

    private Listeners(String host, InetAddress address) {
        this.host = host;
        this.address = address;
    }

    /** {@code --host}, or the default of the mode; an address this machine does not have is an error. */
    static Listeners on(String host, boolean development) {
        String h = host != null ? host.trim() : development ? LOOPBACK : EVERY_INTERFACE;
        InetAddress a;
        try {
            a = InetAddress.getByName(h);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + h + " is not an address of this machine (unknown host)");
        }
        try {
            if (!a.isAnyLocalAddress() && !a.isLoopbackAddress() && NetworkInterface.getByInetAddress(a) == null) {
                throw new IllegalArgumentException("--host " + h + " is not an address of this machine");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--host " + h + ": cannot list this machine's addresses: " + e.getMessage());
        }
        return new Listeners(a.getHostAddress(), a);
    }

    String host() {
        return host;
    }

    boolean loopbackOnly() {
        return address.isLoopbackAddress();
    }

    /** Where serve itself reaches the server (readiness): the address, or loopback for every interface. */
    String reachableAt() {
        if (address.isAnyLocalAddress()) {
            return LOOPBACK;
        }
        return address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    /** The URL users are told: localhost where the server is reachable there. */
    String url(int port) {
        return "http://" + (address.isAnyLocalAddress() || loopbackOnly() ? "localhost" : reachableAt()) + ":" + port;
    }

    /** Pre-boot commands that bind Payara Micro's listeners to the address. */
    String preBootCommands() {
        String listeners = "configs.config.server-config.network-config.network-listeners.network-listener.";
        return "set " + listeners + "http-listener.address=" + host + "\n"
                + "set " + listeners + "https-listener.address=" + host + "\n";
    }

    /** What the banner says about who can reach the service. */
    List<String> exposure(int port, boolean development) {
        String where = address.isAnyLocalAddress() ? host + " (every interface of this machine)" : loopbackOnly()
                ? host + " (loopback: this machine only)" : host;
        if (!development) {
            return List.of("listens: " + where + ", port " + port);
        }
        if (loopbackOnly()) {
            return List.of("listens: " + where + ", port " + port + "; development mode stays local (--host ADDR to listen elsewhere)");
        }
        return List.of("listens: " + where + ", port " + port,
                "WARNING: development mode on " + host + ": anyone who reaches port " + port + " there can get a token for any"
                        + " user, presence-admin included (POST /api/dev/token), and read statuses without one");
    }
}
