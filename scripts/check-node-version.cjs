// Runs before `npm start`, `npm test` and the other commands, on whatever Node the machine has:
// plain CommonJS that any Node parses, so that an old one says what it lacks instead of failing
// on the first TypeScript file with ERR_UNKNOWN_FILE_EXTENSION.
'use strict';

// Node runs TypeScript sources without a flag (type stripping) from 22.18 and 23.6.
const MINIMUM = '22.18.0';

function parse(version) {
  return version.replace(/^v/, '').split('.').map(Number);
}

function supports(version) {
  const [major, minor] = parse(version);
  const [minMajor, minMinor] = parse(MINIMUM);
  if (major === 23) return minor >= 6;
  return major > minMajor || (major === minMajor && minor >= minMinor);
}

module.exports = { MINIMUM, supports };

if (require.main === module && !supports(process.versions.node)) {
  console.error(
    `Guichet needs Node.js ${MINIMUM} or later (24 LTS recommended); this is Node.js ${process.versions.node}, ` +
      'which cannot run its TypeScript sources. Install Node.js 24 (https://nodejs.org), then run the command again.',
  );
  process.exit(1);
}
