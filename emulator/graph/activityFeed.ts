/**
 * The Teams activity feed as the emulator keeps it: every notification Graph accepted through
 * `sendActivityNotification`, with the users it reached. The Teams host's Activity rail and the
 * control API (`GET /_emulator/teams/activity`) read it; reset empties it.
 */
import { randomUUID } from 'node:crypto';

export type ActivityTopic = { source: 'entityUrl' | 'text'; value: string; webUrl?: string };

export type ActivityNotification = {
  id: string;
  /** Emulator time, ISO. */
  sentAt: string;
  tenantId: string;
  /** The team's Graph id (its group id) from the request path. */
  teamId: string;
  channelId: string;
  activityType: string;
  /** The manifest's template text with the template parameters filled in. */
  text: string;
  previewText: string;
  topic: ActivityTopic;
  templateParameters: { name: string; value: string }[];
  chainId?: number;
  /** The calling app's client id. */
  senderClientId?: string;
  /** Persona keys of the channel members the notification reached. */
  recipients: string[];
};

const FEED_LIMIT = 1000;

export class ActivityFeed {
  #items: ActivityNotification[] = [];

  add(item: Omit<ActivityNotification, 'id'>): ActivityNotification {
    const full = { id: randomUUID(), ...item };
    this.#items.push(full);
    if (this.#items.length > FEED_LIMIT) this.#items.splice(0, this.#items.length - FEED_LIMIT);
    return full;
  }

  /** Oldest first; only those that reached `persona` when one is given. */
  list(persona?: string): ActivityNotification[] {
    return persona === undefined
      ? [...this.#items]
      : this.#items.filter((i) => i.recipients.includes(persona));
  }

  clear(): void {
    this.#items = [];
  }
}
