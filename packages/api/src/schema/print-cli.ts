import fs from 'node:fs';
import path from 'node:path';
import { printApiSchema } from './build';
import { readConfig } from '../config';

// `pnpm schema`: writes schema.graphql at the repository root.
void (async () => {
  const file = path.join(readConfig().rootDir, 'schema.graphql');
  fs.writeFileSync(file, await printApiSchema());
  console.log(`wrote ${file}`);
})();
