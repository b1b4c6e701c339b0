// `npm start`: install when needed, build, then serve the built app on 127.0.0.1:4173.
import { execSync } from 'node:child_process';
import { ensureDependencies } from './ensure-deps.js';
import { serveBuild } from './serve.js';

ensureDependencies();
console.log('Building Runlens…');
execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
const port = Number(process.env.PORT ?? 4173);
await serveBuild({ port });
console.log(`\nRunlens is running at http://127.0.0.1:${port}\n(Press Ctrl+C to stop.)`);
