package dev.presence.status.entity;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque cursor of a list ordered by userId (the online list, a chat session's members): the last userId shown. */
public final class UserIdCursor {

    private UserIdCursor() {
    }

    public static String encode(String userId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(userId.getBytes(StandardCharsets.UTF_8));
    }

    /** The userId a cursor stands for; IllegalArgumentException for anything this service did not issue. */
    public static String decode(String cursor) {
        try {
            String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (Identifiers.isValid(id)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw new IllegalArgumentException("cursor is not one this service issued");
    }
}
