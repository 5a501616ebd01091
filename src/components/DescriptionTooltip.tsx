/**
 * Fluent's Tooltip as a description, in a module of its own so that RelativeTime can load it
 * lazily: Tooltip brings the positioning engine (Floating UI) and portals, about 15 kB gzip that
 * the first status card does not need before anyone hovers or focuses a time.
 */
import { Tooltip } from '@fluentui/react-components';
import type { ReactElement } from 'react';

export default function DescriptionTooltip({
  content,
  children,
}: {
  content: string;
  children: ReactElement;
}) {
  return (
    <Tooltip content={content} relationship="description" withArrow>
      {children}
    </Tooltip>
  );
}
