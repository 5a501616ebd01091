/**
 * What to tell the admin about an error: a title, a sentence that says what to do, whether a
 * retry can help, and the identifiers support will ask for.
 */
import { createTranslator, type Translate } from '../i18n/i18n';
import { problemsNs } from '../i18n/namespaces/problems';
import type { ApiError } from './apiError';

type T = Translate<typeof problemsNs.en>;
/** English, for callers (and tests) that have no locale at hand. */
const english: T = createTranslator('en-US', problemsNs);

export type ProblemIntent = 'error' | 'warning';
export type ProblemDescription = {
  intent: ProblemIntent;
  title: string;
  message: string;
  /** Whether trying the same thing again can succeed. */
  retryable: boolean;
};

export function describeProblem(error: ApiError, t: T = english): ProblemDescription {
  if (error.kind === 'network') {
    return {
      intent: 'error',
      title: t('networkTitle'),
      message: t('networkMessage'),
      retryable: true,
    };
  }
  if (error.kind === 'auth' && error.code === 'interaction_required') {
    // Entra asked for a stronger sign-in and Teams' verification did not complete (cancelled).
    return {
      intent: 'warning',
      title: t('verificationTitle'),
      message: t('verificationMessage', { reason: error.message }),
      retryable: true,
    };
  }
  if (error.kind === 'auth') {
    return {
      intent: 'error',
      title: t('authTitle'),
      message: t('authMessage', { reason: error.message }),
      retryable: true,
    };
  }
  if (error.kind === 'unexpected') {
    return {
      intent: 'error',
      title: t('unexpectedTitle'),
      message: error.message,
      retryable: true,
    };
  }
  const problem = error.problem!;
  const detail = problem.detail;
  const wait = error.retryAfterSeconds;
  const waitText = wait ? t('waitSeconds', { count: Math.ceil(wait) }) : '';
  switch (problem.code) {
    case 'invalid_token':
    case 'token_expired':
      return {
        intent: 'error',
        title: t('tokenTitle'),
        message: t('tokenMessage', { detail }),
        retryable: true,
      };
    case 'personal_account_not_supported':
      return {
        intent: 'error',
        title: t('personalTitle'),
        message: t('personalMessage'),
        retryable: false,
      };
    case 'tenant_not_allowed':
      return {
        intent: 'error',
        title: t('tenantTitle'),
        message: t('tenantMessage', { detail }),
        retryable: false,
      };
    case 'consent_required':
      return {
        intent: 'warning',
        title: t('consentTitle'),
        message: t('consentMessage'),
        retryable: true,
      };
    case 'interaction_required':
      return {
        intent: 'warning',
        title: t('interactionTitle'),
        message: t('interactionMessage', { detail }),
        retryable: true,
      };
    case 'forbidden':
      return { intent: 'error', title: t('forbiddenTitle'), message: detail, retryable: false };
    case 'not_found':
      return {
        intent: 'error',
        title: t('notFoundTitle'),
        message: t('notFoundMessage', { detail }),
        retryable: false,
      };
    case 'rate_limited':
    case 'graph_throttled':
      return {
        intent: 'warning',
        title: t('throttledTitle'),
        message: t('throttledMessage', { wait: waitText || t('throttledWait') }),
        retryable: true,
      };
    case 'graph_unavailable':
    case 'entra_unavailable':
      return {
        intent: 'error',
        title: problem.code === 'graph_unavailable' ? t('graphDownTitle') : t('entraDownTitle'),
        message: t('downMessage', { detail, wait: waitText || t('downWait') }),
        retryable: true,
      };
    case 'save_in_progress':
      return {
        intent: 'warning',
        title: t('saveBusyTitle'),
        message: t('saveBusyMessage'),
        retryable: true,
      };
    case 'shared_state_unavailable':
      return {
        intent: 'warning',
        title: t('sharedStateTitle'),
        message: t('sharedStateMessage', { wait: waitText || t('fewSeconds') }),
        retryable: true,
      };
    case 'history_unavailable':
      return {
        intent: 'warning',
        title: t('historyTitle'),
        message: t('historyMessage', { wait: waitText || t('fewSeconds') }),
        retryable: true,
      };
    case 'graph_error':
      return {
        intent: 'error',
        title: t('graphErrorTitle'),
        message: problem.graph
          ? t('graphErrorMessage', { message: problem.graph.message, code: problem.graph.code })
          : detail,
        retryable: true,
      };
    case 'not_supported':
      return {
        intent: 'warning',
        title: t('notSupportedTitle'),
        message: detail,
        retryable: false,
      };
    case 'validation_failed':
    case 'malformed_json':
    case 'payload_too_large':
    case 'precondition_required':
    case 'precondition_failed':
      return { intent: 'error', title: problem.title, message: detail, retryable: false };
    case 'internal_error':
    default:
      return {
        intent: 'error',
        title: t('internalTitle'),
        message: t('internalMessage', { detail }),
        retryable: true,
      };
  }
}

/**
 * The lines support asks for: our request id, Graph's request-id, codes and the time. Kept in
 * English in every language: they are identifiers for a support engineer, copied into a ticket.
 */
export function supportDetails(error: ApiError): string[] {
  const lines: string[] = [];
  if (error.requestId) lines.push(`Request ID: ${error.requestId}`);
  const graph = error.problem?.graph;
  if (graph?.requestId) lines.push(`Graph request-id: ${graph.requestId}`);
  if (graph) lines.push(`Graph error: ${graph.code}`);
  if (graph?.date) lines.push(`Graph date: ${graph.date}`);
  if (error.problem) lines.push(`Error: ${error.problem.status} ${error.problem.code}`);
  else if (error.status) lines.push(`Error: HTTP ${error.status}`);
  else lines.push(`Error: ${error.kind}`);
  lines.push(`Time: ${error.at.toISOString()}`);
  return lines;
}
