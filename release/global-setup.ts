import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The release is built once for the whole suite, exactly as `npm run release` builds it.
export default function globalSetup() {
  const result = spawnSync('npm', ['run', 'release', '--silent'], { cwd: path.resolve(__dirname, '..'), stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run release failed (see above).');
}
