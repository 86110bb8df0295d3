import type { Job } from "../../../control/api/job";
import { applyJobChange, type JobChange } from "../../../control/api/job-change";

/** Reads an SSE response body as text, chunk by chunk, until a condition on the text so far holds. */
export function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let done = false;
  return {
    get text() {
      return text;
    },
    async until(predicate: (text: string) => boolean): Promise<string> {
      while (!predicate(text)) {
        if (done) throw new Error(`stream ended before the condition held; got:\n${text}`);
        const chunk = await reader.read();
        if (chunk.done) done = true;
        else text += decoder.decode(chunk.value, { stream: true });
      }
      return text;
    },
    /** Resolves when the server ends the stream. */
    async end(): Promise<string> {
      while (!done) {
        const chunk = await reader.read();
        if (chunk.done) done = true;
        else text += decoder.decode(chunk.value, { stream: true });
      }
      return text;
    },
    cancel: () => reader.cancel(),
  };
}

/**
 * The frames of a stream, each with the job as a viewer has it after that frame: a `job` frame is
 * the whole job, a `change` applies on top (from nothing, for a replay after Last-Event-ID).
 */
export function frames(text: string) {
  let job = { operations: [] } as unknown as Job;
  return text
    .split("\n\n")
    .filter((f) => f.startsWith("id: "))
    .map((f) => {
      const [id, event, data] = f.split("\n");
      const name = event!.slice(7);
      const payload = JSON.parse(data!.slice(6)) as unknown;
      job = name === "job" ? (payload as Job) : applyJobChange(job, payload as JobChange);
      return { id: Number(id!.slice(4)), event: name, job, data: payload };
    });
}
