/**
 * A profile's status history (issue 14 §2): the sync status as a band over the last 30 days, the
 * error count and records processed per hour as lines, and the same data as a table for screen
 * readers and keyboard users ("Show as table"). Loaded lazily with @fluentui/react-charts, so
 * neither the chart library nor this code is part of the dashboard's first load.
 */
import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
} from '@fluentui/react-components';
import { DataVizPalette, GanttChart, getColorFromToken, LineChart } from '@fluentui/react-charts';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { SyncStatus } from '../../contracts/graph';
import type { StatusHistory as StatusHistoryData, StatusSnapshot } from '../../contracts/monitor';
import { getStatusHistory } from '../api/monitor';
import { PanelSection } from '../components/PanelSection';
import { ProblemBar } from '../components/ProblemBar';
import { syncStatusPresentation } from '../components/statusPresentation';
import { formatNumber } from '../i18n/i18n';
import { commonNs } from '../i18n/namespaces/common';
import { monitorNs } from '../i18n/namespaces/monitor';
import { useT } from '../i18n/react';
import { formatAbsolute } from '../lib/relativeTime';
import { useAppServices } from '../services/appServices';
import { queryKeys, refreshEvery } from '../services/serverState';

const useStyles = makeStyles({
  chart: { width: '100%', minWidth: 0, overflowX: 'auto' },
  // The charts take the height of their container (a fixed one here), legend included.
  band: { height: '150px' },
  lines: { height: '300px' },
  // Columns as wide as their contents (Fluent's fixed layout splits the width evenly): on a phone
  // the table scrolls sideways instead of breaking "Processed per hour" mid-word and dates over four lines.
  table: { tableLayout: 'auto', width: 'max-content', minWidth: '100%' },
  when: { whiteSpace: 'nowrap' },
  tableWrap: { overflowX: 'auto' },
});

const REFRESH_MS = 60_000;
/**
 * The same side margins for both charts, so that their time axes line up; wide enough for the
 * band's "Status" and the counts' "7.36k" (the library's own guess clips them on first render).
 */
// eslint-disable-next-line no-restricted-syntax -- the chart library's Margins, not CSS; our languages are all left-to-right (an RTL one would swap them)
const CHART_MARGINS = { left: 64, right: 40 };

type Segment = { status: string; start: number; end: number };

function bandColor(status: string, dark: boolean): string {
  const { color } = syncStatusPresentation(status as SyncStatus);
  // Quarantined is worse than a failed run, and often follows one: a stretch of its own colour.
  const token =
    status === 'quarantined'
      ? DataVizPalette.highError
      : color === 'success'
        ? DataVizPalette.success
        : color === 'danger'
          ? DataVizPalette.error
          : color === 'warning'
            ? DataVizPalette.warning
            : DataVizPalette.disabled;
  return getColorFromToken(token, dark);
}

/** Consecutive snapshots with the same status are one stretch of the band. */
export function statusSegments(history: Pick<StatusHistoryData, 'from' | 'to' | 'snapshots'>): Segment[] {
  const from = Date.parse(history.from);
  const to = Date.parse(history.to);
  const segments: Segment[] = [];
  for (const snapshot of history.snapshots) {
    const at = Math.max(from, Date.parse(snapshot.observedAt));
    const status = snapshot.status ?? 'unknownFutureValue';
    const last = segments[segments.length - 1];
    if (last && last.status === status) continue;
    if (last) last.end = at;
    segments.push({ status, start: at, end: to });
  }
  return segments.filter((s) => s.end > s.start);
}

export default function StatusHistory({ profileId, locale }: { profileId: string; locale: string }) {
  const t = useT(monitorNs);
  const { api, host } = useAppServices();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const query = useQuery({
    queryKey: queryKeys.statusHistory(profileId),
    queryFn: ({ signal }) => getStatusHistory(api, profileId, signal),
    refetchInterval: refreshEvery(REFRESH_MS),
  });
  const dark = host.theme !== 'default';

  return (
    <PanelSection
      title={t('historyTitle')}
      busy={query.isFetching}
      busyLabel={t('historyLoading')}
      headerEnd={
        query.data &&
        query.data.snapshots.length > 0 && (
          <Button appearance="subtle" onClick={() => setView((v) => (v === 'chart' ? 'table' : 'chart'))}>
            {view === 'chart' ? t('showTable') : t('showChart')}
          </Button>
        )
      }
    >
      {query.error && !query.data && (
        <ProblemBar error={query.error} onRetry={() => void query.refetch()} title={t('historyError')} />
      )}
      {query.data && <HistoryBody data={query.data} view={view} locale={locale} dark={dark} />}
    </PanelSection>
  );
}

function HistoryBody({
  data,
  view,
  locale,
  dark,
}: {
  data: StatusHistoryData;
  view: 'chart' | 'table';
  locale: string;
  dark: boolean;
}) {
  const styles = useStyles();
  const t = useT(monitorNs);
  const tc = useT(commonNs);
  const [bandBox, setBandBox] = useState<HTMLDivElement | null>(null);
  const [linesBox, setLinesBox] = useState<HTMLDivElement | null>(null);
  const segments = useMemo(() => statusSegments(data), [data]);
  if (data.state === 'off')
    return (
      <MessageBar intent="info">
        <MessageBarBody>{t('historyOff')}</MessageBarBody>
      </MessageBar>
    );
  if (data.state === 'not_enabled') return <NotEnabled />;
  if (data.snapshots.length === 0) {
    return (
      <MessageBar intent="info">
        <MessageBarBody>
          {t('historyEmpty', { minutes: Math.max(1, Math.round(data.intervalSeconds / 60)) })}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (view === 'table') return <HistoryTable snapshots={data.snapshots} locale={locale} />;

  const points = (pick: (s: StatusSnapshot) => number | null) =>
    data.snapshots
      .filter((s) => pick(s) !== null)
      .map((s) => ({ x: new Date(Math.max(Date.parse(data.from), Date.parse(s.observedAt))), y: pick(s)! }));
  const lines = [
    {
      legend: t('seriesErrors'),
      data: points((s) => s.errorCount),
      color: getColorFromToken(DataVizPalette.error, dark),
      // Errors are tens where records processed are thousands: their own scale, on the right.
      useSecondaryYScale: true,
    },
    {
      legend: t('seriesProcessed'),
      data: points((s) => s.processedLastHour),
      color: getColorFromToken(DataVizPalette.color1, dark),
    },
  ];
  // A line needs two points: the last one carries on to now.
  for (const line of lines) {
    const last = line.data[line.data.length - 1];
    if (last) line.data.push({ x: new Date(data.to), y: last.y });
  }
  return (
    <div className={styles.chart}>
      <div ref={setBandBox} className={styles.band}>
        <GanttChart
          parentRef={bandBox}
          margins={CHART_MARGINS}
          // The admin's own clock, as everywhere else in the tab (the library defaults to UTC).
          useUTC={false}
          chartTitle={t('bandTitle')}
          culture={locale}
          barHeight={16}
          data={segments.map((s) => ({
            x: { start: new Date(s.start), end: new Date(s.end) },
            // One band: its category names it, so the y-axis never shows an empty tick.
            y: t('colStatus'),
            legend: tc(syncStatusPresentation(s.status as SyncStatus).label),
            color: bandColor(s.status, dark),
          }))}
        />
      </div>
      <div ref={setLinesBox} className={styles.lines}>
        <LineChart
          parentRef={linesBox}
          margins={CHART_MARGINS}
          useUTC={false}
          data={{ chartTitle: t('chartTitle'), lineChartData: lines }}
          culture={locale}
          enablePerfOptimization
          secondaryYScaleOptions={{
            yMinValue: 0,
            yMaxValue: Math.max(5, ...data.snapshots.map((s) => s.errorCount ?? 0)),
          }}
        />
      </div>
    </div>
  );
}

function NotEnabled() {
  const t = useT(monitorNs);
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('notEnabledTitle')}</MessageBarTitle>
        {t('notEnabledBody')}
      </MessageBarBody>
    </MessageBar>
  );
}

function HistoryTable({ snapshots, locale }: { snapshots: StatusSnapshot[]; locale: string }) {
  const styles = useStyles();
  const t = useT(monitorNs);
  const tc = useT(commonNs);
  const number = (value: number | null) => (value === null ? t('notRecorded') : formatNumber(locale, value));
  return (
    <div className={styles.tableWrap}>
      <Table className={styles.table} aria-label={t('tableCaption')} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('colWhen')}</TableHeaderCell>
            <TableHeaderCell>{t('colStatus')}</TableHeaderCell>
            <TableHeaderCell>{t('colErrors')}</TableHeaderCell>
            <TableHeaderCell>{t('colProcessed')}</TableHeaderCell>
            <TableHeaderCell>{t('colUpdated')}</TableHeaderCell>
            <TableHeaderCell>{t('colKind')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {[...snapshots].reverse().map((s) => (
            <TableRow key={`${s.observedAt}-${s.kind}`}>
              <TableCell className={styles.when}>{formatAbsolute(s.observedAt, locale)}</TableCell>
              <TableCell>
                {s.status ? tc(syncStatusPresentation(s.status as SyncStatus).label) : t('notRecorded')}
              </TableCell>
              <TableCell>{number(s.errorCount)}</TableCell>
              <TableCell>{s.statusText ?? number(s.processedLastHour)}</TableCell>
              <TableCell>{number(s.updatedLastHour)}</TableCell>
              <TableCell>{s.kind === 'change' ? t('kindChange') : t('kindHeartbeat')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
