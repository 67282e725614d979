// node run-calls.mjs CALLS_JSON PACKAGE_DIR: prints the calls' results on that package as JSON.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hostImports, runCalls } from './calls.mjs';

const [callsFile, packageDir] = process.argv.slice(2);
const { host, calls } = JSON.parse(await readFile(callsFile, 'utf8'));
const pkg = await import(pathToFileURL(join(packageDir, 'index.js')).href);
if (pkg.provideImports !== undefined) pkg.provideImports(hostImports[host]);
process.stdout.write(JSON.stringify(runCalls(pkg, calls)));
