/**
 * Email syntax, deliberately pragmatic (the shape Great Expectations and Soda
 * use): one `@`, no whitespace, a dotted domain with a 2+ letter top level.
 */
const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/

/** True when the text looks like a deliverable email address. */
export const isEmail = (text: string): boolean => text.length <= 254 && EMAIL.test(text)
