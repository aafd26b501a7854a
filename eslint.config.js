// @ts-check
// The folder-boundary rules of DESIGN "Layout" live here, so they are enforced by lint and
// not by memory. Each runtime folder lists what it may not import.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const electronOnly = {
  group: ['electron', 'electron/*'],
  message: 'Only electron-main and preload may import electron.'
}
const faces = {
  group: ['**/cli/**', '**/electron-main/**', '**/preload/**', '**/src-renderer/**'],
  message: 'Data flows one way: faces call services, never the reverse.'
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'bench-results/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (STYLE habit 5).' },
        {
          selector: "CallExpression[callee.property.name='then']",
          message: 'Await promises; no .then chains (STYLE habit 10).'
        }
      ]
    }
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked]
  },
  {
    files: ['eslint.config.js', 'electron.vite.config.ts', 'vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' }
  },
  {
    files: ['src-main/common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // pkijs and asn1js are plain JavaScript over WebCrypto, for any runtime: the
              // RFC 3161 checks in common/timestamp run in Node and in verify.html alike.
              regex: '^(?!\\.{1,2}/|vitest$|asn1js$|pkijs$|.*resources/locales/)',
              message: 'common/ is pure TypeScript for any runtime: it imports only common/.'
            },
            { group: ['**/node/**', ...faces.group], message: 'common/ imports only common/.' }
          ]
        }
      ]
    }
  },
  {
    files: ['src-main/node/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronOnly, faces] }] }
  },
  {
    files: ['src-main/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronOnly,
            {
              group: ['**/electron-main/**', '**/preload/**', '**/src-renderer/**'],
              message: 'The CLI uses common/ and node/ only.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src-main/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/node/**', '**/cli/**', '**/electron-main/**', 'node:*'],
              message: 'The preload is sandboxed: electron and common/ types only.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronOnly,
            { group: ['node:*'], message: 'The renderer has no Node.' },
            {
              group: [
                '**/src-main/node/**',
                '**/src-main/cli/**',
                '**/src-main/electron-main/**',
                '**/src-main/preload/**'
              ],
              message: 'The renderer talks only to window.dalel.'
            }
          ]
        }
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/common/**'],
              allowTypeImports: true,
              message: 'The renderer imports src-main/common as types only.'
            }
          ]
        }
      ]
    }
  },
  {
    // verify.html: browser code that a lawyer opens from a bundle. It shares the bundle checks
    // with the CLI through src-main/common and nothing else.
    files: ['src-verify-page/**'],
    ignores: ['src-verify-page/**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|\\.\\./src-main/common/|\\.\\./resources/locales/)',
              message: 'verify.html imports only src-verify-page/ and src-main/common/.'
            }
          ]
        }
      ]
    }
  },
  {
    // Tests exercise the faces too (a vault test may run the CLI in-process); the boundary
    // rules guard the product code, and tests are not shipped.
    files: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': 'off' }
  }
)
