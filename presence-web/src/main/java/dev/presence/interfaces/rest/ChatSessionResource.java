package dev.presence.interfaces.rest;

import dev.presence.chat.control.ChatFrames;
import dev.presence.json.JsonText;
import dev.presence.status.boundary.PresenceService;
import dev.presence.status.control.Frames;
import dev.presence.status.control.Identity;
import dev.presence.status.entity.Identifiers;
import dev.presence.chat.control.MessageHistory;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/chat-sessions/{id}}: members from memory, history from the store. */
@Path("chat-sessions/{chatSessionId}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "chat-sessions", description = "Members and message history of a chat session")
@SecurityRequirement(name = "jwt")
public class ChatSessionResource {

    @Inject
    PresenceService presence;
    @Inject
    Caller caller;

    @GET
    @Path("members")
    @Operation(summary = "The chat session's members (users with a session in it), by userId, paged; empty when nobody joined")
    @APIResponse(responseCode = "200", description = "{chatSessionId, members: [status objects], nextCursor}")
    @APIResponse(responseCode = "400", description = "limit not 1-1000, or a cursor this service did not issue")
    public String members(@PathParam("chatSessionId") String chatSessionId, @QueryParam("limit") String limit,
                          @QueryParam("cursor") String cursor) {
        checkReader(chatSessionId);
        int n = parseLimit(limit, 1000, 1000);
        MemberPage page;
        try {
            page = MemberPage.of(presence.chatSessions().members(chatSessionId), cursor, n);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        JsonText out = new JsonText().beginObject().member("chatSessionId", chatSessionId);
        Frames.statusArray(out.name("members"), presence.reads().views(page.userIds(), caller.userIdOrNull()));
        return out.member("nextCursor", page.nextCursor()).endObject().toString();
    }

    @GET
    @Path("messages")
    @Operation(summary = "Message history: newest first before a message (nextBefore), or oldest first after one (nextAfter)")
    @APIResponse(responseCode = "200", description = "{chatSessionId, messages, nextBefore} or, with after, {chatSessionId, messages, nextAfter}")
    @APIResponse(responseCode = "400", description = "limit not 1-200, before or after not a message of this chat session, or both given")
    public String messages(@PathParam("chatSessionId") String chatSessionId, @QueryParam("limit") String limit,
                           @QueryParam("before") String before, @QueryParam("after") String after) {
        checkReader(chatSessionId);
        int n = parseLimit(limit, 200, 50);
        if (before != null && after != null) {
            throw ApiException.badRequest("before and after cannot be given together");
        }
        MessageHistory messages = presence.messages();
        String cursor = before != null ? before : after;
        if (cursor != null && !messages.isMessageOf(chatSessionId, cursor)) {
            throw ApiException.badRequest((before != null ? "before" : "after") + " must be a messageId of chat session " + chatSessionId);
        }
        MessageHistory.Page page = after != null ? messages.after(chatSessionId, after, n)
                : messages.before(chatSessionId, Optional.ofNullable(before), n);
        JsonText out = new JsonText().beginObject().member("chatSessionId", chatSessionId).name("messages").beginArray();
        page.messages().forEach(m -> ChatFrames.messageFields(out.beginObject(), m).endObject());
        return out.endArray().member(after != null ? "nextAfter" : "nextBefore", page.next()).endObject().toString();
    }

    /**
     * Open access: reads follow the anonymous-reads setting. Grant access: a token is required whatever
     * that setting, and the caller must be a current member or an operator.
     */
    private void checkReader(String chatSessionId) {
        if (!Identifiers.isValid(chatSessionId)) {
            throw ApiException.badRequest("chatSessionId must be 1-128 characters of A-Z a-z 0-9 . _ @ + -");
        }
        if (presence.settings().grantChatAccess()) {
            Identity me = caller.required();
            if (!me.isAdmin() && !presence.chatSessions().isMember(me.userId(), chatSessionId)) {
                throw new ApiException(403, "forbidden", "only members of " + chatSessionId + " and operators may read it");
            }
        } else if (!presence.settings().anonymousReads()) {
            caller.required();
        }
    }

    private static int parseLimit(String limit, int max, int byDefault) {
        if (limit == null) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest("limit must be an integer from 1 to " + max);
    }
}
