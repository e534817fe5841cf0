package dev.presence.status.entity;

import java.util.Optional;

/**
 * A status a user can choose while online. {@code offline} is not chosen: it is derived. {@code invisible}
 * (PROTOCOL.md §5) shows the user offline to everybody else.
 */
public enum Status {
    AVAILABLE("available"), AWAY("away"), BUSY("busy"), DND("dnd"), INVISIBLE("invisible");

    public static final String OFFLINE = "offline";

    private final String wire;

    Status(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Status> fromWire(String value) {
        for (Status s : values()) {
            if (s.wire.equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
