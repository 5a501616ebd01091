/**
 * The Activity rail: the notifications Graph's sendActivityNotification delivered to the signed-in
 * persona (the host's same-origin /activity), newest first, with a count badge of the unread ones.
 * Choosing one follows its topic's webUrl — a Teams deep link — as Teams does.
 */
type Notification = {
  id: string;
  sentAt: string;
  activityType: string;
  text: string;
  previewText: string;
  topic: { source: string; value: string; webUrl?: string };
};

const POLL_MS = 3000;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The host page has no #${id}`);
  return element as T;
}

export class ActivityRail {
  readonly #button = byId<HTMLButtonElement>('activity-button');
  readonly #badge = byId('activity-badge');
  readonly #panel = byId('activity-panel');
  readonly #list = byId<HTMLUListElement>('activity-list');
  readonly #empty = byId('activity-empty');
  readonly #persona: () => string;
  readonly #open: (webUrl: string) => void;
  #items: Notification[] = [];
  #seen = new Set<string>();
  #timer: number | undefined;

  constructor(options: { persona: () => string; open: (webUrl: string) => void }) {
    this.#persona = options.persona;
    this.#open = options.open;
    this.#button.addEventListener('click', () => this.#toggle());
  }

  /** Starts (or restarts, for another persona) polling the feed. */
  start(): void {
    window.clearInterval(this.#timer);
    this.#items = [];
    this.#seen = new Set();
    this.#render();
    void this.#refresh();
    this.#timer = window.setInterval(() => void this.#refresh(), POLL_MS);
  }

  async #refresh(): Promise<void> {
    try {
      const response = await fetch(`/activity?persona=${encodeURIComponent(this.#persona())}`);
      if (!response.ok) return;
      const { notifications } = (await response.json()) as { notifications: Notification[] };
      if (notifications.map((n) => n.id).join() === this.#items.map((n) => n.id).join()) return;
      this.#items = notifications;
      if (this.#panel.hidden === false) for (const n of notifications) this.#seen.add(n.id);
      this.#render();
    } catch {
      // The emulator restarting: the next poll tries again.
    }
  }

  #toggle(): void {
    const open = this.#panel.hidden !== false;
    this.#panel.hidden = !open;
    this.#button.setAttribute('aria-expanded', String(open));
    this.#button.classList.toggle('active', open);
    if (open) for (const n of this.#items) this.#seen.add(n.id);
    this.#render();
  }

  #render(): void {
    const unread = this.#items.filter((n) => !this.#seen.has(n.id)).length;
    this.#badge.hidden = unread === 0;
    this.#badge.textContent = unread > 99 ? '99+' : String(unread);
    this.#button.setAttribute(
      'aria-label',
      unread === 0 ? 'Activity' : `Activity, ${unread} new notification${unread === 1 ? '' : 's'}`,
    );
    this.#empty.hidden = this.#items.length > 0;
    this.#list.replaceChildren(
      ...this.#items.map((n) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = `activity-item ${n.activityType === 'syncRecovered' ? 'recovered' : 'broken'}`;
        const title = document.createElement('strong');
        title.textContent = n.text;
        const preview = document.createElement('span');
        preview.textContent = n.previewText;
        const time = document.createElement('time');
        time.dateTime = n.sentAt;
        time.textContent = `SDS Profiles · ${new Date(n.sentAt).toLocaleString()}`;
        button.append(title, preview, time);
        button.addEventListener('click', () => {
          this.#toggle();
          if (n.topic.webUrl) this.#open(n.topic.webUrl);
        });
        item.append(button);
        return item;
      }),
    );
  }
}
