import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import type { EmulatorContext } from "../context";
import { DEMO_USER } from "../identities";
import { SESSION_COOKIE } from "../identity/session";
import { fromRepo, readStatic } from "./static-files";

/** The platform libraries a model-driven app provides as globals (docs/dataverse.md "PCF facts"). */
const VENDOR: Record<string, string> = {
  "react.js": "node_modules/pcf-start/lib/react_16_14_0.js",
  "react-umd.js": "node_modules/react/umd/react.production.min.js",
  "react-dom.js": "node_modules/react-dom/umd/react-dom.production.min.js",
  "fluent.js": "node_modules/pcf-start/lib/fluent_9_4_0.js",
};

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Background Sync emulator</title></head>
<body><p>The form host (emulator/form-host/index.html) is not there yet.</p></body></html>`;

/**
 * The model-driven form stand-in: the page (which signs the browser in as DEMO_USER with a session
 * cookie, as Dataverse's own pages do), its files, the built control, and the vendor globals.
 */
export function createFormHostRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();
  const formHostDir = fromRepo(ctx.options.formHostDir);
  const controlDir = fromRepo(ctx.options.controlDir);
  const webResourcesDir = fromRepo("solution/web-resources");

  app.get("/", async (c) => {
    setCookie(c, SESSION_COOKIE, ctx.sessions.create(DEMO_USER.systemUserId), {
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
    });
    const page = await readStatic(formHostDir, "index.html");
    if (!page) return c.html(PLACEHOLDER);
    c.header("content-type", "text/html; charset=utf-8");
    return c.body(await page.text());
  });

  app.get("/form-host/context.json", (c) => {
    const id = c.req.query("id");
    const account = id ? ctx.accounts.get(id) : ctx.accounts.all[0];
    if (!account) return c.json({ error: `No account ${id ?? ""}` }, 404);
    return c.json({
      entityTypeName: "account",
      entityId: account.accountid,
      recordName: account.name,
      parameters: { ...ctx.options.formHostParameters },
      user: {
        userId: DEMO_USER.systemUserId,
        userName: DEMO_USER.fullName,
        domainName: DEMO_USER.domainName,
        languageId: 1033,
      },
    });
  });

  app.get(
    "/form-host/*",
    async (c) => (await readStatic(formHostDir, c.req.path.slice("/form-host/".length))) ?? c.notFound(),
  );
  // Dataverse serves a solution's web resources under the org's origin at /WebResources/{name}; the
  // control's sign-in popup returns to one of them (solution/web-resources/sample_/bgsync/authredirect.html).
  app.get(
    "/WebResources/*",
    async (c) =>
      (await readStatic(webResourcesDir, c.req.path.slice("/WebResources/".length))) ?? c.notFound(),
  );
  app.get(
    "/control/*",
    async (c) => (await readStatic(controlDir, c.req.path.slice("/control/".length))) ?? c.notFound(),
  );
  app.get("/vendor/:file", async (c) => {
    const path = VENDOR[c.req.param("file")];
    return (path && (await readStatic(fromRepo("."), path))) || c.notFound();
  });
  return app;
}
