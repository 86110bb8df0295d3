import { connect, type Socket } from "node:net";

/**
 * The viewers, in their own process so their memory and CPU do not count against the server's heap.
 * Raw sockets keep the client side cheap: each counts SSE event frames (blank-line terminated),
 * reports when every viewer has its first (connected), and on request the time each viewer got its
 * second (the event published), as the same wall clock the parent reads.
 */
const [port, path, viewers] = [Number(process.argv[2]), process.argv[3] ?? "/", Number(process.argv[4])];
const report = (message: object) => process.send?.(message);
const now = () => performance.timeOrigin + performance.now();

let withFirst = 0;
const arrivals: number[] = [];
const sockets: Socket[] = [];

const open = (): Promise<void> =>
  new Promise((resolve, reject) => {
    let frames = 0;
    let tail = "";
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
    });
    socket.setEncoding("utf8");
    socket.on("error", reject);
    socket.on("data", (chunk: string) => {
      const text = tail + chunk;
      const parts = text.split("\n\n");
      tail = parts.pop() ?? "";
      for (const part of parts) {
        if (!/^event: (job|change)$/m.test(part)) continue;
        frames++;
        if (frames === 1) {
          withFirst++;
          resolve();
        } else if (frames === 2) {
          arrivals.push(now());
          if (arrivals.length === viewers) report({ type: "done", arrivals });
        }
      }
    });
    sockets.push(socket);
  });

for (let i = 0; i < viewers; i += 500) {
  await Promise.all(Array.from({ length: Math.min(500, viewers - i) }, open));
}
report({ type: "ready", connected: withFirst });
process.on("message", () => {
  for (const s of sockets) s.destroy();
  process.exit(0);
});
