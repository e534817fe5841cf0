package dev.presence.status.control;

import java.util.Set;

/** A verified caller: the userId of a checked token and its groups. */
public record Identity(String userId, Set<String> groups) {

    public static final String ADMIN_GROUP = "presence-admin";

    public boolean isAdmin() {
        return groups.contains(ADMIN_GROUP);
    }
}
