import { z } from "@hono/zod-openapi";

/**
 * The `{id}` of a job or a schedule: a UUID this API made, stored in lower case. GUIDs are
 * case-insensitive (Dataverse shows them in upper case), so one typed or pasted in upper case
 * finds the same row instead of a 404.
 */
export const IdParam = z.object({
  id: z
    .uuid()
    .overwrite((id) => id.toLowerCase())
    .openapi({ param: { name: "id", in: "path" } }),
});
