/**
 * The protocol log: every message in and out, kept in `window.__hostLog` for tests and shown in
 * a collapsible panel for humans. Tokens are redacted before they are recorded.
 */
import { redactForLog, type HostLogEntry } from '../protocol';

declare global {
  interface Window {
    __hostLog: HostLogEntry[];
  }
}

const SHOWN_LIMIT = 400;

export class ProtocolLog {
  #seq = 0;
  readonly #list: HTMLOListElement;
  readonly #count: HTMLElement;

  constructor(list: HTMLOListElement, count: HTMLElement, clear: HTMLButtonElement) {
    this.#list = list;
    this.#count = count;
    window.__hostLog = [];
    clear.addEventListener('click', () => {
      window.__hostLog = [];
      this.#list.replaceChildren();
      this.#updateCount();
    });
  }

  record(entry: Omit<HostLogEntry, 'seq'>): HostLogEntry {
    const full: HostLogEntry = { ...entry, seq: ++this.#seq, args: redactForLog(entry.func, entry.args) };
    window.__hostLog.push(full);
    this.#render(full);
    this.#updateCount();
    return full;
  }

  #updateCount() {
    this.#count.textContent = `(${window.__hostLog.length})`;
  }

  #render(entry: HostLogEntry) {
    const item = document.createElement('li');
    item.className = `log-entry log-${entry.direction}${entry.unsupported ? ' log-unsupported' : ''}`;
    const arrow = { in: 'app → host', out: 'host → app', event: 'host → app event', dropped: 'dropped' }[
      entry.direction
    ];
    const head = document.createElement('span');
    head.className = 'log-head';
    const where = [entry.window, entry.frameContext].filter(Boolean).join('/');
    head.textContent = `#${entry.seq} ${arrow} ${where} ${entry.func ?? ''}${entry.id !== undefined ? ` (id ${entry.id})` : ''}`;
    const body = document.createElement('code');
    body.className = 'log-args';
    body.textContent = JSON.stringify(entry.args);
    item.append(head, body);
    if (entry.note) {
      const note = document.createElement('span');
      note.className = 'log-note';
      note.textContent = entry.note;
      item.append(note);
    }
    this.#list.append(item);
    while (this.#list.childElementCount > SHOWN_LIMIT) this.#list.firstElementChild?.remove();
  }
}
