// A byte order mark at the start of a file is not part of its content: offsets, line indexes and
// edits all count from the character after it.

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
