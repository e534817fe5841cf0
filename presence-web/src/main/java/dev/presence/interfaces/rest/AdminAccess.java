package dev.presence.interfaces.rest;

import dev.presence.status.control.Identity;

/** The operators' endpoints: 401 without a valid token, 403 for a token outside {@code presence-admin}. */
final class AdminAccess {

    private AdminAccess() {
    }

    static Identity require(Caller caller) {
        Identity me = caller.required();
        if (!me.isAdmin()) {
            throw new ApiException(403, "forbidden", me.userId() + " is not in the " + Identity.ADMIN_GROUP
                    + " group: only operators may use /api/admin");
        }
        return me;
    }
}
