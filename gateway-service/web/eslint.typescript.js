// typescript-eslint parses with TypeScript's classic JavaScript API, which TypeScript 7 (the native compiler this
// project type-checks and builds with) no longer has. So the linter alone gets TypeScript 6 (the devDependency
// `typescript-api`): every `require('typescript')` of typescript-eslint's packages is answered with it. Imported
// first by eslint.config.js, before typescript-eslint loads.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const classic = require('typescript-api');
const estree = require.resolve('@typescript-eslint/typescript-estree');
for (const from of [
  estree,
  require.resolve('typescript-eslint'),
  require.resolve('ts-api-utils', { paths: [estree] }),
]) {
  const path = require.resolve('typescript', { paths: [from] });
  require.cache[path] = { id: path, filename: path, loaded: true, exports: classic };
}
