package dev.presence.cli;

import java.util.regex.Pattern;

/**
 * Keeps passwords off the screen: a connection string's password (and its {@code authMechanismProperties},
 * which can hold a session token) is shown as {@code ***}, in the banner and in every error the CLI prints.
 */
final class Redaction {

    /**
     * {@code scheme://user:password@}: the password runs to the last {@code @} of the word, so that a password
     * with an unencoded {@code /} or {@code @} is hidden whole (at worst, part of the host is hidden too).
     */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\\s]*):\\S*@");
    private static final Pattern SECRET_OPTIONS = Pattern.compile("(?i)((?:authMechanismProperties|password)=)[^&\\s]*");

    private Redaction() {
    }

    /** {@code text} with the password of every URI in it replaced by {@code ***}. */
    static String secrets(String text) {
        if (text == null) {
            return null;
        }
        String out = USER_INFO.matcher(text).replaceAll("$1:***@");
        return SECRET_OPTIONS.matcher(out).replaceAll("$1***");
    }
}
