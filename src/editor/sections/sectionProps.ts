import type { ProfileUpdate } from '../../../contracts/api';
import type { FieldErrors } from '../fieldErrors';

/** What every editor section gets: the draft, a way to change it, and the messages to show. */
export type SectionProps = {
  draft: ProfileUpdate;
  edit: (change: (update: ProfileUpdate) => ProfileUpdate) => void;
  errors: FieldErrors;
  disabled: boolean;
  size: 'medium' | 'large';
};

export function fieldState(message: string | undefined): {
  validationMessage?: string;
  validationState: 'error' | 'none';
} {
  return message ? { validationMessage: message, validationState: 'error' } : { validationState: 'none' };
}
