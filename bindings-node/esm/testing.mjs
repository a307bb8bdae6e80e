// ESM entry point of `talkover/testing`, re-exporting the CommonJS build (one set of classes).
import { createRequire } from 'node:module'

// Loaded with `require`, not `import cjs from`: for a CommonJS module marked `__esModule`
// (what tsc emits), Node's default import is `module.exports` but Bun's is
// `module.exports.default` (here the `Talkover` class), which left every named export
// below `undefined` under Bun. `require` means the same in Node, Bun and Deno.
const cjs = createRequire(import.meta.url)('../dist/testing.js')

export const { MockServer } = cjs
