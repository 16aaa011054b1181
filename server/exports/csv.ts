// CSV as RFC 4180 writes it (comma, double quotes, CRLF), made safe to open in a spreadsheet: a
// cell that would start a formula gets a leading apostrophe, which the import takes off again.

/** What spreadsheets read as the start of a formula (OWASP "CSV injection"), and the apostrophe itself. */
const FORMULA_START = /^[=+\-@\t\r']/;

/** `=1+1` → `'=1+1`: shown as typed, never evaluated. A cell already starting with `'` gets one more, so import can undo it exactly. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The import's inverse of `neutralise`. */
export function unneutralise(value: string): string {
  return value.length > 1 && value[0] === "'" && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

export type CellValue = string | number | boolean | null | undefined;

/** One cell: neutralised, then quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: CellValue): string {
  if (value === null || value === undefined) return '';
  const text = neutralise(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly CellValue[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

export class CsvSyntaxError extends Error {}

/**
 * Parses RFC 4180 CSV (CRLF or LF line ends; quoted cells may hold commas, quotes and line
 * breaks) into records of raw cells. Blank lines are skipped. Neutralisation is left to the caller.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a spreadsheet's byte-order mark
  const endCell = () => { record.push(cell); cell = ''; wasQuoted = false; };
  const endRecord = () => {
    endCell();
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') {
      if (cell !== '' || wasQuoted) throw new CsvSyntaxError(`a quote inside an unquoted cell (record ${records.length + 1})`);
      quoted = true;
      wasQuoted = true;
    } else if (ch === ',') endCell();
    else if (ch === '\n') endRecord();
    else if (ch === '\r') {
      if (text[i + 1] === '\n') i++;
      endRecord();
    } else {
      if (wasQuoted) throw new CsvSyntaxError(`text after a closing quote (record ${records.length + 1})`);
      cell += ch;
    }
  }
  if (quoted) throw new CsvSyntaxError('a quoted cell is never closed');
  if (cell !== '' || wasQuoted || record.length) endRecord();
  return records;
}
