package dev.presence.interfaces.rest;

import dev.presence.chat.control.ChatFrames;
import dev.presence.json.JsonText;
import dev.presence.status.boundary.PresenceService;
import dev.presence.status.control.Frames;
import dev.presence.status.control.Identity;
import dev.presence.status.entity.Identifiers;
import dev.presence.store.control.MessageDocuments;
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
    @Operation(summary = "The chat session's members (users with a session in it); empty when nobody joined")
    @APIResponse(responseCode = "200", description = "{chatSessionId, members: [status objects]}")
    public String members(@PathParam("chatSessionId") String chatSessionId) {
        checkReader(chatSessionId);
        JsonText out = new JsonText().beginObject().member("chatSessionId", chatSessionId);
        Frames.statusArray(out.name("members"), presence.registry().views(presence.chatRooms().members(chatSessionId)));
        return out.endObject().toString();
    }

    @GET
    @Path("messages")
    @Operation(summary = "Message history, newest first, paged with before/nextBefore")
    @APIResponse(responseCode = "200", description = "{chatSessionId, messages, nextBefore}")
    @APIResponse(responseCode = "400", description = "limit not 1-200, or before not a message of this chat session")
    public String messages(@PathParam("chatSessionId") String chatSessionId, @QueryParam("limit") String limit,
                           @QueryParam("before") String before) {
        checkReader(chatSessionId);
        int n = parseLimit(limit);
        MessageDocuments messages = presence.messages();
        if (before != null && !messages.isMessageOf(chatSessionId, before)) {
            throw ApiException.badRequest("before must be a messageId of chat session " + chatSessionId);
        }
        MessageDocuments.Page page = messages.history(chatSessionId, Optional.ofNullable(before), n);
        JsonText out = new JsonText().beginObject().member("chatSessionId", chatSessionId).name("messages").beginArray();
        page.messages().forEach(m -> ChatFrames.messageFields(out.beginObject(), m).endObject());
        return out.endArray().member("nextBefore", page.nextBefore()).endObject().toString();
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
            if (!me.isAdmin() && !presence.chatRooms().isMember(me.userId(), chatSessionId)) {
                throw new ApiException(403, "forbidden", "only members of " + chatSessionId + " and operators may read it");
            }
        } else if (!presence.settings().anonymousReads()) {
            caller.required();
        }
    }

    private static int parseLimit(String limit) {
        if (limit == null) {
            return 50;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= 200) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest("limit must be an integer from 1 to 200");
    }
}
