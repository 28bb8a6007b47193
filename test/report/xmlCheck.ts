/**
 * A strict little XML reader for the JUnit tests (no XML library is
 * installed): it accepts only what our files may contain — a prolog, elements
 * with double-quoted attributes, text with the five entities and character
 * references — and throws on anything malformed (unbalanced tags, a raw `<` or
 * `&`, two roots). The browser test checks the same file with DOMParser.
 */
export interface XmlElement {
  readonly name: string
  readonly attrs: Readonly<Record<string, string>>
  readonly children: ReadonlyArray<XmlElement>
  readonly text: string
}

const BAD_AMP = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/

const decode = (text: string): string => {
  if (BAD_AMP.test(text)) throw new Error(`unescaped & in ${JSON.stringify(text.slice(0, 80))}`)
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === "amp" ? "&" : e === "lt" ? "<" : e === "gt" ? ">" : e === "quot" ? '"' : e === "apos" ? "'" : String.fromCodePoint(e.startsWith("#x") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
  )
}

interface Building {
  name: string
  attrs: Record<string, string>
  children: Array<XmlElement>
  text: string
}

/** Parse an XML document; throws when it is not well-formed. */
export const parseXml = (xml: string): XmlElement => {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, "")
  if (body.startsWith("<?")) throw new Error("unexpected prolog")
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y
  const stack: Array<Building> = []
  let root: XmlElement | undefined
  let index = 0
  while (index < body.length) {
    token.lastIndex = index
    const m = token.exec(body)
    if (m === null) throw new Error(`malformed XML at ${index}: ${JSON.stringify(body.slice(index, index + 60))}`)
    index = token.lastIndex
    const [, closing, name, attrText, selfClosing, text] = m
    if (text !== undefined) {
      const top = stack[stack.length - 1]
      if (top === undefined) {
        if (text.trim() !== "") throw new Error("text outside the root element")
      } else top.text += decode(text)
      continue
    }
    if (name === undefined) throw new Error("no tag name")
    if (closing === "/") {
      const open = stack.pop()
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? "nothing"}>`)
      const done: XmlElement = open
      const parent = stack[stack.length - 1]
      if (parent === undefined) {
        if (root !== undefined) throw new Error("two root elements")
        root = done
      } else parent.children.push(done)
      continue
    }
    const attrs: Record<string, string> = {}
    for (const a of (attrText ?? "").matchAll(/([\w.:-]+)="([^"<]*)"/g)) {
      const key = a[1] ?? ""
      if (key in attrs) throw new Error(`duplicate attribute ${key}`)
      attrs[key] = decode(a[2] ?? "")
    }
    const element: Building = { name, attrs, children: [], text: "" }
    if (selfClosing === "/") {
      const parent = stack[stack.length - 1]
      if (parent === undefined) {
        if (root !== undefined) throw new Error("two root elements")
        root = element
      } else parent.children.push(element)
    } else stack.push(element)
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`)
  if (root === undefined) throw new Error("no root element")
  return root
}

/** Child elements with a name. */
export const childrenNamed = (e: XmlElement, name: string): ReadonlyArray<XmlElement> => e.children.filter((c) => c.name === name)
