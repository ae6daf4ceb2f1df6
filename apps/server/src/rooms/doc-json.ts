import * as Y from 'yjs';
import { namedDoc } from './named-doc.ts';

type SharedType = ReturnType<Y.Doc['get']>;

/**
 * Plain JSON of every root type of a document. The server never declares root types (clients do),
 * so each one's kind is read from its content: map entries → object, string/format content → text,
 * anything else in a sequence → array. Works on a copy: the live document's types stay undeclared.
 * @example docToJson(doc) // { caption: 'A dog', meta: { done: true } }
 */
export function docToJson(doc: Y.Doc): Record<string, unknown> {
  const copy = namedDoc(doc.guid);
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const out: Record<string, unknown> = {};
  for (const [name, type] of [...copy.share.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const kind = rootKind(type);
    if (kind === 'map') out[name] = copy.getMap(name).toJSON();
    else if (kind === 'text') out[name] = copy.getText(name).toString();
    else if (kind === 'xml') out[name] = copy.getXmlFragment(name).toString();
    else if (kind === 'array') out[name] = copy.getArray(name).toJSON();
    else out[name] = null;
  }
  copy.destroy();
  return out;
}

function rootKind(type: SharedType): 'map' | 'text' | 'xml' | 'array' | 'empty' {
  if (type instanceof Y.Map) return 'map';
  if (type instanceof Y.Text) return 'text';
  if (type instanceof Y.XmlFragment) return 'xml';
  if (type instanceof Y.Array) return 'array';
  for (let item = type._start; item; item = item.right) {
    const content = item.content;
    if (content instanceof Y.ContentString || content instanceof Y.ContentFormat || content instanceof Y.ContentEmbed) {
      return 'text';
    }
    if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement) return 'xml';
    if (content instanceof Y.ContentDeleted) continue;
    return 'array';
  }
  for (const item of type._map.values()) {
    if (!item.deleted) return 'map';
  }
  return type._start ? 'array' : 'empty';
}
