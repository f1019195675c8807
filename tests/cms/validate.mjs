// Validates CMS configurations (JSON files, converted from config.yml by the
// Rust test) against the JSON Schema shipped in the pinned @sveltia/cms.
// Usage: node validate.mjs CONFIG.json...   Prints one line per file; exit 1 on errors.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const pkg = new URL('./node_modules/@sveltia/cms/', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('schema/sveltia-cms.json', pkg), 'utf8'));
const { version } = JSON.parse(readFileSync(new URL('package.json', pkg), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
let failed = 0;
for (const file of process.argv.slice(2)) {
  const config = JSON.parse(readFileSync(file, 'utf8'));
  if (validate(config)) {
    console.log(`ok ${file} (@sveltia/cms ${version})`);
  } else {
    failed += 1;
    // Union types report every branch; the shortest paths say what is wrong.
    for (const e of validate.errors.slice(0, 40)) {
      console.log(`error ${file}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
}
process.exit(failed ? 1 : 0);
