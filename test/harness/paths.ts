// Locations the tests read from: the repository root (tests run from out/test/), fixtures, builds.
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');
export const serverPath = path.join(repoRoot, 'dist', 'server.js');
