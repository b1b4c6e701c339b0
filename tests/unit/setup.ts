// The worker loads the RE2 engine on demand (src/lib/query/regex-engine.ts); tests that parse
// regular expressions synchronously need it loaded up front.
import { loadRegexEngine } from '../../src/lib/query';

await loadRegexEngine();
