/**
 * Masks personal data in free text before it reaches a log line or another officer's notification.
 * Vietnamese mobile numbers (0xxxxxxxxx / +84xxxxxxxxx, spaces or dots allowed) and ID numbers
 * (12-digit CCCD, also written in groups of 3 or 4; 9-digit CMND) keep only their last two digits.
 */
const PHONE = /(?<![\d])(?:\+?84|0)(?:[\s.-]?\d){9}(?![\d])/g;
const ID_NUMBER = /(?<![\d])(?:\d{12}|\d{9})(?![\d])/g;
// A CCCD as people write it on forms: 079 203 001 234, 0792.0300.1234 (one separator kind throughout).
const ID_GROUPED = /(?<!\d[\s.-]?)(?:\d{3}([ .-])\d{3}\1\d{3}\1\d{3}|\d{4}([ .-])\d{4}\2\d{4})(?![\s.-]?\d)/g;

function maskDigits(match: string): string {
  const digits = match.replace(/\D/g, '');
  return `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}

export function maskPersonalData(text: string): string {
  return text.replace(PHONE, maskDigits).replace(ID_NUMBER, maskDigits).replace(ID_GROUPED, maskDigits);
}

/** A user id shortened for logs: enough to correlate, not enough to address the citizen. */
export function shortId(id: string): string {
  return id.length <= 6 ? id : `…${id.slice(-6)}`;
}
