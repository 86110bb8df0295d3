import type { ServerResponse } from "node:http";
import type { Http2ServerResponse } from "node:http2";

/**
 * Where an SSE connection's bytes go. Served by @hono/node-server, frames are written straight to
 * the Node response (no per-connection web stream, no re-encoding). Under `app.request()` (unit
 * tests, other runtimes) a ReadableStream stands in.
 */

export interface Sink {
  write(bytes: Uint8Array): void;
  end(): void;
  onClose(listener: () => void): void;
}

/** A viewer that stops reading must not make the server buffer without bound. */
const MAX_BUFFERED_BYTES = 1 << 20;

export function nodeSink(res: ServerResponse | Http2ServerResponse, headers: Headers): Sink {
  const out = res as ServerResponse;
  out.writeHead(200, Object.fromEntries(headers));
  out.flushHeaders();
  return new NodeSink(out);
}

/** A class, not closures: one is held per open stream. */
class NodeSink implements Sink {
  constructor(private readonly out: ServerResponse) {}
  write(bytes: Uint8Array) {
    const out = this.out;
    if (out.writableEnded || out.destroyed) return;
    if (out.writableLength > MAX_BUFFERED_BYTES) out.destroy();
    else out.write(bytes);
  }
  end() {
    if (!this.out.writableEnded) this.out.end();
  }
  onClose(listener: () => void) {
    // `on`, not `once`: "close" fires once anyway, and `once` wraps every listener in a bound
    // function and its state, held per connection for as long as it is open.
    this.out.on("close", listener);
  }
}

export function webSink(): { sink: Sink; body: ReadableStream<Uint8Array> } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  const listeners: (() => void)[] = [];
  const close = () => {
    if (closed) return;
    closed = true;
    for (const l of listeners) l();
  };
  const body = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: close,
  });
  return {
    body,
    sink: {
      write: (bytes) => {
        if (!closed) controller.enqueue(bytes);
      },
      end: () => {
        if (closed) return;
        controller.close();
        close();
      },
      onClose: (listener) => void listeners.push(listener),
    },
  };
}
