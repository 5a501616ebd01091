/** The demo tenant's profiles, by the names the emulator gives them (emulator/graph/demo-data.ts). */
export const demoProfileNames = {
  northwind: 'Northwind High School District – Fall 2026 roster',
  contosoUnified: 'Contoso Unified School District – PowerSchool 2026–27',
  fourthCoffee: 'Fourth Coffee Charter Network – OneRoster spring term',
  tailspin: 'Tailspin Toys Middle School – Spring 2026',
  woodgrove: 'Woodgrove Elementary – 2026–27 onboarding',
  adventureWorks: 'Adventure Works Academy – Summer school CSV',
  litware: 'Litware STEM Magnet – OneRoster (OAuth 1.0)',
  alpineSkiHouse: 'Alpine Ski House School – Fall 2026 pilot',
  fabrikamSecondary: 'Fabrikam Academy – Secondary roster 2026',
  fabrikamPrimary: 'Fabrikam Primary Schools – OneRoster',
} as const;

/** SKU ids the license tests switch between (Microsoft's real product ids). */
export const skus = {
  microsoft365A3Students: '7cfd9a2b-e110-4c39-bf20-c6a3f36a3121',
  microsoft365A5Students: '46c119d4-0379-4a9d-85e4-97c66d3f909e',
} as const;
