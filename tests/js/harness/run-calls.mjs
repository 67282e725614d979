// node run-calls.mjs PACKAGE_DIR: prints calls.json's results on that package as JSON.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hostImports, runCalls } from './calls.mjs';

const pkg = await import(pathToFileURL(join(process.argv[2], 'index.js')).href);
pkg.provideImports(hostImports);
const { calls } = JSON.parse(await readFile(new URL('./calls.json', import.meta.url), 'utf8'));
process.stdout.write(JSON.stringify(runCalls(pkg, calls)));
