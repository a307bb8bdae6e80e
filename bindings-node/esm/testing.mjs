// ESM entry point of `talkover/testing`, re-exporting the CommonJS build (one set of classes).
import cjs from '../dist/testing.js'

export const { MockServer } = cjs
