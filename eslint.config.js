// @ts-check
// The folder-boundary rules of DESIGN "Layout" live here, so they are enforced by lint and
// not by memory. Each runtime folder lists what it may not import.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
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

/**
 * The layers inside src-main/node (DESIGN "Layout"), one way down: each folder names the
 * sibling folders it may import. A folder missing here may import any sibling: add it.
 * `testing` holds test support and is imported by tests only.
 */
const NODE_LAYERS = {
  db: [],
  crypto: [],
  fs: [],
  media: [],
  ports: [],
  vault: ['db', 'crypto', 'fs', 'media'],
  capture: ['vault', 'ports', 'db', 'crypto', 'fs', 'media'],
  bundle: ['vault', 'ports', 'db', 'crypto', 'fs', 'media'],
  backup: ['vault', 'ports', 'db', 'crypto', 'fs', 'media'],
  timestamp: ['vault', 'ports', 'db', 'crypto', 'fs', 'media'],
  probe: ['vault', 'ports', 'db', 'crypto', 'fs', 'media'],
  services: [
    'vault',
    'ports',
    'db',
    'crypto',
    'fs',
    'media',
    'capture',
    'bundle',
    'backup',
    'timestamp',
    'probe'
  ],
  // The IPC handlers parse and present; every capability is the service's. vault for its
  // report types, fs for the settings file.
  api: ['services', 'ports', 'vault', 'fs']
}
const NODE_FOLDERS = [...Object.keys(NODE_LAYERS), 'testing']

/** One config block per node folder: electron and the faces are out, and so are the
 * siblings the folder may not use. A relative import reaches a sibling as `../x/` (or
 * `../../x/` from a subfolder); src-main's own folders have other names. */
function nodeLayerBlocks() {
  return Object.entries(NODE_LAYERS).map(([folder, allowed]) => {
    const forbidden = NODE_FOLDERS.filter((other) => other !== folder && !allowed.includes(other))
    return {
      files: [`src-main/node/${folder}/**`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              electronOnly,
              faces,
              {
                regex: `^(\\.\\./)+(node/)?(${forbidden.join('|')})/`,
                message: `node/${folder} may use ${allowed.length > 0 ? allowed.join(', ') : 'none of its siblings'} (DESIGN "Layout": one way down).`
              }
            ]
          }
        ]
      }
    }
  })
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
              // intl-messageformat formats every message (plurals); zod describes the contract.
              regex:
                '^(?!\\.{1,2}/|vitest$|asn1js$|pkijs$|intl-messageformat$|zod$|.*resources/locales/)',
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
  ...nodeLayerBlocks(),
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
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    extends: [reactHooks.configs.flat['recommended-latest']]
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
      ]
      // The renderer may import values from src-main/common, which lint keeps pure
      // (DESIGN "Layout"): the entry-field table is read by every face.
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
    // verify.html's DOM code, one folder down: the same rule, one level deeper.
    files: ['src-verify-page/view/**'],
    ignores: ['src-verify-page/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(?!\\./|\\.\\./(?!\\.\\./)|\\.\\./\\.\\./src-main/common/|\\.\\./\\.\\./resources/locales/)',
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
