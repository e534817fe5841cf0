package dev.presence.interfaces.rest;

import dev.presence.status.control.Identity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** Who is calling this request: set by {@link BearerTokenFilter} from a verified token, empty if anonymous. */
@RequestScoped
public class Caller {

    private Identity identity;

    void authenticated(Identity identity) {
        this.identity = identity;
    }

    public Optional<Identity> identity() {
        return Optional.ofNullable(identity);
    }

    /** The caller's userId, or null for an anonymous caller: whose own status a read shows in full. */
    public String userIdOrNull() {
        return identity == null ? null : identity.userId();
    }

    /** The identity, or a 401 for an anonymous caller. */
    public Identity required() {
        if (identity == null) {
            throw new ApiException(401, "unauthorized", "this request needs Authorization: Bearer <jwt>");
        }
        return identity;
    }
}
