package dev.presence.chat.control;

/** Carries chat events to the other nodes of a cluster; a single node has none to tell. */
@FunctionalInterface
public interface ChatBus {

    ChatBus NONE = event -> { };

    void publish(ChatEvent event);
}
