// `pnpm specs`: regenerate specs/openapi.json and specs/socket-events.json.
import { writeFileSync } from 'node:fs';
import { generateOpenApi, generateSocketEvents } from './specs.js';

const root = new URL('../../../specs/', import.meta.url);
writeFileSync(new URL('openapi.json', root), await generateOpenApi());
writeFileSync(new URL('socket-events.json', root), generateSocketEvents());
console.log('specs/openapi.json and specs/socket-events.json written');
