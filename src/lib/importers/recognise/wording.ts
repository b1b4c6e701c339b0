/**
 * English for format names in messages: "a W&B transaction log", "an MLflow SQLite store",
 * "9 W&B transaction logs". Format names are countable noun phrases whose last word is the noun.
 */

/** Letters whose name starts with a vowel sound when an acronym is spelled out (an MLflow, an SQL). */
const VOWEL_SOUND_LETTERS = new Set([...'AEFHILMNORSX']);

/** The phrase with "a" or "an" before it. */
export function withArticle(phrase: string): string {
  const first = phrase[0] ?? '';
  const second = phrase[1] ?? '';
  // An acronym (two capitals) is read letter by letter: "an MLflow", "an ONNX", "a W&B".
  const spelled = /[A-Z]/.test(first) && /[A-Z&]/.test(second);
  const vowel = spelled ? VOWEL_SOUND_LETTERS.has(first) : /^[aeiou]/i.test(first);
  return `${vowel ? 'an' : 'a'} ${phrase}`;
}

/** The plural of a noun phrase: its last word made plural ("Keras training logs", "summaries"). */
export function pluralOf(phrase: string): string {
  const m = /^(.*?)([A-Za-z]+)([^A-Za-z]*)$/.exec(phrase);
  if (!m) return phrase;
  const [, before, word, after] = m as unknown as [string, string, string, string];
  return `${before}${pluralWord(word)}${after}`;
}

const UNCOUNTABLE = new Set(['data', 'metadata', 'code', 'information', 'settings', 'series']);

function pluralWord(word: string): string {
  const lower = word.toLowerCase();
  if (UNCOUNTABLE.has(lower)) return word;
  // Already plural ("logs", "folders"), unlike "process", "status" or "analysis".
  if (/[^sui]s$/i.test(word)) return word;
  // An acronym takes a bare s: "CSVs", "PDFs".
  if (/^[A-Z0-9]+$/.test(word)) return `${word}s`;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

/** "1 W&B transaction log", "9 W&B transaction logs". */
export function countOfPhrase(count: number, phrase: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? phrase : pluralOf(phrase)}`;
}
