/**
 * Graph's profile statusMessage in its documented form ("Processed N in the last hour.\r\nUpdated
 * M in the last hour.", seeds/000): the figures the status history charts. Anything else is kept
 * as text, never guessed at.
 */
export type StatusFigures =
  | { kind: 'figures'; processedLastHour: number; updatedLastHour: number }
  | { kind: 'text'; text: string }
  | { kind: 'none' };

const DOCUMENTED =
  /^\s*Processed (\d{1,12}) in the last hour\.\s*(?:\r?\n)?\s*Updated (\d{1,12}) in the last hour\.\s*$/;

export function parseStatusMessage(message: string | null | undefined): StatusFigures {
  if (message === null || message === undefined || message.trim() === '') return { kind: 'none' };
  const match = DOCUMENTED.exec(message);
  if (!match) return { kind: 'text', text: message.slice(0, 1000) };
  return { kind: 'figures', processedLastHour: Number(match[1]), updatedLastHour: Number(match[2]) };
}
