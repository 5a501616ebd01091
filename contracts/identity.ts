/**
 * Identity facts the backend's token checks and the Entra emulator both rely on: which Microsoft
 * clients may hand our API a token, which directory roles mean what, and the consumers tenant.
 * Values from teams-tab-sso.md §2.2 and the Entra built-in roles reference.
 */

/** The scope our app registration exposes; Teams asks for it in `getAuthToken`. */
export const ACCESS_AS_USER_SCOPE = 'access_as_user';

/**
 * Microsoft clients pre-authorized for `access_as_user`: what appears in an SSO token's `azp`
 * (v2) or `appid` (v1) when Teams, Microsoft 365 or Outlook obtained it for our tab.
 */
export const teamsClientIds = {
  teamsDesktopAndMobile: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  teamsWeb: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
  microsoft365Web: '4765445b-32c6-49b0-83e6-1d93765276ca',
  microsoft365Desktop: '0ec893e0-5785-4de6-99da-4ed124e5296c',
  microsoft365MobileAndOutlookDesktop: 'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  outlookWeb: 'bc59ab01-8403-45c6-8796-ac3ef710b3e3',
  outlookMobile: '27922004-5251-4030-b22d-91ecd9a37ea4',
} as const;
export const preAuthorizedClientIds: readonly string[] = Object.values(teamsClientIds);

/** Directory role template ids (the `wids` claim) that matter for SDS profiles. */
export const directoryRoleIds = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
} as const;

/** The tenant personal Microsoft accounts (outlook.com, hotmail.com) sign in to. */
export const CONSUMERS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
