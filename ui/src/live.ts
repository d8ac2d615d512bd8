/**
 * The page's share of the live events: one EventSource for the key in view, fanned out to the views, and a
 * hook with which a view reloads what it shows when an event concerns it (gathered: at most one reload per
 * animation frame's worth of events).
 */
import { createContext } from "preact";
import { useContext, useEffect, useRef } from "preact/hooks";
import type { EventName, LiveEvent } from "./api.js";

/** Listeners of the live events. */
export class LiveEvents {
  readonly #listeners = new Set<(event: LiveEvent) => void>();

  emit(event: LiveEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }

  listen(listener: (event: LiveEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export const LiveContext = createContext(new LiveEvents());

/** Calls `onEvent` with every live event of the given types. */
export function useLiveEvent(types: readonly EventName[], onEvent: (event: LiveEvent) => void): void {
  const live = useContext(LiveContext);
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => live.listen((event) => types.includes(event.type) && latest.current(event)), [live, types.join()]);
}

/** Runs `reload` once after a burst of live events of the given types (and never while one is running). */
export function useLiveReload(types: readonly EventName[], reload: () => Promise<void> | void): void {
  const pending = useRef<number | undefined>(undefined);
  const latest = useRef(reload);
  latest.current = reload;
  useLiveEvent(types, () => {
    if (pending.current !== undefined) return;
    pending.current = window.setTimeout(async () => {
      try {
        await latest.current();
      } finally {
        pending.current = undefined;
      }
    }, 50);
  });
  useEffect(() => () => window.clearTimeout(pending.current), []);
}
