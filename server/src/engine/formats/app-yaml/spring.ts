// Spring Boot application*.yml / bootstrap*.yml: every document flattened to dotted keys (nested maps, dotted keys
// and `"[mail.smtp.auth]"` bracket keys alike) and judged by the vocabulary shared with .properties files.
import type { ParsedFile } from '../../model';
import { canonicalKey, springProfiles, type FlatEntry, type FlatWriter } from '../properties/spring';
import { flattenDoc, insertFlat, isScalarNode, removePairs, replaceScalar, scalarEditable, type FlatDoc, type YamlEntry, type YamlFile } from './yaml-doc';

const SPRING_MAIL_PROPERTIES = 'spring.mail.properties';

interface Entry extends FlatEntry {
  source: YamlEntry;
}

export function parseSpringYaml(file: YamlFile): Omit<ParsedFile, 'format' | 'comments' | 'lineComment'> {
  const flats: FlatDoc[] = file.docs.map((d) => flattenDoc(file, d));
  const docs: Entry[][] = flats.map((flat, i) =>
    flat.entries.map((e) => ({
      key: canonicalKey(e.path),
      writtenKey: e.path,
      value: e.value,
      keySpan: e.keySpan,
      valueSpan: e.valueSpan,
      span: e.span,
      doc: i,
      source: e,
    })),
  );
  const writer: FlatWriter = {
    replace(entry, raw) {
      const v = (entry as Entry).source.pair.value;
      return isScalarNode(v) && scalarEditable(file, v) ? [replaceScalar(v, raw)] : [];
    },
    insert: (doc, items, removed) => {
      if (!flats[doc]) return undefined;
      const removedPairs = removed.filter((e) => e.doc === doc).map((e) => (e as Entry).source.pair);
      // Spring binds spring.mail.properties only as a map: a scalar written there fails at startup, so new Jakarta
      // Mail keys may take its place.
      return insertFlat(file, flats[doc], items, canonicalKey, removedPairs, (path) => canonicalKey(path) === SPRING_MAIL_PROPERTIES);
    },
    remove(entries) {
      const doc = entries[0]?.doc;
      if (doc === undefined || entries.some((e) => e.doc !== doc)) return [];
      return removePairs(file, flats[doc], entries.map((e) => (e as Entry).source.pair));
    },
  };
  return springProfiles(docs, writer);
}
