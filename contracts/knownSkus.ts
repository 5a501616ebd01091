/**
 * Friendly names for license SKU ids an SDS admin is likely to assign. Source: Microsoft's EDU
 * SKU list (OfficeDev/O365-EDU-Tools, "Microsoft-EDU-Storage-Entitlements-by-SKU.csv"), plus
 * Office 365 E3, the SKU in Graph's SDS examples. Unknown ids are shown as they are.
 */
export const knownSkus: Readonly<Record<string, string>> = {
  '94763226-9b3c-4e75-a931-5c89701abe66': 'Office 365 A1 for faculty',
  '314c4481-f395-4525-be8b-2ec4bb1e9d91': 'Office 365 A1 for students',
  '78e66a63-337a-4a9a-8959-41c6654dfb56': 'Office 365 A1 Plus for faculty',
  'e82ae690-a2d5-4d76-8d30-7c6e01e6022e': 'Office 365 A1 Plus for students',
  'e578b273-6db4-4691-bba0-8d691f4da603': 'Office 365 A3 for faculty',
  '98b6e773-24d4-4c0d-a968-6e787a1f8204': 'Office 365 A3 for students',
  'a4585165-0533-458a-97e3-c400570268c4': 'Office 365 A5 for faculty',
  'ee656612-49fa-43e5-b67e-cb1fdf7699df': 'Office 365 A5 for students',
  '4b590615-0888-425a-a965-b3bf7789848d': 'Microsoft 365 A3 for faculty',
  '7cfd9a2b-e110-4c39-bf20-c6a3f36a3121': 'Microsoft 365 A3 for students',
  '18250162-5d87-4436-a834-d795c15c80f3': 'Microsoft 365 A3 student use benefits',
  'e97c048c-37a4-45fb-ab50-922fbf07a370': 'Microsoft 365 A5 for faculty',
  '46c119d4-0379-4a9d-85e4-97c66d3f909e': 'Microsoft 365 A5 for students',
  '31d57bc7-3a05-4867-ab53-97a17835a411': 'Microsoft 365 A5 student use benefits',
  '12b8c807-2e20-48fc-b453-542b6ee9d171': 'Microsoft 365 Apps for faculty',
  'c32f9321-a627-406d-a114-1f9c81aaafac': 'Microsoft 365 Apps for students',
  '6fd2c87f-b296-42f0-b197-1e91e994b900': 'Office 365 E3',
};

export function skuName(skuId: string): string | null {
  return knownSkus[skuId.trim().toLowerCase()] ?? null;
}

/** "6fd2…": enough to recognise an id in a sentence. */
export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}…` : id;
}

/** "Office 365 E3 (6fd2…)" for known SKUs, "1234…" for others. */
export function skuLabel(skuId: string): string {
  const name = skuName(skuId);
  return name ? `${name} (${shortId(skuId)})` : shortId(skuId);
}
