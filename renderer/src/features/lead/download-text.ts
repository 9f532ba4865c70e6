/**
 * Offers text as a file download. In Electron the default download handling asks where to save; in a browser it
 * lands in the download folder. The text is encoded as UTF-8 by `Blob`, a leading BOM included.
 */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next task: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
