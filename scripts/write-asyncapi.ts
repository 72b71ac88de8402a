// Writes docs/asyncapi.json from the event schemas (npm run docs:asyncapi).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAsyncApiDocument } from '@taskmesh/contracts';

const target = path.join(__dirname, '../docs/asyncapi.json');
writeFileSync(target, `${JSON.stringify(buildAsyncApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
