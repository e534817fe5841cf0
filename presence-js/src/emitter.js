// A small event emitter: listeners are isolated from each other (one that throws does not stop the others
// nor the client's own frame handling) and removing a listener while an event is dispatched is safe.
export class Emitter {
  #listeners = new Map();

  /** Listens to an event; returns a function that stops listening. */
  on(event, handler) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(handler);
    return () => this.off(event, handler);
  }

  off(event, handler) {
    this.#listeners.get(event)?.delete(handler);
  }

  emit(event, data) {
    const handlers = this.#listeners.get(event);
    if (!handlers) return;
    for (const h of [...handlers]) {
      try {
        h(data);
      } catch (e) {
        // the application's bug, reported where its developer looks, without breaking the client
        console.error(`presence-client: a '${event}' listener threw`, e);
      }
    }
  }
}
