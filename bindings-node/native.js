// The native addon. napi-rs's generated loader (napi-binding.js, rewritten by every
// `napi build`) finds it: a `talkover.<platform>.node` next to this file in a development
// checkout, else the per-platform package npm installed from `optionalDependencies`
// (`talkover-linux-x64-gnu`, ...). When neither is there, the generated loader blames npm
// ("npm has a bug related to optional dependencies"); the usual causes are ours to explain
// (an unsupported platform, optional dependencies left out, a lock file made on another
// platform), so this file replaces that message with one that names the package this
// platform needs and what to do. The loader's own errors stay reachable as `cause`.
'use strict'

const { readFileSync } = require('node:fs')
const path = require('node:path')

/** The napi-rs platform name of this process, as in the per-platform package names. */
function platformName() {
  const { platform, arch } = process
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

/** glibc's Node reports the glibc version it runs on; musl's (Alpine) reports none. */
function isMusl() {
  try {
    const report = process.report.getReport()
    return !(report.header && report.header.glibcVersionRuntime)
  } catch {
    return false
  }
}

/** The per-platform packages this release has binaries for, from the packed package.json. */
function supportedPackages(manifest) {
  return Object.keys(manifest.optionalDependencies || {}).filter((name) => name.startsWith(`${manifest.name}-`))
}

/** The loader's failures other than "not there": a binary that exists but cannot load. */
function loadFailures(cause) {
  const found = []
  for (let e = cause; e && found.length < 20; e = e.cause) {
    if (typeof e.message === 'string' && !e.message.startsWith('Cannot find module')) found.push(e.message)
  }
  return found
}

function missingBinaryError(cause) {
  let manifest = { name: 'talkover', version: '', optionalDependencies: {} }
  try {
    manifest = JSON.parse(readFileSync(path.join(__dirname, 'package.json'), 'utf8'))
  } catch {
    // keep the defaults: the message below still names the package
  }
  const wanted = `${manifest.name}-${platformName()}`
  const supported = supportedPackages(manifest)
  const lines = [`talkover: no native binary for this platform (${process.platform} ${process.arch}).`]
  if (supported.length > 0 && !supported.includes(wanted)) {
    lines.push(
      `There is no ${wanted} package: this platform is not supported yet.`,
      `Binaries are published for: ${supported.map((p) => p.slice(manifest.name.length + 1)).join(', ')}.`,
      `Please open an issue at https://github.com/talkover/talkover/issues naming your platform.`,
    )
  } else {
    const version = manifest.version ? `@${manifest.version}` : ''
    lines.push(
      `It comes in the package ${wanted}${version}, which npm installs as an optional dependency of talkover, and it is not installed.`,
      `Common causes: optional dependencies were left out (--omit=optional, --no-optional), or node_modules or the lock file was made on another platform (a Docker image built from a macOS checkout, say).`,
      `Fix: install it for this platform, e.g. \`npm install ${wanted}${version}\`, or reinstall with optional dependencies from this machine (\`rm -rf node_modules && npm install\`).`,
    )
  }
  const failures = loadFailures(cause)
  if (failures.length > 0) {
    // e.g. a binary built against a newer glibc than this system's
    lines.push(`A binary was found but could not be loaded: ${failures.join('; ')}`)
  }
  const error = new Error(lines.join('\n'))
  error.code = 'TALKOVER_NATIVE_BINARY_MISSING'
  error.cause = cause
  return error
}

try {
  module.exports = require('./napi-binding.js')
} catch (err) {
  // Only a missing binary gets the explanation; any other failure (a binary that fails to
  // load, a version mismatch the loader reports) keeps its own message.
  if (err && typeof err.message === 'string' && err.message.startsWith('Cannot find native binding')) {
    throw missingBinaryError(err.cause || err)
  }
  throw err
}
