/** Media types of artifact files, by name; what the run page can preview decides what is kept. */
const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  txt: 'text/plain',
  log: 'text/plain',
  out: 'text/plain',
  err: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  py: 'text/x-python',
  toml: 'application/toml',
  ini: 'text/plain',
  cfg: 'text/plain',
  patch: 'text/x-diff',
  diff: 'text/x-diff'
};

/** Files MLflow writes without an extension but with a known text format. */
const BY_NAME: Record<string, string> = {
  mlmodel: 'application/yaml',
  'requirements.txt': 'text/plain',
  'conda.yaml': 'application/yaml',
  'python_env.yaml': 'application/yaml'
};

export function mediaTypeOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const known = BY_NAME[name];
  if (known) return known;
  const dot = name.lastIndexOf('.');
  return (dot > 0 && BY_EXTENSION[name.slice(dot + 1)]) || 'application/octet-stream';
}

/** Artifacts the run page can show are stored in full up to this size; others are listed. */
export const PREVIEW_LIMIT_BYTES = 8 * 1024 * 1024;

/** Can the run page preview this media type (image or text)? */
export function isPreviewable(mediaType: string): boolean {
  return /^(image\/|text\/|application\/(json|yaml|x-ndjson|xml|toml))/.test(mediaType);
}
