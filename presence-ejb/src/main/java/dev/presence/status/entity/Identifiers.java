package dev.presence.status.entity;

/** The identifier rule of PROTOCOL.md §1, shared by userIds and chatSessionIds. */
public final class Identifiers {

    public static final int MAX_LENGTH = 128;

    private Identifiers() {
    }

    /** 1 to 128 characters from {@code A-Z a-z 0-9 . _ @ + -}. */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '@' || c == '+' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
