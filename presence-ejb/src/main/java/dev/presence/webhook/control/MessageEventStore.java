package dev.presence.webhook.control;

import dev.presence.chat.control.MessageStore;
import dev.presence.chat.entity.ChatMessage;
import dev.presence.store.control.MessageDocuments;
import dev.presence.webhook.entity.WebhookEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The message store with webhooks on: each stored message's {@code message.stored} is written to the
 * outbox in the same group commit, after the messages and before their idempotency keys, and the
 * message log acknowledges only after all three. So an acknowledged message always has its event
 * persisted, and a failed outbox write fails the batch (nothing acknowledged, no key: the client's retry
 * is stored again, with its event). {@code deliveredTo} is read as the batch is stored, once per chat session.
 */
public final class MessageEventStore implements MessageStore {

    private final MessageDocuments documents;
    private final Function<String, Collection<String>> members;
    private final Outbox outbox;
    private final Clock clock;
    private final MessageEvents events = new MessageEvents();
    private final Runnable stored;

    /**
     * @param members the userIds with a session in a chat session now, on any node
     * @param stored  told after events were written (the sender looks at once)
     */
    public MessageEventStore(MessageDocuments documents, Function<String, Collection<String>> members, Outbox outbox,
                             Clock clock, Runnable stored) {
        this.documents = documents;
        this.members = members;
        this.outbox = outbox;
        this.clock = clock;
        this.stored = stored;
    }

    @Override
    public Map<String, ChatMessage> firstOf(Collection<String> keys) {
        return documents.firstOf(keys);
    }

    @Override
    public void append(List<ChatMessage> batch) {
        long now = clock.millis();
        Map<String, Collection<String>> membersOf = new HashMap<>();
        List<WebhookEvent> out = new ArrayList<>(batch.size());
        for (ChatMessage m : batch) {
            out.add(events.stored(m, membersOf.computeIfAbsent(m.chatSessionId(), members), now));
        }
        documents.appendMessages(batch);
        outbox.insert(out);
        documents.appendKeys(batch);
        stored.run();
    }
}
