/**
 * What the tab's hooks need around them in a DOM test: the query cache, the app services and the
 * leave guard, all real. Only the network is faked: `FakeBackend` answers the tab's fetches the
 * way the backend does (ETags, If-Match, 202 with the new version, 412 with `current`), and can
 * hold an answer back to reorder it.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
// Fluent's own tests skip motion: happy-dom's Web Animations cancel with a rejected promise.
import { MotionBehaviourProvider } from '@fluentui/react-motion';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { Profile, ProfileDetail, ProfileUpdate } from '../../contracts/api';
import { createApiClient, type FetchLike } from '../../src/api/apiClient';
import ProfileEditor from '../../src/editor/ProfileEditor';
import { AppServicesContext, useAppServices, type AppServices } from '../../src/services/appServices';
import { createDraftStore, type StorageLike } from '../../src/services/draftStore';
import { LeaveGuardProvider } from '../../src/services/LeaveGuard';
import { profileQuery } from '../../src/services/profileState';
import { createQueryClient } from '../../src/services/serverState';
import { applied, PROFILE_ID, sampleHost, sampleProfile, type ProfileBody } from '../support/tab-profiles';

export const TENANT_ID = 'c0a70de5-0000-4000-8000-000000000001';

type Held = { release: () => void };

export class FakeBackend {
  profile: Profile = sampleProfile();
  version = 1;
  readonly puts: { etag: string | null; body: ProfileUpdate }[] = [];
  #holdNextRead = false;
  readonly held: Held[] = [];
  /** Overrides the body of the next profile read (to send something that breaks the contract). */
  nextReadBody: unknown = undefined;

  get etag(): string {
    return `"v${this.version}"`;
  }

  detail(): ProfileDetail {
    return { profile: this.profile, etag: this.etag };
  }

  /** Another admin saves on the server. */
  otherAdminSaves(change: (u: ProfileBody) => ProfileBody): void {
    const { id: _id, state: _state, ...update } = this.profile;
    this.profile = applied(this.profile, change(update));
    this.version += 1;
  }

  /** The next read of the profile is answered with the data of its arrival, but only on release. */
  holdNextRead(): void {
    this.#holdNextRead = true;
  }

  readonly fetch: FetchLike = async (url, init) => {
    const path = new URL(url, 'https://tab.test').pathname;
    const headers = new Headers(init.headers);
    if (path === `/api/profiles/${PROFILE_ID}` && (init.method ?? 'GET') === 'GET') {
      const body = this.nextReadBody ?? this.detail();
      this.nextReadBody = undefined;
      const answer = () => json(200, body, { etag: this.etagOf(body) });
      if (!this.#holdNextRead) return answer();
      this.#holdNextRead = false;
      const response = answer();
      return new Promise<Response>((resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal!.reason));
        this.held.push({ release: () => resolve(response) });
      });
    }
    if (path === `/api/profiles/${PROFILE_ID}` && init.method === 'PUT') {
      const body = JSON.parse(String(init.body)) as ProfileUpdate;
      const ifMatch = headers.get('if-match');
      this.puts.push({ etag: ifMatch, body });
      if (ifMatch !== this.etag) {
        return json(
          412,
          {
            type: 'about:blank',
            title: 'Precondition Failed',
            status: 412,
            code: 'precondition_failed',
            detail: 'Someone else changed this profile.',
            requestId: 'req-412',
            current: this.detail(),
          },
          { 'content-type': 'application/problem+json' },
        );
      }
      this.profile = applied(this.profile, body);
      this.version += 1;
      return json(202, this.detail(), { etag: this.etag });
    }
    throw new Error(`The fake backend has no answer for ${init.method ?? 'GET'} ${path}`);
  };

  private etagOf(body: unknown): string {
    return (body as { etag?: string }).etag ?? '';
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': `req-${status}`, ...headers },
  });
}

export function memoryStorage(): StorageLike {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/** The tab's providers around a hook or component, over one backend and one storage. */
export function tabProviders(backend: FakeBackend, storage: StorageLike = memoryStorage()) {
  const queryClient = createQueryClient();
  const services: AppServices = {
    api: createApiClient({ fetch: backend.fetch, getToken: async () => 'token' }),
    config: { teamsHostOrigins: [], clientId: 'c', version: 'test', authorityHost: 'https://login.test' },
    host: sampleHost({ tenantId: TENANT_ID }),
    drafts: createDraftStore(storage),
    origin: 'https://tab.test',
  };
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <QueryClientProvider client={queryClient}>
        <AppServicesContext.Provider value={services}>
          <LeaveGuardProvider>{children}</LeaveGuardProvider>
        </AppServicesContext.Provider>
      </QueryClientProvider>
    );
  }
  return { queryClient, services, storage, Wrapper };
}

/**
 * Dialogs are queried by role and name including what is hidden from assistive technology: in
 * happy-dom, Fluent's focus trap (tabster) can leave aria-hidden on a dialog that opens while the
 * previous one closes. The browser suite (tests/e2e/conflict.spec.ts) finds the same dialogs by
 * role in Chromium, accessibility tree and all.
 */
export const hidden = true;

/** The editor as the profile page mounts it: fed by the profile's query. */
function EditorOnCache() {
  const { api } = useAppServices();
  const { data } = useQuery(profileQuery(api, PROFILE_ID));
  return data ? (
    <ProfileEditor detail={data} tenantId={TENANT_ID} readOnlyReason={null} onSaved={() => undefined} />
  ) : null;
}

/** Renders the editor with Fluent (motion off) over the providers' cache. */
export function renderEditorComponent(providers: ReturnType<typeof tabProviders>): void {
  const { Wrapper } = providers;
  render(
    <FluentProvider theme={webLightTheme}>
      <MotionBehaviourProvider value="skip">
        <Wrapper>
          <EditorOnCache />
        </Wrapper>
      </MotionBehaviourProvider>
    </FluentProvider>,
  );
}
