/**
 * CSV as Excel and every spreadsheet read it safely: RFC 4180 records (CRLF, quotes doubled,
 * fields quoted when they hold a comma, quote or line break), UTF-8 with a byte-order mark, and
 * cells that a spreadsheet would run as a formula neutralised (OWASP "CSV Injection").
 */

/** Excel reads a UTF-8 file as the system code page unless it starts with this. */
export const UTF8_BOM = '\uFEFF';

/**
 * Cells starting with these are formulas to Excel, LibreOffice and Google Sheets (tab and CR
 * too: some strip them and then see the formula). The apostrophe is included so that the
 * neutralising apostrophe can always be taken off again: every cell that starts with one of
 * these gets one more `'` in front, and a reader removes exactly one.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

export function neutralised(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse of `neutralised`, for readers of our files (tests, a script of the SIS team). */
export function unneutralised(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

export function csvField(value: string | null | undefined): string {
  const text = neutralised(value ?? '');
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(values: readonly (string | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** RFC 4180 records back into fields (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * `Content-Disposition: attachment` with the name twice (RFC 6266 §4.3): `filename` in plain
 * ASCII for old clients, `filename*` in UTF-8 (RFC 8187, formerly 5987) for everyone else.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Direction overrides could make "…gpj.csv" show as "…vsc.jpg": never in a file name. */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A file name from a profile's name: no path separators, control or reserved characters, not too long. */
export function safeFileNamePart(name: string, max = 80): string {
  const cleaned = [...name.replace(BIDI_CONTROLS, '')]
    .map((c) => (c.charCodeAt(0) < 0x20 || c === '\u007f' || '<>:"/\\|?*'.includes(c) ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const part = [...cleaned].slice(0, max).join('').trim();
  return part === '' ? 'profile' : part;
}
