import type ExcelJS from 'exceljs';
import { escapeHtml, sheetTable } from './html';

// Serif faces first, as the paper forms are set in 宋体 (FORM_FONT); then the CJK sans faces
// a Linux or Mac machine may have instead.
const FONTS = '"SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Microsoft YaHei", sans-serif';

// Inline <style> is allowed by our CSP (style-src 'unsafe-inline'); inline script is not
// (script-src 'self', script-src-attr 'none'), so the page has none: printing is the browser's
// own (Ctrl+P), which a hint says on screen only.
const CSS = `
@page { size: A4; margin: 15mm }
* { box-sizing: border-box }
html { font-family: ${FONTS}; color: #000; background: #eee }
body { margin: 0; padding: 12px 0 }
.hint { width: 210mm; margin: 0 auto 8px; padding: 6px 10px; font-size: 10.5pt; color: #444; background: #fff8db; border: 1px solid #e6d27a }
.page { width: 210mm; min-height: 297mm; margin: 0 auto 12px; padding: 15mm; background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, .25) }
table { width: 100%; table-layout: fixed; border-collapse: collapse; font-size: 11pt; line-height: 1.5 }
td { padding: 2px 4px; vertical-align: middle; overflow-wrap: anywhere }
@media print {
  html, body { background: none; padding: 0 }
  .hint { display: none }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; break-after: page }
  .page:last-child { break-after: auto }
  tr { break-inside: avoid }
}
`;

/**
 * A standalone page printing each sheet of the book on A4, titled `title` (the name a browser
 * gives the PDF it saves).
 */
export function formPage(book: ExcelJS.Workbook, title: string): string {
  const pages = book.worksheets.map((sheet) => `<section class="page">\n${sheetTable(sheet)}\n</section>`);
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<p class="hint">打印：请用浏览器的打印功能（Ctrl+P，Mac 上 ⌘P），纸张 A4、纵向；本提示不会打印出来。</p>
${pages.join('\n')}
</body>
</html>
`;
}
