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

export const frames = (text: string) =>
  text
    .split("\n\n")
    .filter((f) => f.startsWith("id: "))
    .map((f) => {
      const [id, event, data] = f.split("\n");
      return {
        id: Number(id!.slice(4)),
        event: event!.slice(7),
        job: JSON.parse(data!.slice(6)) as { status: string },
      };
    });
