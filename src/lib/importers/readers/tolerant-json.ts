/**
 * JSON as Python writes it: standard JSON plus the bare tokens `NaN`, `Infinity` and `-Infinity`
 * in value positions (`json.dumps` writes them by default; mlflow-export-import, W&B and DVC files
 * carry them, see ../shared/FORMATS.md §0). `JSON.parse` is tried first; only when it fails does a
 * hand-written parser run, which accepts exactly RFC 8259 plus those three tokens, in linear time,
 * and reports the line and column of the first error on every engine.
 */

/** Parses JSON that may contain bare NaN, Infinity and -Infinity; throws SyntaxError with line and column. */
export function parseTolerantJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return new TolerantParser(text).document();
  }
}

interface Frame {
  /** The list or object being filled. */
  container: unknown[] | Record<string, unknown>;
  isArray: boolean;
  /** For objects: the key whose value is being read. */
  key: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ESCAPABLE = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

class TolerantParser {
  private i = 0;

  constructor(private readonly s: string) {}

  /** The whole text as one JSON value (iterative, so deep nesting cannot overflow the stack). */
  document(): unknown {
    const s = this.s;
    const stack: Frame[] = [];
    for (;;) {
      let value = this.scalarOrOpen(stack);
      if (value === OPENED) continue;
      // Attach the value to its container, closing every container that ends here.
      for (;;) {
        const top = stack.at(-1);
        if (!top) {
          this.skipSpace();
          if (this.i < s.length) this.fail('unexpected text after the JSON value');
          return value;
        }
        if (top.isArray) (top.container as unknown[]).push(value);
        else setMember(top.container as Record<string, unknown>, top.key, value);
        this.skipSpace();
        const c = s.charCodeAt(this.i);
        if (c === 0x2c /* , */) {
          this.i++;
          if (!top.isArray) top.key = this.memberKey();
          break;
        }
        if (c === (top.isArray ? 0x5d /* ] */ : 0x7d) /* } */) {
          this.i++;
          stack.pop();
          value = top.container;
          continue;
        }
        this.fail(top.isArray ? "expected ',' or ']'" : "expected ',' or '}'");
      }
    }
  }

  /** Reads a scalar, an empty container, or opens a container (pushed on the stack). */
  private scalarOrOpen(stack: Frame[]): unknown {
    this.skipSpace();
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const isArray = c === 0x5b;
      this.i++;
      this.skipSpace();
      if (s.charCodeAt(this.i) === (isArray ? 0x5d : 0x7d)) {
        this.i++;
        return isArray ? [] : {};
      }
      const frame: Frame = { container: isArray ? [] : {}, isArray, key: '' };
      if (!isArray) frame.key = this.memberKey();
      stack.push(frame);
      return OPENED;
    }
    if (c === QUOTE) return this.string();
    if (c === 0x2d /* - */ && s.charCodeAt(this.i + 1) === 0x49 /* I */) {
      return this.word('-Infinity', -Infinity);
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    switch (c) {
      case 0x74:
        return this.word('true', true);
      case 0x66:
        return this.word('false', false);
      case 0x6e:
        return this.word('null', null);
      case 0x4e:
        return this.word('NaN', NaN);
      case 0x49:
        return this.word('Infinity', Infinity);
      default:
        return this.fail('expected a value');
    }
  }

  /** `"key" :` at the start of an object member (after `{` or `,`). */
  private memberKey(): string {
    this.skipSpace();
    if (this.s.charCodeAt(this.i) !== QUOTE) this.fail('expected a quoted member name');
    const key = this.string();
    this.skipSpace();
    if (this.s.charCodeAt(this.i) !== 0x3a /* : */) this.fail("expected ':' after a member name");
    this.i++;
    return key;
  }

  private string(): string {
    const s = this.s;
    const start = this.i;
    let escaped = false;
    let j = start + 1;
    for (;;) {
      if (j >= s.length) {
        this.i = start;
        this.fail('a text value is not closed');
      }
      const c = s.charCodeAt(j);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        const e = s.charAt(j + 1);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(j + 2, j + 6))) {
            this.i = j;
            this.fail('bad \\u escape (expected four hex digits)');
          }
          j += 6;
        } else if (ESCAPABLE.has(e)) {
          j += 2;
        } else {
          this.i = j;
          this.fail('bad escape in a text value');
        }
        continue;
      }
      if (c < 0x20) {
        this.i = j;
        this.fail(
          c === 0x0a || c === 0x0d
            ? 'a line break inside a text value (is a closing quote missing?)'
            : 'a control character inside a text value'
        );
      }
      j++;
    }
    this.i = j + 1;
    // The escapes were checked above, so the engine's own parser decodes them correctly.
    return escaped ? (JSON.parse(s.slice(start, j + 1)) as string) : s.slice(start + 1, j);
  }

  private number(): number {
    const s = this.s;
    const start = this.i;
    let j = start;
    if (s.charCodeAt(j) === 0x2d) j++;
    const digits = () => {
      const from = j;
      while (j < s.length && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x39) j++;
      return j - from;
    };
    if (s.charCodeAt(j) === 0x30) j++;
    else if (digits() === 0) this.failAt(j, 'expected a digit');
    if (s.charCodeAt(j) === 0x2e /* . */) {
      j++;
      if (digits() === 0) this.failAt(j, 'expected a digit after the decimal point');
    }
    if (s.charCodeAt(j) === 0x65 || s.charCodeAt(j) === 0x45 /* e E */) {
      j++;
      if (s.charCodeAt(j) === 0x2b || s.charCodeAt(j) === 0x2d) j++;
      if (digits() === 0) this.failAt(j, 'expected a digit in the exponent');
    }
    this.i = j;
    return Number(s.slice(start, j));
  }

  private word<T>(word: string, value: T): T {
    if (!this.s.startsWith(word, this.i)) this.fail('expected a value');
    this.i += word.length;
    return value;
  }

  private skipSpace(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  private failAt(at: number, problem: string): never {
    this.i = at;
    return this.fail(problem);
  }

  private fail(problem: string): never {
    const s = this.s;
    const at = this.i;
    const found = at >= s.length ? 'the end of the text' : JSON.stringify(s.charAt(at));
    const lineStart = at === 0 ? 0 : s.lastIndexOf('\n', at - 1) + 1;
    let line = 1;
    for (let k = s.indexOf('\n'); k !== -1 && k < lineStart; k = s.indexOf('\n', k + 1)) line++;
    throw new SyntaxError(
      `${problem}, found ${found} at line ${line}, column ${at - lineStart + 1}`
    );
  }
}

/** Marks "a container was opened" (never a JSON value). */
const OPENED = Symbol('opened');

/** Like JSON.parse: `__proto__` becomes an own member, never the prototype. */
function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true
    });
  } else {
    target[key] = value;
  }
}
