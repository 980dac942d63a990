/** The XML of an .xlsx part as far as the reader needs it: text, attributes, string items. */

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character references, then Excel's own `_xHHHH_` escapes (`_x000D_` for a carriage return). */
export function decodeText(s: string): string {
  let out = s.indexOf('&') < 0 ? s : s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
  if (out.indexOf('_x') >= 0) out = out.replace(/_x([0-9A-Fa-f]{4})_/g, (_w, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return out;
}

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of a tag, by name (with any prefix as written). */
function attributesOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(text); m; m = ATTRIBUTE.exec(text)) out.set(m[1] ?? '', decodeText(m[2] ?? m[3] ?? ''));
  return out;
}

export function attribute(text: string, name: string): string | null {
  // What Excel writes (` r="A1"`) by indexOf; anything else through the general pattern.
  const at = text.indexOf(` ${name}="`);
  if (at >= 0) {
    const from = at + name.length + 3;
    const end = text.indexOf('"', from);
    if (end >= 0) {
      const raw = text.slice(from, end);
      return raw.includes('&') ? decodeText(raw) : raw;
    }
  }
  if (!text.includes(name)) return null;
  return attributesOf(text).get(name) ?? null;
}

const RUN_TEXT = /<(?:[A-Za-z_][\w.-]*:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:[A-Za-z_][\w.-]*:)?t>|<(?:[A-Za-z_][\w.-]*:)?t(?:\s[^>]*)?\/>/g;
const PHONETIC = /<(?:[A-Za-z_][\w.-]*:)?rPh\b[\s\S]*?<\/(?:[A-Za-z_][\w.-]*:)?rPh>/g;

/** The text of a string item (`<si>` or `<is>`): its `<t>` runs joined, phonetic guides left out. */
export function stringItemText(xml: string): string {
  const body = xml.includes('rPh') ? xml.replace(PHONETIC, '') : xml;
  let text = '';
  RUN_TEXT.lastIndex = 0;
  for (let m = RUN_TEXT.exec(body); m; m = RUN_TEXT.exec(body)) text += m[1] ?? '';
  return decodeText(text).replace(/\r\n?/g, '\n');
}

export function sharedStrings(xml: string | null): string[] {
  if (xml === null) return [];
  const out: string[] = [];
  const item = /<(?:[A-Za-z_][\w.-]*:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[A-Za-z_][\w.-]*:)?si>)/g;
  for (let m = item.exec(xml); m; m = item.exec(xml)) out.push(stringItemText(m[1] ?? ''));
  return out;
}
