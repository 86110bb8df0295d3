import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { SystemUser } from "../seed/system-users";

type Page = HtmlEscapedString | Promise<HtmlEscapedString>;

const layout = (title: string, body: Page) =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        <style>
          body {
            font:
              15px/1.4 "Segoe UI",
              system-ui,
              sans-serif;
            margin: 0;
            background: #f2f2f2;
            color: #1b1b1b;
          }
          main {
            max-width: 360px;
            margin: 48px auto;
            background: #fff;
            padding: 32px 40px;
            box-shadow: 0 2px 6px rgb(0 0 0 / 0.2);
          }
          h1 {
            font-size: 24px;
            font-weight: 600;
            margin: 0 0 16px;
          }
          button {
            display: block;
            width: 100%;
            text-align: left;
            padding: 10px 12px;
            margin: 8px 0;
            border: 1px solid #8a8886;
            background: #fff;
            font: inherit;
            cursor: pointer;
          }
          button:hover,
          button:focus-visible {
            background: #f3f2f1;
          }
          small {
            display: block;
            color: #605e5c;
          }
          .error {
            color: #a4262c;
          }
        </style>
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html>`;

/**
 * The emulator's sign-in page: pick one of the demo people (no password; this is a local stand-in
 * for login.microsoftonline.com). `request` is the authorize query it continues, if any; the person
 * named by login_hint comes first.
 */
export function signInPage(o: {
  action: string;
  people: SystemUser[];
  request: string | null;
  hint: string | null;
}) {
  const hinted = o.hint?.toLowerCase();
  const people = [...o.people].sort(
    (a, b) => Number(b.domainname === hinted) - Number(a.domainname === hinted),
  );
  return layout(
    "Sign in to your account",
    html`<h1>Pick an account</h1>
      <form method="post" action="${o.action}">
        ${o.request === null ? "" : html`<input type="hidden" name="request" value="${o.request}" />`}
        ${people.map(
          (p) =>
            html`<button type="submit" name="user" value="${p.systemuserid}">
              ${p.fullname}<small>${p.domainname}</small>
            </button>`,
        )}
      </form>`,
  );
}

export const signedInPage = (user: SystemUser) =>
  layout(
    "Signed in",
    html`<h1>Signed in</h1>
      <p data-testid="signed-in">You are signed in as ${user.fullname}.</p>`,
  );

/** Entra's own error page, for requests whose redirect URI cannot be trusted with the answer. */
export const errorPage = (description: string) =>
  layout(
    "Sign in problem",
    html`<h1>Sorry, but we're having trouble signing you in.</h1>
      <p class="error" data-testid="sign-in-error">${description}</p>`,
  );
