/**
 * Replaces the password of every `scheme://user:password@host` in `text` by `****`. The password
 * runs to the last `@` before white space, so an unencoded `/` or `@` in it is masked too.
 */
export function maskUrlPassword(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:@/\s]*):[^\s]*@/gi, '$1:****@');
}
