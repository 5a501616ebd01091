/**
 * What the benchmark reports: figures with their target beside them, printed as one table and
 * written to bench/results.json. A figure that could not be measured is reported as such (never
 * silently left out), and counts as a miss.
 */
import { availableParallelism, totalmem, release, platform } from 'node:os';
import { readFileSync } from 'node:fs';

export type Comparison = 'atLeast' | 'atMost' | 'equal' | 'below';

export type Target = { comparison: Comparison; value: number; unit: string };

export type Figure = {
  section: string;
  name: string;
  /** NaN when not measured (`error` says why). */
  value: number;
  unit: string;
  /** Decimals to print. */
  digits: number;
  /** Absent for context figures (printed as INFO). */
  target?: Target;
  /** Where the number comes from and what it includes. */
  detail?: string;
  error?: string;
};

export type Verdict = 'PASS' | 'MISS' | 'INFO' | 'ERROR';

export function verdict(figure: Figure): Verdict {
  if (figure.error !== undefined || Number.isNaN(figure.value)) return 'ERROR';
  if (!figure.target) return 'INFO';
  const { comparison, value } = figure.target;
  const met =
    comparison === 'atLeast'
      ? figure.value >= value
      : comparison === 'atMost'
        ? figure.value <= value
        : comparison === 'below'
          ? figure.value < value
          : figure.value === value;
  return met ? 'PASS' : 'MISS';
}

const symbols: Record<Comparison, string> = { atLeast: '≥', atMost: '≤', equal: '=', below: '<' };

function formatNumber(value: number, digits: number, unit: string): string {
  if (Number.isNaN(value)) return 'not measured';
  const text = value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return unit ? `${text} ${unit}` : text;
}

export function formatTarget(target: Target | undefined, digits: number): string {
  if (!target) return '—';
  return `${symbols[target.comparison]} ${formatNumber(target.value, Math.min(digits, 2), target.unit)}`;
}

export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => ({
    section: f.section,
    name: f.name,
    measured: formatNumber(f.value, f.digits, f.unit),
    target: formatTarget(f.target, f.digits),
    verdict: verdict(f),
    detail: f.error ? `not measured: ${f.error}` : f.detail,
  }));
  const width = {
    name: Math.max(6, ...rows.map((r) => r.name.length)),
    measured: Math.max(8, ...rows.map((r) => r.measured.length)),
    target: Math.max(6, ...rows.map((r) => r.target.length)),
  };
  const line = (name: string, measured: string, target: string, result: string) =>
    `  ${name.padEnd(width.name)}  ${measured.padStart(width.measured)}  ${target.padEnd(width.target)}  ${result}`;
  const out: string[] = [line('Figure', 'Measured', 'Target', 'Result')];
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      out.push('', section);
    }
    out.push(line(row.name, row.measured, row.target, row.verdict));
    if (row.detail) out.push(`  ${' '.repeat(width.name)}  ↳ ${row.detail}`);
  }
  const counts = { PASS: 0, MISS: 0, INFO: 0, ERROR: 0 } satisfies Record<Verdict, number>;
  for (const row of rows) counts[row.verdict] += 1;
  out.push(
    '',
    `${counts.PASS} targets met, ${counts.MISS} missed${counts.ERROR ? `, ${counts.ERROR} not measured` : ''}.`,
  );
  return out.join('\n');
}

export type Machine = {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
};

export function describeMachine(): Machine {
  let cpuModel = 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) cpuModel = match[1]!.trim();
  } catch {
    // Not Linux: the model stays unknown rather than guessed.
  }
  return {
    cpus: availableParallelism(),
    cpuModel,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
  };
}
