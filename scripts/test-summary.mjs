// Prints vitest's JSON result as one closing line: "N passed, N failed" (, N skipped).
import fs from 'node:fs';

const file = process.argv[2] ?? 'artifacts/test-results.json';
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(r.numFailedTests > 0 || !r.success ? 1 : 0);
