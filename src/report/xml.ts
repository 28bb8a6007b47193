/**
 * XML escaping for the JUnit file. XML 1.0 cannot carry some characters at all
 * (most C0 controls, lone surrogates, U+FFFE/U+FFFF), even escaped, so they are
 * replaced by U+FFFD instead of making the file unreadable.
 *
 * @example
 * escapeXml(`a < b & "c"`) // "a &lt; b &amp; &quot;c&quot;"
 */

const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;"
}

/** Escape text for XML element content. */
export const escapeXmlText = (text: string): string => text.replace(NOT_XML_CHAR, "\uFFFD").replace(/[&<>]/g, (c) => ENTITIES[c] ?? c)

/**
 * Escape text for a quoted XML attribute value; line breaks and tabs become
 * character references so that parsers keep them (they would otherwise be
 * normalised to spaces).
 */
export const escapeXmlAttr = (text: string): string =>
  text
    .replace(NOT_XML_CHAR, "\uFFFD")
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
    .replace(/\r/g, "&#13;")
    .replace(/\n/g, "&#10;")
    .replace(/\t/g, "&#9;")
