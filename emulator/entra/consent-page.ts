/**
 * The HTML of the admin consent pages: self-contained (inline CSS, no scripts, no external
 * resources), headings and labels for screen readers, native buttons for the keyboard.
 */
import type { Persona, Tenant } from '../directory';
import { permissionDescriptions } from './scopes';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const styles = `
  :root { color-scheme: light dark; --accent: #0067b8; --muted: #5e5e5e; --border: #c8c8c8; --bg: #f2f2f2; --card: #fff; --text: #1b1b1b; }
  @media (prefers-color-scheme: dark) { :root { --accent: #4ea1f3; --muted: #c8c8c8; --border: #5e5e5e; --bg: #1b1b1b; --card: #2b2b2b; --text: #f2f2f2; } }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Segoe UI", system-ui, sans-serif; background: var(--bg); color: var(--text); line-height: 1.5; }
  .banner { padding: 0.5rem 1rem; font-size: 0.875rem; background: var(--card); border-bottom: 1px solid var(--border); }
  main { max-width: 32rem; margin: 2rem auto; padding: 2rem; background: var(--card); border: 1px solid var(--border); }
  h1 { font-size: 1.5rem; font-weight: 600; margin: 0 0 1rem; }
  h2 { font-size: 1rem; font-weight: 600; margin: 1.5rem 0 0.5rem; }
  p, li { margin: 0.25rem 0; }
  .muted { color: var(--muted); font-size: 0.875rem; }
  ul.permissions { list-style: none; padding: 0; margin: 0; }
  ul.permissions li { padding: 0.5rem 0; border-bottom: 1px solid var(--border); }
  ul.permissions strong { display: block; }
  fieldset { border: 1px solid var(--border); padding: 0.75rem; margin: 1rem 0; }
  legend { font-weight: 600; padding: 0 0.25rem; }
  label { display: block; padding: 0.25rem 0; }
  .actions { display: flex; gap: 0.75rem; justify-content: flex-end; margin-top: 1.5rem; }
  button { font: inherit; min-width: 6.5rem; min-height: 2.25rem; padding: 0.25rem 1rem; border: 1px solid var(--border); background: var(--card); color: var(--text); cursor: pointer; }
  button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
  button:focus-visible { outline: 3px solid var(--text); outline-offset: 2px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; font-size: 0.875rem; }
  dt { color: var(--muted); }
  dd { margin: 0; word-break: break-all; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Microsoft Entra ID (local emulator)</title>
<style>${styles}</style>
</head>
<body>
<header class="banner"><p>Microsoft Entra ID — local emulator. Nothing here reaches a real tenant.</p></header>
<main>
${body}
</main>
</body>
</html>`;
}

export type ConsentPageModel = {
  action: string;
  tenant: Tenant | undefined;
  /** The admin giving consent, or the admins to choose from when the URL names no tenant. */
  signedIn: Persona | undefined;
  adminChoices: Persona[];
  appName: string;
  clientId: string;
  permissions: string[];
  redirectUri: string;
  hidden: Record<string, string>;
};

function hiddenFields(hidden: Record<string, string>): string {
  return Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
}

/** Who is consenting: the signed-in admin, or a choice of admins when the URL names no tenant. */
function signedInText(persona: Persona, tenant: Tenant | undefined): string {
  return `<p>Signed in as <strong>${escapeHtml(persona.displayName)}</strong> (${escapeHtml(persona.userPrincipalName)}),
administrator of <strong>${escapeHtml(tenant?.displayName ?? '')}</strong> (${escapeHtml(tenant?.defaultDomain ?? '')}).</p>`;
}

function adminChooser(choices: Persona[]): string {
  const options = choices
    .map(
      (p, i) =>
        `<label><input type="radio" name="persona" value="${escapeHtml(p.key)}"${i === 0 ? ' checked' : ''}> ` +
        `${escapeHtml(p.displayName)} (${escapeHtml(p.userPrincipalName)})</label>`,
    )
    .join('\n');
  return `<fieldset><legend>Sign in as</legend>\n${options}\n</fieldset>`;
}

export function consentPage(model: ConsentPageModel): string {
  const permissions = model.permissions
    .map((p) => {
      const known = permissionDescriptions[p];
      return (
        `<li><strong>${escapeHtml(known?.title ?? p)}</strong>` +
        `<span class="muted">${escapeHtml(known?.description ?? '')} (Microsoft Graph: ${escapeHtml(p)})</span></li>`
      );
    })
    .join('\n');
  return layout(
    'Permissions requested',
    `<h1>Permissions requested</h1>
<p><strong>Accept for your organization</strong></p>
${model.signedIn ? signedInText(model.signedIn, model.tenant) : ''}
<h2>${escapeHtml(model.appName)}</h2>
<dl>
<dt>Application (client) ID</dt><dd>${escapeHtml(model.clientId)}</dd>
<dt>Returns to</dt><dd>${escapeHtml(model.redirectUri)}</dd>
</dl>
<h2 id="permissions-heading">This app would like to:</h2>
<ul class="permissions" aria-labelledby="permissions-heading">
${permissions}
</ul>
<p class="muted">If you accept, this app gets access to the specified resources for all users in your organization. No one else will be prompted to review these permissions.</p>
<form method="post" action="${escapeHtml(model.action)}">
${hiddenFields(model.hidden)}
${model.signedIn ? '' : adminChooser(model.adminChoices)}
<div class="actions">
<button type="submit" name="decision" value="cancel">Cancel</button>
<button type="submit" name="decision" value="accept" class="primary">Accept</button>
</div>
</form>`,
  );
}

/** A signed-in user who is not an administrator cannot consent for the organization. */
export function needsAdminPage(model: {
  action: string;
  persona: Persona;
  appName: string;
  hidden: Record<string, string>;
}): string {
  return layout(
    'Need admin approval',
    `<h1>Need admin approval</h1>
<p><strong>${escapeHtml(model.appName)}</strong> needs permission to access resources in your organization that only an administrator can grant.</p>
<p>Signed in as ${escapeHtml(model.persona.displayName)} (${escapeHtml(model.persona.userPrincipalName)}), who is not an administrator. Ask an admin to grant permission to this app before you can use it.</p>
<form method="post" action="${escapeHtml(model.action)}">
${hiddenFields(model.hidden)}
<div class="actions">
<button type="submit" name="decision" value="cancel" class="primary">Return to the app</button>
</div>
</form>`,
  );
}

/** Entra's own error page: shown instead of redirecting when the redirect URI cannot be trusted. */
export function errorPage(model: {
  message: string;
  traceId: string;
  correlationId: string;
  timestamp: string;
}): string {
  return layout(
    'Sign-in error',
    `<h1>Sorry, but we’re having trouble signing you in.</h1>
<p role="alert">${escapeHtml(model.message)}</p>
<h2>Troubleshooting details</h2>
<dl>
<dt>Trace ID</dt><dd>${escapeHtml(model.traceId)}</dd>
<dt>Correlation ID</dt><dd>${escapeHtml(model.correlationId)}</dd>
<dt>Timestamp</dt><dd>${escapeHtml(model.timestamp)}</dd>
</dl>`,
  );
}
