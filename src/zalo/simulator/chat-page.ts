import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * The chat page: one self-contained HTML file (inline CSS/JS, no build step) kept as .html so it can be
 * edited and checked as what it is. Read once, on first request.
 */
export function chatPageHtml(): string {
  cached ??= readFileSync(new URL('./chat-page.html', import.meta.url), 'utf8');
  return cached;
}
