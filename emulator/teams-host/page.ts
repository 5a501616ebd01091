/**
 * The host page's HTML: a minimal Teams shell (app rail, title bar, app header with the tab
 * strip, the stage that frames the tab) plus the emulator's own controls and protocol log.
 * Everything dynamic is done by client/main.ts; the page carries its start-up data as a JSON
 * data block, which CSP does not treat as a script.
 */
import { personas } from '../directory';
import { hostClientTypes, hostLocales, hostThemes } from './protocol';

export type HostBootstrap = {
  tabOrigin: string;
  teamsHostOrigin: string;
  /** appPackage/manifest.json's validDomains, placeholders filled for this stack. */
  validDomains: string[];
};

const clientLabels: Record<(typeof hostClientTypes)[number], string> = {
  web: 'Web (browser)',
  desktop: 'Desktop',
  android: 'Android (phone)',
  ios: 'iOS (phone)',
};

const themeLabels: Record<(typeof hostThemes)[number], string> = {
  default: 'Light',
  dark: 'Dark',
  contrast: 'High contrast',
};

const localeLabels: Record<(typeof hostLocales)[number], string> = {
  'en-us': 'English (United States)',
  'en-gb': 'English (United Kingdom)',
  'es-es': 'Español (España)',
  'es-mx': 'Español (México)',
  'fr-fr': 'Français (France)',
  'fr-ca': 'Français (Canada)',
  'de-de': 'Deutsch (Deutschland)',
  'qps-ploc': 'Pseudo-locale (qps-ploc)',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside <script> must not be able to close the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const icon = (path: string) =>
  `<svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false"><path d="${path}"/></svg>`;

const ACTIVITY_ICON_PATH =
  'M10 2a5 5 0 0 0-5 5v3.6L3.6 13.5A1 1 0 0 0 4.5 15h11a1 1 0 0 0 .9-1.5L15 10.6V7a5 5 0 0 0-5-5Zm-2 14a2 2 0 0 0 4 0H8Z';

const railItems = [
  {
    label: 'Chat',
    path: 'M10 2.5c-4.4 0-8 3-8 6.8 0 2 1 3.8 2.7 5L4 17.5l3.6-1.8c.8.2 1.6.3 2.4.3 4.4 0 8-3 8-6.7S14.4 2.5 10 2.5Z',
  },
  {
    label: 'Teams',
    path: 'M7 4a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5Zm7 1a2 2 0 1 1 0 4 2 2 0 0 1 0-4ZM2 13c0-1.7 1.3-3 3-3h4c1.7 0 3 1.3 3 3v3H2v-3Zm11 3v-3c0-.8-.2-1.6-.7-2.2.2 0 .5-.1.7-.1h2.5c1.4 0 2.5 1.1 2.5 2.5V16h-5Z',
  },
  {
    label: 'Calendar',
    path: 'M4 3h12a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Zm-1 5v8a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8H3Z',
  },
  { label: 'Apps', path: 'M3 3h6v6H3V3Zm8 0h6v6h-6V3ZM3 11h6v6H3v-6Zm8 0h6v6h-6v-6Z' },
];

const APP_ICON_PATH =
  'M4 3.5A1.5 1.5 0 0 1 5.5 2h9A1.5 1.5 0 0 1 16 3.5v13a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 4 16.5v-13ZM7 6v1.5h6V6H7Zm0 3.25v1.5h6v-1.5H7Zm0 3.25V14h4v-1.5H7Z';

export function renderHostPage(bootstrap: HostBootstrap): string {
  const personaOptions = personas
    .map((p) => `<option value="${escapeHtml(p.key)}">${escapeHtml(`${p.displayName} (${p.key})`)}</option>`)
    .join('');
  const clientOptions = hostClientTypes
    .map((c) => `<option value="${c}">${clientLabels[c]}</option>`)
    .join('');
  const themeOptions = hostThemes.map((t) => `<option value="${t}">${themeLabels[t]}</option>`).join('');
  const localeOptions = hostLocales
    .map((l) => `<option value="${l}" lang="${l === 'qps-ploc' ? 'en' : l}">${localeLabels[l]}</option>`)
    .join('');
  const rail = railItems
    .map(
      (item) =>
        `<li><span class="rail-item" title="${item.label} (not part of the emulator)">${icon(item.path)}<span>${item.label}</span></span></li>`,
    )
    .join('');

  return `<!doctype html>
<html lang="en" data-theme="default" data-client="web">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SDS Profiles – Teams host emulator</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/host.css">
<script type="application/json" id="host-bootstrap">${jsonForScript(bootstrap)}</script>
<script type="module" src="/host.js"></script>
</head>
<body>
<div class="emulator-bar" role="region" aria-label="Emulator controls">
  <span class="emulator-badge">Teams host emulator</span>
  <label>Signed in as <select id="persona-select" name="persona">${personaOptions}</select></label>
  <label>Client <select id="client-select" name="client">${clientOptions}</select></label>
  <label>Theme <select id="theme-select" name="theme">${themeOptions}</select></label>
  <label>Language <select id="locale-select" name="locale">${localeOptions}</select></label>
  <form id="link-form" class="link-form" role="search" aria-label="Open a Teams link">
    <label>Open a link <input id="link-input" name="link" type="url" placeholder="https://teams.microsoft.com/l/entity/…" autocomplete="off" required></label>
    <button type="submit" class="bar-button">Open</button>
  </form>
  <button type="button" id="reload-button" class="bar-button">Reload tab</button>
  <button type="button" id="help-button" class="bar-button" aria-expanded="false" aria-controls="help">Help</button>
</div>
<section id="help" class="help" hidden aria-label="About the emulator">
  <p>This page stands in for Microsoft Teams. It frames the SDS Profiles tab from
  <code>${escapeHtml(bootstrap.tabOrigin)}</code> cross-origin and answers the teams-js protocol
  (initialize, getContext, getAuthToken with a token from the local Entra emulator, the
  authentication popup, the configuration page's Save, theme changes). Every message is shown in the
  protocol log below and kept in <code>window.__hostLog</code>.</p>
  <p>Links open a given state: <code>?persona=admin@contoso&amp;client=android&amp;theme=dark&amp;tab=personal&amp;locale=es-es</code>
  (tab: personal, channel or configure; locale: the client's language). Changing a control updates the address.</p>
  <p>Teams deep links (<code>https://teams.microsoft.com/l/entity/&lt;app id&gt;/&lt;entity id&gt;?context=…</code>, what the
  tab's <em>Copy link</em> gives) open here as in Teams: paste one into <em>Open a link</em>, or open this page at the
  link's path (<code>/l/entity/…</code>). The tab they point to loads with the link's <code>subEntityId</code> as
  <code>page.subPageId</code>; <code>app.openLink</code> and <code>pages.navigateToApp</code> from the tab do the same.</p>
  <p>Android and iOS size the tab like a phone (360 × 640). In a browser an iframe always talks
  through postMessage, so this page cannot run the real mobile transport; the browser tests do, with
  a harness that loads the tab top-level and provides <code>window.nativeInterface.framelessPostMessage</code>
  (tests/e2e/support/native-host.ts, described in tests/e2e/README.md).</p>
</section>
<div class="shell">
  <nav class="rail" aria-label="Teams app bar">
    <ul>
      <li><button type="button" id="activity-button" class="rail-item rail-button" aria-expanded="false" aria-controls="activity-panel">${icon(ACTIVITY_ICON_PATH)}<span>Activity</span><span id="activity-badge" class="rail-badge" hidden></span></button></li>${rail}
      <li><span class="rail-item active" aria-current="page">${icon(APP_ICON_PATH)}<span>SDS Profiles</span></span></li>
    </ul>
  </nav>
  <aside id="activity-panel" class="activity-panel" aria-labelledby="activity-title" hidden>
    <h2 id="activity-title">Activity</h2>
    <p id="activity-empty" class="caption">No notifications yet. SDS Profiles tells the channel here when a sync breaks and when it recovers.</p>
    <ul id="activity-list" class="activity-list"></ul>
  </aside>
  <div class="workspace">
    <header class="titlebar">
      <span class="search" aria-hidden="true">Search</span>
      <span class="me"><span id="me-name" class="me-name"></span><span id="me-avatar" class="avatar" aria-hidden="true"></span></span>
    </header>
    <div class="app-header">
      <span class="app-icon" aria-hidden="true">${icon(APP_ICON_PATH)}</span>
      <div class="app-title">
        <h1>SDS Profiles</h1>
        <p id="location-caption" class="caption"></p>
      </div>
      <div role="tablist" aria-label="SDS Profiles tabs" class="tabs">
        <button type="button" role="tab" id="tab-personal" data-tab="personal" aria-controls="stage">Profiles</button>
        <button type="button" role="tab" id="tab-channel" data-tab="channel" aria-controls="stage">SDS profiles</button>
        <button type="button" role="tab" id="tab-configure" data-tab="configure" aria-controls="stage">Configure</button>
      </div>
    </div>
    <div id="banner" class="banner" role="status" hidden></div>
    <main id="stage" class="stage" role="tabpanel" aria-labelledby="tab-personal">
      <div id="config-dialog" class="config-dialog">
        <div id="config-header" class="config-header" hidden>
          <h2 id="config-title">Add SDS Profiles to a channel</h2>
          <p id="config-subtitle" class="caption"></p>
        </div>
        <div id="device" class="device">
          <div class="frame-wrap">
            <iframe id="tab-frame" title="SDS Profiles tab" src="about:blank"></iframe>
            <div id="frame-overlay" class="frame-overlay" hidden>
              <div id="overlay-loading" class="overlay-content" role="status">
                <span class="spinner" aria-hidden="true"></span>
                <span>Loading SDS Profiles…</span>
              </div>
              <div id="overlay-failure" class="overlay-content" role="alert" hidden>
                <strong id="failure-title">SDS Profiles couldn't load</strong>
                <span id="failure-detail"></span>
                <button type="button" id="failure-reload" class="primary">Try again</button>
              </div>
            </div>
            <div id="unconfigured" class="unconfigured" hidden>
              <strong>This tab isn't set up yet</strong>
              <span>A team owner chooses what it shows (all profiles or one) on its configuration page.</span>
              <button type="button" id="setup-button" class="primary">Set up tab</button>
            </div>
          </div>
        </div>
        <div id="config-footer" class="config-footer" hidden>
          <span id="save-status" class="save-status" role="status"></span>
          <button type="button" id="save-button" class="primary" disabled>Save</button>
        </div>
      </div>
    </main>
    <dialog id="claims-prompt" class="claims-prompt" aria-labelledby="claims-prompt-title">
      <div>
        <h2 id="claims-prompt-title">More verification required</h2>
        <p>Your organization's Conditional Access policy asks you to verify your identity again before
        <strong>SDS Profiles</strong> can continue.</p>
        <p class="caption">Teams would now show Microsoft's sign-in prompt (for example an Authenticator
        approval). The emulator issues a token that satisfies: <code id="claims-prompt-detail"></code></p>
        <div class="claims-prompt-actions">
          <button type="button" id="claims-prompt-cancel" class="bar-button">Cancel</button>
          <button type="button" id="claims-prompt-verify" class="primary" autofocus>Verify</button>
        </div>
      </div>
    </dialog>
    <details id="log" class="log">
      <summary>Protocol log <span id="log-count">(0)</span></summary>
      <div class="log-tools"><button type="button" id="log-clear" class="bar-button">Clear</button></div>
      <ol id="log-list" class="log-list"></ol>
    </details>
  </div>
</div>
</body>
</html>`;
}
