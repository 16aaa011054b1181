// A small XML reader for TwiML: elements, attributes, text, CDATA, comments, the XML declaration
// and the five predefined entities plus character references. DOCTYPEs are refused, so no entity
// expansion can be smuggled in. Names are case-sensitive, as Twilio's are.

export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  children: TwimlNode[];
  /** The element's own text (not its children's), trimmed. */
  text: string;
  /** Own and descendant text in document order, whitespace collapsed (a <Say> with SSML inside). */
  deepText: string;
}

export class TwimlParseError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'TwimlParseError';
  }
}

const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const ATTR = /\s*([A-Za-z_:][A-Za-z0-9_.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/y;
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, at: number): string {
  if (/&(?!(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);)/.test(text)) throw new TwimlParseError('bad entity', at);
  return text.replace(ENTITY, (_, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref];
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (code > 0x10ffff) throw new TwimlParseError('bad character reference', at);
    return String.fromCodePoint(code);
  });
}

interface Building {
  node: TwimlNode;
  parts: string[]; // own text chunks
  deep: string[]; // own and descendant text chunks
}

/** Parses a TwiML document and returns the root element (which must be <Response>). */
export function parseTwiml(xml: string): TwimlNode {
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: Building[] = [];
  const done: { root: TwimlNode | null } = { root: null };

  const fail = (message: string): never => {
    throw new TwimlParseError(message, i);
  };

  while (i < xml.length) {
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i);
      if (end < 0) fail('unterminated processing instruction');
      i = end + 2;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) fail('unterminated comment');
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end < 0) fail('unterminated CDATA');
      if (!stack.length) fail('text outside the root element');
      const text = xml.slice(i + 9, end);
      stack[stack.length - 1].parts.push(text);
      stack[stack.length - 1].deep.push(text);
      i = end + 3;
    } else if (xml.startsWith('<!', i)) {
      fail('DOCTYPE and declarations are not allowed');
    } else if (xml.startsWith('</', i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(xml) ?? fail('bad closing tag');
      const name = m[0];
      const close = xml.indexOf('>', NAME.lastIndex);
      if (close < 0 || xml.slice(NAME.lastIndex, close).trim() !== '') fail('bad closing tag');
      const top = stack.pop() ?? fail(`unexpected </${name}>`);
      if (top.node.name !== name) fail(`</${name}> closes <${top.node.name}>`);
      finish(top, stack, (n) => (done.root = n));
      i = close + 1;
    } else if (xml[i] === '<') {
      if (done.root) fail('content after the root element');
      NAME.lastIndex = i + 1;
      const m = NAME.exec(xml) ?? fail('bad tag');
      const node: TwimlNode = { name: m[0], attrs: {}, children: [], text: '', deepText: '' };
      i = NAME.lastIndex;
      for (;;) {
        ATTR.lastIndex = i;
        const a = ATTR.exec(xml);
        if (!a) break;
        if (a[1] in node.attrs) fail(`duplicate attribute ${a[1]}`);
        node.attrs[a[1]] = decode(a[3] ?? a[4], i);
        i = ATTR.lastIndex;
      }
      while (/\s/.test(xml[i] ?? '')) i++;
      const building: Building = { node, parts: [], deep: [] };
      if (xml.startsWith('/>', i)) {
        i += 2;
        if (stack.length) stack[stack.length - 1].node.children.push(node);
        finish(building, stack, (n) => (done.root = n));
      } else if (xml[i] === '>') {
        i += 1;
        if (stack.length) stack[stack.length - 1].node.children.push(node);
        stack.push(building);
      } else {
        fail(`bad tag <${node.name}>`);
      }
    } else {
      const next = xml.indexOf('<', i);
      const raw = xml.slice(i, next < 0 ? xml.length : next);
      if (!stack.length) {
        if (raw.trim() !== '') fail('text outside the root element');
      } else {
        const text = decode(raw, i);
        stack[stack.length - 1].parts.push(text);
        stack[stack.length - 1].deep.push(text);
      }
      i = next < 0 ? xml.length : next;
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1].node.name}> is not closed`);
  const response = done.root ?? fail('no root element');
  if (response.name !== 'Response') throw new TwimlParseError(`root is <${response.name}>, not <Response>`, 0);
  return response;
}

function finish(b: Building, stack: Building[], setRoot: (n: TwimlNode) => void): void {
  b.node.text = b.parts.join('').trim();
  // Plain text keeps its own spacing (French puts a space before ':'); only XML whitespace collapses.
  // With SSML children (<break/>…), parts join with a space, none before punctuation.
  b.node.deepText = b.node.children.length === 0
    ? b.parts.join('').replace(/[ \t\r\n]+/g, ' ').trim()
    : b.deep.join(' ').replace(/[ \t\r\n]+/g, ' ').replace(/ ([,.;:!?])/g, '$1').trim();
  const parent = stack[stack.length - 1];
  if (parent) parent.deep.push(b.node.deepText);
  else setRoot(b.node);
}
