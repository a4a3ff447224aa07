/**
 * RFC 4180 CSV: fields with comma, quote or line break are quoted; numbers keep full precision
 * (CSV is for spreadsheets, which format themselves).
 *
 * @example toCsv([['a', 'b,c'], [1, null]]) // 'a,"b,c"\r\n1,\r\n'
 */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows
    .map(
      (row) =>
        `${row
          .map((cell) => {
            if (cell === null || cell === undefined) return '';
            const text = String(cell);
            return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
          })
          .join(',')}\r\n`,
    )
    .join('');
}

/** Offers text as a file download (an object URL, released again). */
export function downloadText(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
