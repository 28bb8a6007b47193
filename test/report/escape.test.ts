import { describe, expect, it } from "vitest"
import { escapeHtml, html, Html, join, trusted } from "../../src/report/html/escape.ts"
import { escapeMarkdown } from "../../src/report/markdown.ts"
import { escapeXmlAttr, escapeXmlText } from "../../src/report/xml.ts"
import { parseXml } from "./xmlCheck.ts"

const XSS = [
  "<img src=x onerror=alert(1)>",
  "<script>alert(1)</script>",
  `"><svg onload=alert(1)>`,
  `' onmouseover='alert(1)`,
  "</td></tr></table><script>alert(1)</script>",
  "<!--",
  "]]><![CDATA[",
  "&lt;already escaped&gt;",
  "javascript:alert(1)"
]

describe("escapeHtml", () => {
  it("escapes the five characters that matter", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
  })
  it("leaves plain text and unicode alone", () => {
    expect(escapeHtml("Zoë Ødegård · 1,234.50 € — ok")).toBe("Zoë Ødegård · 1,234.50 € — ok")
    expect(escapeHtml("")).toBe("")
  })
  it("escapes & first, so entities in the data stay visible as typed", () => {
    expect(escapeHtml("&lt;")).toBe("&amp;lt;")
  })
  it.each(XSS)("leaves no markup in %s", (payload) => {
    const out = escapeHtml(payload)
    expect(out).not.toMatch(/[<>"']/)
  })
})

describe("the html template tag", () => {
  it("escapes every interpolated text, in content and in attributes", () => {
    const name = "<img src=x onerror=alert(1)>"
    expect(html`<td title="${name}">${name}</td>`.value).toBe('<td title="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt;</td>')
  })
  it("cannot be broken out of a quoted attribute", () => {
    expect(html`<a title="${`" onmouseover="alert(1)`}">x</a>`.value).toBe('<a title="&quot; onmouseover=&quot;alert(1)">x</a>')
  })
  it("inserts Html fragments as they are, and lists, numbers and nothing", () => {
    const inner = html`<b>${"<i>"}</b>`
    expect(html`<p>${inner}${[1, " & ", inner]}${null}${undefined}${false}${true}</p>`.value).toBe("<p><b>&lt;i&gt;</b>1 &amp; <b>&lt;i&gt;</b></p>")
    expect(inner).toBeInstanceOf(Html)
  })
  it("does not treat an object that merely looks like Html as markup", () => {
    const fake = { _tag: "Html", value: "<script>" } as unknown as string
    expect(html`${fake}`.value).toBe("[object Object]")
  })
  it("joins fragments and marks constants", () => {
    expect(join([html`<i>a</i>`, html`<i>b</i>`], trusted("<br>")).value).toBe("<i>a</i><br><i>b</i>")
  })
})

describe("escapeXml", () => {
  it("escapes text and attributes so that the document stays well-formed", () => {
    for (const payload of XSS) {
      const doc = `<r a="${escapeXmlAttr(payload)}">${escapeXmlText(payload)}</r>`
      const root = parseXml(doc)
      expect(root.attrs["a"]).toBe(payload)
      expect(root.text).toBe(payload)
    }
  })
  it("keeps line breaks in attributes and replaces characters XML cannot carry", () => {
    expect(escapeXmlAttr("a\nb\tc")).toBe("a&#10;b&#9;c")
    expect(escapeXmlText("bell\u0007 nul\u0000 ok\n")).toBe("bell\uFFFD nul\uFFFD ok\n")
    expect(escapeXmlText("lone \uD800 surrogate, pair 😀")).toBe("lone \uFFFD surrogate, pair 😀")
  })
})

describe("escapeMarkdown", () => {
  it("keeps a table cell a single cell and shows markup as text", () => {
    expect(escapeMarkdown("a|b\nc")).toBe("a\\|b c")
    expect(escapeMarkdown("<img src=x onerror=alert(1)>")).toBe("&lt;img src=x onerror=alert(1)&gt;")
    expect(escapeMarkdown("[x](javascript:alert(1)) **b** `c`")).toBe("\\[x\\](javascript:alert(1)) \\*\\*b\\*\\* \\`c\\`")
  })
})
