// The end-of-run summary the CLI (and the local demo) print.
import type { ReceiveSummary } from './receive.js';

export function formatSummary(summary: ReceiveSummary): string {
  const lines: string[] = [];
  const files = summary.loaded + summary.rejected + summary.failed + summary.duplicate;
  lines.push(
    `${files} file(s) in ${(summary.durationMs / 1000).toFixed(1)} s: ${summary.loaded} loaded, ${summary.rejected} rejected, ${summary.failed} failed, ${summary.duplicate} duplicate`,
  );
  const tables = Object.entries(summary.rowsByTable).filter(([, n]) => n > 0);
  if (tables.length > 0) {
    lines.push(`${summary.totalRows} rows written (${summary.rowsPerSecond} rows/s):`);
    const width = Math.max(...tables.map(([t]) => t.length));
    for (const [table, n] of tables.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) lines.push(`  ${table.padEnd(width)}  ${String(n).padStart(9)}`);
  }
  for (const status of ['rejected', 'failed'] as const) {
    const list = summary.files.filter((f) => f.status === status);
    if (list.length === 0) continue;
    lines.push(status === 'rejected' ? 'rejected (moved to rejected/, reason in the .error.json beside each):' : 'failed (left under data/ for a retry):');
    for (const f of list) {
      lines.push(`  ${f.key}: ${f.reason ?? 'unknown'}${f.message ? ` — ${f.message}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
