// One linter for the web client: typescript-eslint's recommended rules, the rules of React hooks, and nothing
// about layout (Prettier formats; `npm run check` runs both).
import './eslint.typescript.js';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    'node_modules/',
    'lighthouse/node_modules/',
    'lighthouse/.lighthouseci/',
    'test-results/',
    'playwright-report/',
    'src/api/generated/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  { languageOptions: { globals: globals.browser } },
  // what runs in Node.js: the build's and tests' configuration, the Lighthouse audit, the API types' generator
  {
    files: ['*.config.{js,ts}', 'lighthouse/**/*.mjs', 'scripts/**/*.mjs', 'e2e/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
