/**
 * The consent card, loaded when a page first needs it: only a tenant that has not granted
 * consent ever sees it, so its code and words stay out of the dashboard's first load.
 */
import { lazy, Suspense } from 'react';
import type { ConsentCardProps } from './ConsentCard';

const ConsentCard = lazy(() => import('./ConsentCard').then((m) => ({ default: m.ConsentCard })));

export function LazyConsentCard(props: ConsentCardProps) {
  return (
    <Suspense fallback={null}>
      <ConsentCard {...props} />
    </Suspense>
  );
}
