import { EventSourceParserStream, type EventSourceMessage } from "eventsource-parser/stream";

export interface SseEvent {
  id: string | undefined;
  event: string | undefined;
  data: string;
}

/**
 * Reads a Server-Sent Events response until it ends or `until` returns true, the way a client
 * would: bytes split anywhere, frames parsed by the same parser the control uses.
 */
export async function readSse(
  url: string,
  options: {
    headers?: Record<string, string>;
    until?: (event: SseEvent) => boolean;
    signal?: AbortSignal;
  } = {},
): Promise<{ status: number; headers: Headers; events: SseEvent[] }> {
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...options.headers },
    signal: options.signal,
  });
  const events: SseEvent[] = [];
  if (!response.ok || !response.body) return { status: response.status, headers: response.headers, events };
  const reader = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const event = toEvent(value);
    events.push(event);
    if (options.until?.(event)) {
      await reader.cancel();
      break;
    }
  }
  return { status: response.status, headers: response.headers, events };
}

const toEvent = (message: EventSourceMessage): SseEvent => ({
  id: message.id,
  event: message.event,
  data: message.data,
});
