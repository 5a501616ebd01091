/**
 * Inline validation with the server's own schema (contracts/api.ts profileUpdateSchema): each zod
 * issue becomes a message keyed by its dotted path, which the field with that path shows.
 */
import {
  MAX_JSON_BODY_BYTES,
  profileUpdateSchema,
  type FieldProblem,
  type ProfileUpdate,
} from '../../contracts/api';
import { createTranslator, type Translate } from '../i18n/i18n';
import type en from '../i18n/locales/en/editor.json';
import { editorNs } from '../i18n/namespaces/editor';

type EditorT = Translate<typeof en>;
const english: EditorT = createTranslator('en', editorNs);

export type FieldErrors = ReadonlyMap<string, string>;

/** The form-level entry (problems that belong to no single field). */
export const FORM_PATH = '';

export function sentence(message: string): string {
  const trimmed = message.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * The schema's words (contracts/graph.ts, the same the server sends in a 400's `fields`) in the
 * admin's language. Messages naming a particular character or limit stay as written.
 */
export function fieldMessage(t: EditorT, message: string): string {
  const text = message.trim();
  if (text === 'must not be empty') return t('err_empty');
  if (text === 'must be an https URL') return t('err_https');
  if (text === 'must be a date in the form YYYY-MM-DD') return t('err_date');
  if (text === 'must be an ISO 8601 date and time') return t('err_dateTime');
  if (text === 'is not a known member: remove it') return t('err_unknownMember');
  const example = /^must be a (GUID|domain name) such as (\S+)$/.exec(text);
  if (example) return t(example[1] === 'GUID' ? 'err_guid' : 'err_domain', { example: example[2]! });
  const roles = /^must be one of (.+)$/.exec(text);
  if (roles) return t('err_role', { roles: roles[1]! });
  // zod's own wording for a length limit (the schema gives .max() no message of its own).
  const limit = /^Too big: expected (string|array) to have <=(\d+) (?:characters|items)$/.exec(text);
  if (limit) return t(limit[1] === 'string' ? 'err_tooLong' : 'err_tooMany', { count: Number(limit[2]) });
  return sentence(text);
}

/**
 * The write rules a version breaks, by field. Members the editor does not know (a newer Graph's,
 * kept from the loaded profile) are not the admin's to fix: they travel back untouched on save,
 * and the backend refuses only members the stored profile does not have.
 */
export function validateUpdate(update: ProfileUpdate, t: EditorT = english): Map<string, string> {
  const errors = new Map<string, string>();
  const result = profileUpdateSchema.safeParse(update);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') continue;
      const path = issue.path.map(String).join('.');
      if (!errors.has(path)) errors.set(path, fieldMessage(t, issue.message));
    }
  }
  const size = new TextEncoder().encode(JSON.stringify(update)).length;
  if (size > MAX_JSON_BODY_BYTES) {
    errors.set(FORM_PATH, t('tooLarge', { size: Math.ceil(size / 1024), limit: MAX_JSON_BODY_BYTES / 1024 }));
  }
  return errors;
}

/** The server's 400 `fields`, in the same shape (it validates with the same schema). */
export function fromFieldProblems(
  fields: readonly FieldProblem[],
  t: EditorT = english,
): Map<string, string> {
  const errors = new Map<string, string>();
  for (const field of fields) {
    if (!errors.has(field.path)) errors.set(field.path, fieldMessage(t, field.message));
  }
  return errors;
}

export function mergeErrors(...maps: FieldErrors[]): Map<string, string> {
  const merged = new Map<string, string>();
  for (const map of maps) for (const [path, message] of map) if (!merged.has(path)) merged.set(path, message);
  return merged;
}

/** How many problems sit at or under a path (for section headers: "Licenses · 2 problems"). */
export function countUnder(errors: FieldErrors, prefix: string): number {
  let count = 0;
  for (const path of errors.keys()) if (path === prefix || path.startsWith(`${prefix}.`)) count += 1;
  return count;
}

/**
 * The message for a field. A problem with a list as a whole (too many entries) shows on the list;
 * `exact` asks only for this path.
 */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  return errors.get(path);
}
