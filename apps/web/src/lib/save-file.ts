/** A downloaded file: its bytes and the name to save it as. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/** Saves a downloaded file through a temporary object-URL link (the browser's own download). */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next task: the click has handed the URL to the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
