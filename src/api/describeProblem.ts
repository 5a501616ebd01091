/**
 * What to tell the admin about an error: a title, a sentence that says what to do, whether a
 * retry can help, and the identifiers support will ask for.
 */
import type { ApiError } from './apiError';

export type ProblemIntent = 'error' | 'warning';
export type ProblemDescription = {
  intent: ProblemIntent;
  title: string;
  message: string;
  /** Whether trying the same thing again can succeed. */
  retryable: boolean;
};

export function describeProblem(error: ApiError): ProblemDescription {
  if (error.kind === 'network') {
    return {
      intent: 'error',
      title: "Can't reach SDS Profiles",
      message: 'Check your network connection, then try again.',
      retryable: true,
    };
  }
  if (error.kind === 'auth') {
    return {
      intent: 'error',
      title: "Teams couldn't sign you in",
      message: `Teams did not give this tab a sign-in token (${error.message}). Reload Teams and try again.`,
      retryable: true,
    };
  }
  if (error.kind === 'unexpected') {
    return {
      intent: 'error',
      title: 'Something unexpected happened',
      message: error.message,
      retryable: true,
    };
  }
  const problem = error.problem!;
  const detail = problem.detail;
  const wait = error.retryAfterSeconds;
  const waitText = wait ? ` Try again in ${Math.ceil(wait)} second${Math.ceil(wait) === 1 ? '' : 's'}.` : '';
  switch (problem.code) {
    case 'invalid_token':
    case 'token_expired':
      return {
        intent: 'error',
        title: "Your sign-in couldn't be verified",
        message: `${detail} Reload the tab to sign in again.`,
        retryable: true,
      };
    case 'personal_account_not_supported':
      return {
        intent: 'error',
        title: 'Personal accounts are not supported',
        message:
          'School Data Sync belongs to a school or organization. Sign in to Teams with your work or school account.',
        retryable: false,
      };
    case 'tenant_not_allowed':
      return {
        intent: 'error',
        title: "Your organization can't use this app yet",
        message: `${detail} Ask whoever runs SDS Profiles to add your organization.`,
        retryable: false,
      };
    case 'consent_required':
      return {
        intent: 'warning',
        title: 'Permission needed',
        message:
          'An administrator must grant SDS Profiles permission to read and manage School Data Sync profiles.',
        retryable: true,
      };
    case 'interaction_required':
      return {
        intent: 'warning',
        title: 'Sign in again to continue',
        message: `Your organization asks for an extra sign-in step (for example multi-factor authentication). Reload Teams, sign in, and try again. ${detail}`,
        retryable: true,
      };
    case 'forbidden':
      return { intent: 'error', title: "You don't have permission", message: detail, retryable: false };
    case 'not_found':
      return {
        intent: 'error',
        title: 'Not found',
        message: `${detail} It may have been deleted.`,
        retryable: false,
      };
    case 'rate_limited':
    case 'graph_throttled':
      return {
        intent: 'warning',
        title: 'Too many requests',
        message: `Microsoft Graph is busy with requests from your organization.${waitText || ' Wait a moment and try again.'}`,
        retryable: true,
      };
    case 'graph_unavailable':
    case 'entra_unavailable':
      return {
        intent: 'error',
        title:
          problem.code === 'graph_unavailable'
            ? "Microsoft Graph isn't responding"
            : "Microsoft Entra ID isn't responding",
        message: `${detail}${waitText || ' This is usually temporary: try again in a moment.'}`,
        retryable: true,
      };
    case 'save_in_progress':
      return {
        intent: 'warning',
        title: 'Another save of this profile is in progress',
        message:
          "Nothing was changed and your edits are kept. Save again in a few seconds; if the other save changed the profile, you'll see its version first.",
        retryable: true,
      };
    case 'shared_state_unavailable':
      return {
        intent: 'warning',
        title: 'Saving is paused for a moment',
        message: `SDS Profiles can't reach the store its servers share, so it isn't saving or running actions right now. Nothing was changed and your edits are kept.${waitText || ' Try again in a few seconds.'}`,
        retryable: true,
      };
    case 'history_unavailable':
      return {
        intent: 'warning',
        title: 'Saving is paused: change history is unavailable',
        message: `SDS Profiles records every change before making it, and it can't reach its database right now, so it isn't saving or running actions. Nothing was changed and your edits are kept.${waitText || ' Try again in a few seconds.'}`,
        retryable: true,
      };
    case 'graph_error':
      return {
        intent: 'error',
        title: 'Microsoft Graph reported an error',
        message: problem.graph ? `${problem.graph.message} (${problem.graph.code})` : detail,
        retryable: true,
      };
    case 'not_supported':
      return {
        intent: 'warning',
        title: 'Not available for this profile',
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
        title: 'Something went wrong on our side',
        message: `${detail} Try again; if it keeps happening, copy the details for support.`,
        retryable: true,
      };
  }
}

/** The lines support asks for: our request id, Graph's request-id, codes and the time. */
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
