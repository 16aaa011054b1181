import { expect } from 'chai';
import { csvCell, csvLine, CsvSyntaxError, neutralise, parseCsv, unneutralise } from '../../../server/exports/csv.js';

// Exported files leave the system: escaping must be exact (RFC 4180), and a cell must never run as
// a spreadsheet formula (CSV injection).

describe('export files (CSV)', () => {
  it('plain cells are written as they are; empty for nothing', () => {
    expect(csvLine(['a', 12, true, null, undefined, 'IT_603BIS'])).to.equal('a,12,true,,,IT_603BIS\r\n');
  });

  it('a comma, a quote or a line break quotes the cell, and quotes are doubled', () => {
    expect(csvCell('one, two')).to.equal('"one, two"');
    expect(csvCell('she said "no"')).to.equal('"she said ""no"""');
    expect(csvCell('line\nbreak')).to.equal('"line\nbreak"');
    expect(csvCell('cr\r\nlf')).to.equal('"cr\r\nlf"');
  });

  for (const start of ['=', '+', '-', '@', '\t', '\r']) {
    it(`a cell starting with ${JSON.stringify(start)} cannot run as a formula`, () => {
      expect(neutralise(`${start}1+1`)).to.equal(`'${start}1+1`);
      expect(unneutralise(neutralise(`${start}1+1`))).to.equal(`${start}1+1`);
    });
  }

  it('an apostrophe of its own survives a round trip; ordinary text is untouched', () => {
    for (const text of ["'quoted", "''=x", 'ok', "l'aria", '']) expect(unneutralise(neutralise(text)), text).to.equal(text);
    expect(neutralise('2026-03-01T10:00:00.000Z')).to.equal('2026-03-01T10:00:00.000Z');
  });

  it('a neutralised formula with a quote is both prefixed and quoted', () => {
    expect(csvCell('=HYPERLINK("x")')).to.equal('"\'=HYPERLINK(""x"")"');
  });

  it('parses what it writes, whatever the cells hold', () => {
    const rows = [['id', 'notes'], ['1', 'a, "b"\r\nc'], ['2', ''], ['3', '=1+1']];
    const parsed = parseCsv(rows.map(csvLine).join(''));
    expect(parsed.map((r) => r.map(unneutralise))).to.deep.equal(rows);
  });

  it('reads LF line ends, a byte-order mark and a last line without a line end; skips blank lines', () => {
    expect(parseCsv('\uFEFFa,b\n1,2\n\n3,"4"')).to.deep.equal([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(parseCsv('a,\n,')).to.deep.equal([['a', ''], ['', '']]);
  });

  it('refuses broken quoting', () => {
    expect(() => parseCsv('a,"b\n')).to.throw(CsvSyntaxError);
    expect(() => parseCsv('a,b"c"\n')).to.throw(CsvSyntaxError);
    expect(() => parseCsv('a,"b"c\n')).to.throw(CsvSyntaxError);
  });
});
