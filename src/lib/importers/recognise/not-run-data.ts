/**
 * Files that sit next to runs but hold none: model weights and checkpoints, arrays, profiler
 * traces, images, code, notebooks, documents, archives Runlens does not open. Magic bytes first
 * (PyTorch zip and pickle, safetensors, HDF5, NumPy, ONNX, image headers), names second.
 */
import {
  extOf,
  looksLikeJsonObject,
  mentionsKeys,
  notRunData,
  startsWith,
  unsupported,
  type FileFacts,
  type Recogniser
} from './recogniser';

/** The name of a zip's first entry (local file header at offset 0), or null. */
export function firstZipEntry(head: Uint8Array): string | null {
  if (!startsWith(head, [0x50, 0x4b, 3, 4]) || head.length < 30) return null;
  const length = head[26]! | (head[27]! << 8);
  if (head.length < 30 + length) return null;
  return new TextDecoder().decode(head.subarray(30, 30 + length));
}

/**
 * Zip-based formats that are not archives of loose files: torch.save (first entry
 * `<name>/data.pkl` or `<name>/byteorder`), Keras 3 `.keras`, NumPy `.npz`, Office documents.
 */
function zipFormat(f: FileFacts) {
  // By name first: NumPy writes an empty .npz (no arrays) as a zip without entries.
  if (extOf(f.name) === '.npz') return notRunData('NumPy array file');
  const entry = firstZipEntry(f.head);
  if (entry === null) return null;
  if (/(^|\/)(data\.pkl|byteorder|version|\.format_version)$/.test(entry))
    return notRunData('PyTorch checkpoint');
  if (extOf(f.name) === '.keras' || /^(metadata|config)\.json$|\.weights\.h5$/.test(entry))
    return notRunData('Keras model file');
  if (entry.endsWith('.npy')) return notRunData('NumPy array file');
  if (entry === '[Content_Types].xml' || entry === 'mimetype') return notRunData('office document');
  return null;
}

const zipBased: Recogniser = { id: 'zip-based', recognise: zipFormat, zipFormat: true };

const CHECKPOINT_EXTENSIONS = new Set(['.pt', '.pth', '.ckpt', '.bin', '.tar']);

/**
 * Weights and arrays by their magic bytes: a pickle (protocol 2-5, `\x80` then the protocol;
 * legacy torch.save is one), safetensors (a little-endian header length, then JSON), HDF5, NumPy.
 */
function weights(f: FileFacts) {
  const h = f.head;
  if (h[0] === 0x80 && h[1]! >= 2 && h[1]! <= 5) {
    return CHECKPOINT_EXTENSIONS.has(extOf(f.name))
      ? notRunData('PyTorch checkpoint')
      : notRunData('Python pickle');
  }
  if (h.length > 9 && h[5] === 0 && h[6] === 0 && h[7] === 0 && h[8] === 0x7b) {
    const json = new TextDecoder().decode(h.subarray(8, 8 + 256));
    if (/"(dtype|__metadata__)"/.test(json)) return notRunData('safetensors weights file');
  }
  if (startsWith(h, '\x89HDF\r\n\x1a\n')) return notRunData('HDF5 file');
  if (startsWith(h, '\x93NUMPY')) return notRunData('NumPy array file');
  return null;
}

/**
 * Model and checkpoint files that have no magic of their own: ONNX, TensorFlow checkpoints
 * (`checkpoint` index, `.index`, `.data-00000-of-00001`), SavedModel `.pb`, GGUF.
 */
function modelFiles(f: FileFacts) {
  const ext = extOf(f.name);
  if (startsWith(f.head, 'GGUF')) return notRunData('GGUF model');
  if (ext === '.onnx') return notRunData('ONNX model');
  if (f.name === 'checkpoint' && f.text?.startsWith('model_checkpoint_path:'))
    return notRunData('TensorFlow checkpoint index');
  if (/\.data-\d{5}-of-\d{5}$/.test(f.name) || (ext === '.index' && !f.text))
    return notRunData('TensorFlow checkpoint');
  if (ext === '.pb' || ext === '.pbtxt') return notRunData('TensorFlow graph');
  if (ext === '.joblib' || ext === '.pkl' || ext === '.pickle') return notRunData('Python pickle');
  return null;
}

/**
 * Profiler output: PyTorch/Kineto `*.pt.trace.json`, TensorBoard's `plugins/profile/**` and
 * `.profile-empty`, any Chrome trace (`traceEvents`).
 */
function profilerTrace(f: FileFacts) {
  const byName =
    /\.trace\.json(\.gz)?$|\.xplane\.pb$/.test(f.name) ||
    f.name === '.profile-empty' ||
    f.dirs.join('/').includes('plugins/profile');
  const chrome =
    f.text !== null && looksLikeJsonObject(f.text) && mentionsKeys(f.text, 'traceEvents');
  return byName || chrome ? notRunData('profiler trace') : null;
}

/** Images and other media by their headers (an SVG by its root element). */
function media(f: FileFacts) {
  const h = f.head;
  const image =
    startsWith(h, '\x89PNG') ||
    startsWith(h, [0xff, 0xd8, 0xff]) ||
    startsWith(h, 'GIF8') ||
    (startsWith(h, 'RIFF') && startsWith(h, 'WEBP', 8)) ||
    (startsWith(h, 'BM') && f.text === null) ||
    startsWith(h, [0x49, 0x49, 0x2a, 0]) ||
    startsWith(h, [0x4d, 0x4d, 0, 0x2a]) ||
    (f.text !== null && /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(f.text));
  if (image) return notRunData('image');
  if (startsWith(h, 'ftyp', 4) || (startsWith(h, 'RIFF') && startsWith(h, 'WAVE', 8)))
    return notRunData('audio or video file');
  if (startsWith(h, '%PDF')) return notRunData('PDF document');
  return null;
}

/**
 * Archives other than zip (which is unpacked): they may hold runs, so the reason says what to
 * do with them.
 */
function otherArchives(f: FileFacts) {
  const h = f.head;
  const packed =
    startsWith(h, [0x1f, 0x8b]) ||
    startsWith(h, 'BZh') ||
    startsWith(h, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]) ||
    startsWith(h, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) ||
    startsWith(h, 'Rar!') ||
    startsWith(h, [0x28, 0xb5, 0x2f, 0xfd]) ||
    startsWith(h, 'ustar', 257);
  return packed
    ? unsupported('archive', 'Runlens unpacks only zip archives; unpack it or zip it')
    : null;
}

/** A Git LFS pointer: the real file was never downloaded. */
function lfsPointer(f: FileFacts) {
  return f.text?.startsWith('version https://git-lfs.github.com/spec/')
    ? notRunData('Git LFS pointer', 'the file itself was never downloaded (run git lfs pull)')
    : null;
}

const CODE = new Set(
  (
    '.py .pyi .pyx .r .jl .js .mjs .cjs .ts .tsx .jsx .sh .bash .zsh .ps1 .bat .c .cc .cpp .cu ' +
    '.h .hpp .java .kt .scala .go .rs .rb .php .swift .m .lua .sql .pl .cmake'
  ).split(' ')
);
const PROJECT_FILES = new Set([
  'dockerfile',
  'makefile',
  'requirements.txt',
  'environment.yml',
  'environment.yaml',
  'conda.yaml',
  'python_env.yaml',
  'pyproject.toml',
  'setup.cfg',
  'setup.py',
  'mlproject',
  '.gitignore',
  '.gitattributes',
  '.dockerignore',
  'license',
  'license.txt',
  'license.md'
]);

/** Code, notebooks, project files, documents and logs: text people wrote or programs printed. */
function textFiles(f: FileFacts) {
  const ext = extOf(f.name);
  if (PROJECT_FILES.has(f.name)) return notRunData('project file');
  if (ext === '.ipynb' || (f.text && mentionsKeys(f.text, 'cells', 'nbformat')))
    return notRunData('Jupyter notebook');
  if (CODE.has(ext)) return notRunData('source file');
  if (ext === '.md' || ext === '.markdown' || ext === '.rst') return notRunData('document');
  if (ext === '.html' || ext === '.htm') return notRunData('HTML page');
  if (ext === '.log' || ext === '.out' || ext === '.err') return notRunData('log file');
  if (ext === '.txt') return notRunData('text file');
  return null;
}

/** Not run data, most certain (magic bytes) first. */
export const NOT_RUN_DATA_RECOGNISERS: readonly Recogniser[] = [
  zipBased,
  { id: 'weights', recognise: weights },
  { id: 'media', recognise: media },
  { id: 'archives', recognise: otherArchives },
  { id: 'lfs-pointer', recognise: lfsPointer },
  { id: 'profiler-trace', recognise: profilerTrace },
  { id: 'model-files', recognise: modelFiles },
  { id: 'text-files', recognise: textFiles }
];
