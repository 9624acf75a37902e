/** One name per file inside the archive: no folders, no characters a file system refuses, no repeats. */
export function archiveNames(
  files: readonly { readonly fileId: string; readonly fileName: string }[],
): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const file of files) {
    const cleaned = file.fileName.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').replace(/^\.+/, '');
    const safe = cleaned.trim() || file.fileId;
    const name = used.has(safe.toLowerCase()) ? `${file.fileId}-${safe}` : safe;
    used.add(name.toLowerCase());
    names.set(file.fileId, name);
  }
  return names;
}
