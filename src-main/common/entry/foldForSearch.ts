const YO = /[ёЁ]/
const YO_ALL = /[ёЁ]/g

/**
 * The form of text that full-text search compares: ё as е, Ё as Е. Russian print mostly
 * writes е for both, so "жесткий" must find "жёсткий" and the other way round; SQLite's
 * unicode61 tokenizer folds letter case (Kazakh letters included) but keeps ё apart from е.
 * Applied to what is indexed and to what is typed alike.
 *
 * Both letters take one UTF-16 unit and two UTF-8 bytes, so the folded text has the length
 * and offsets of the original.
 */
export function foldForSearch(text: string): string {
  return YO.test(text) ? text.replace(YO_ALL, (letter) => (letter === 'ё' ? 'е' : 'Е')) : text
}
