/**
 * Markdown from imported files (run notes, README artifacts) → an HTML string that is safe to put
 * in the page. Every note is hostile input: MLflow, Aim and Metaflow all shipped stored XSS through
 * exactly this path (../shared/research/reliability.md §1), so marked's output always goes through
 * DOMPurify with a strict allowlist, and nothing touches the HTML after that except our own nodes.
 *
 * Browser only: DOMPurify needs a DOM, and without one it returns its input unchanged, so this
 * module refuses to run instead.
 */
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { Marked } from 'marked';

/** Longer Markdown is cut here before rendering: a note is prose, not a data dump. */
export const MARKDOWN_MAX_CHARS = 512 * 1024;

/** What Markdown produces, plus a few harmless HTML elements people write in notes. */
const ALLOWED_TAGS = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'code',
  'dd',
  'del',
  'details',
  'div',
  'dl',
  'dt',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  's',
  'span',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul'
];

/**
 * No `class`, `id`, `name` or `style`: they would let a note restyle or overlay the app (our
 * global classes, inline CSS, which the CSP allows) or clobber DOM names. Event handlers are not
 * listed, so they never survive.
 */
const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'align', 'start', 'colspan', 'rowspan'];

/** Redundant with the allowlist on purpose: these must never appear, whatever the list becomes. */
const FORBID_TAGS = [
  'script',
  'style',
  'iframe',
  'frame',
  'object',
  'embed',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'link',
  'meta',
  'base',
  'svg',
  'math',
  'template'
];

/**
 * Link targets: http, https and mailto only. Relative URLs are dropped too (unlike DOMPurify's
 * default): in a note they would point into this app, never at what the author meant.
 */
export const ALLOWED_LINK = /^(?:https?:|mailto:)/i;

/**
 * Images are shown only when they are inline raster data. Remote images are not loaded: Runlens
 * works offline, and a note that fetches `https://tracker.example/pixel.png` would tell a third
 * party when and where a run was looked at. They become "[image: alt]" plus a link to the URL.
 * SVG data is excluded, so only decoders for these four formats ever see note bytes.
 */
export const INLINE_IMAGE = /^data:image\/(?:png|jpeg|gif|webp)[;,]/i;

const LINK_REL = 'noopener noreferrer nofollow';

let purifier: DOMPurify | null = null;
let marked: Marked | null = null;

/** Our own DOMPurify instance, so its hooks never leak into any other use of the library. */
function getPurifier(): DOMPurify {
  if (purifier) return purifier;
  if (typeof window === 'undefined') throw new Error('renderMarkdown runs in the browser only');
  const p = createDOMPurify(window);
  if (!p.isSupported) throw new Error('this browser cannot sanitize HTML (DOMPurify unsupported)');
  // Runs after the attribute checks, so every link that is left already has an allowed href.
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('rel', LINK_REL);
      node.setAttribute('target', '_blank');
    }
  });
  purifier = p;
  return p;
}

function getMarked(): Marked {
  if (marked) return marked;
  marked = new Marked({
    gfm: true,
    breaks: false,
    async: false,
    renderer: {
      // Task lists: marked writes <input type=checkbox>, which the sanitizer forbids; a glyph
      // says the same without a form control.
      checkbox: ({ checked }) => (checked ? '☑ ' : '☐ ')
    }
  });
  return marked;
}

/**
 * Replaces what the sanitizer cannot express: images that are not inline raster data, and links
 * whose href was dropped (a `javascript:` link becomes its plain text). Works in the inert
 * template document, so no image starts loading before it is judged.
 */
function applyMediaPolicy(root: Element): void {
  const doc = root.ownerDocument;
  for (const img of Array.from(root.querySelectorAll('img'))) {
    const src = img.getAttribute('src') ?? '';
    if (INLINE_IMAGE.test(src)) continue;
    const alt = (img.getAttribute('alt') ?? '').trim();
    const label = doc.createElement('span');
    label.className = 'md-blocked-image';
    label.textContent = alt ? `[image: ${alt}]` : '[image]';
    // src already passed ALLOWED_LINK (or was removed); only web URLs are worth a link.
    if (/^https?:/i.test(src)) {
      const link = doc.createElement('a');
      link.setAttribute('href', src);
      link.setAttribute('rel', LINK_REL);
      link.setAttribute('target', '_blank');
      link.title = 'Remote image, not loaded: open it in a new tab';
      link.append(label);
      img.replaceWith(link);
    } else {
      label.title = 'Image not shown: only images embedded as PNG, JPEG, GIF or WebP data are';
      img.replaceWith(label);
    }
  }
  for (const a of Array.from(root.querySelectorAll('a:not([href])')))
    a.replaceWith(...a.childNodes);
}

/** Markdown → sanitized HTML. Throws outside a browser. Input past MARKDOWN_MAX_CHARS is cut. */
export function renderMarkdown(markdown: string): string {
  const p = getPurifier();
  const raw = getMarked().parse(markdown.slice(0, MARKDOWN_MAX_CHARS), { async: false });
  // Parsed into a <template>, not by DOMPurify's DOMParser: a DOMParser document shares our CSP,
  // so a `<base href>` in a note was reported as a base-uri violation while being parsed. Template
  // contents are inert (no scripts, no loads, no base URL) until they are moved out, and the
  // in-place sanitize below walks every node before anything leaves.
  const template = document.createElement('template');
  template.innerHTML = raw;
  const root = template.content.ownerDocument.createElement('div');
  root.append(template.content);
  p.sanitize(root, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    FORBID_TAGS,
    FORBID_ATTR: ['style', 'class', 'id', 'name'],
    ALLOWED_URI_REGEXP: ALLOWED_LINK,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    IN_PLACE: true
  });
  applyMediaPolicy(root);
  return root.innerHTML;
}
