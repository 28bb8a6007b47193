/**
 * People: first and last names (with accents, apostrophes, hyphens and
 * particles, as real customer tables have), and email addresses derived from a
 * name, the customer id (which keeps every address unique) and a domain.
 */
import { jsonEscape, utf8 } from "./bytes.ts"

const FIRST: ReadonlyArray<string> = [
  "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
  "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
  "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Sandra", "Mark", "Margaret",
  "Donald", "Ashley", "Steven", "Kimberly", "Andrew", "Emily", "Paul", "Donna", "Joshua", "Michelle",
  "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie", "Noah", "Olivia",
  "Liam", "Emma", "Ava", "Sophia", "Mia", "Lucas", "Mateo", "Aiden", "Priya", "Arjun",
  "Wei", "Mei", "Hiroshi", "Yuki", "Fatima", "Omar", "Aisha", "Kwame", "Amara", "Ngozi",
  "Dmitri", "Anastasia", "Lars", "Ingrid", "Giulia", "Marco", "Ana", "Luis", "Camila", "Diego",
  "José", "María", "Zoë", "Chloé", "Renée", "Björn", "Søren", "François", "Siobhán", "Łukasz",
  "Jean-Luc", "Mary-Kate", "D'Andre", "Anne-Marie", "Nuno", "Leilani", "Tomás", "Inés", "Ahmed", "Sven"
]

const LAST: ReadonlyArray<string> = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
  "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
  "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
  "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
  "O'Brien", "O'Connor", "McDonald", "MacLeod", "Smith-Jones", "García-López", "Müller", "Schäfer", "Østergaard", "Kowalski",
  "Nowak", "Dubois", "Lefèvre", "Rossi", "Bianchi", "Silva", "Santos", "Pereira", "Kim", "Park",
  "Chen", "Wang", "Li", "Zhang", "Patel", "Shah", "Singh", "Khan", "Okafor", "Mensah",
  "Ivanov", "Petrov", "Andersson", "Johansson", "Yamamoto", "Tanaka", "Sato", "van der Berg", "de la Cruz", "Nakamura",
  "Fischer", "Weber", "Novák", "Horváth", "Jensen", "Larsen", "Murphy", "Kelly", "Byrne", "Ó Súilleabháin"
]

const EMAIL_DOMAINS: ReadonlyArray<string> = [
  "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com",
  "proton.me", "aol.com", "gmx.net", "fastmail.com", "example.com"
]

const SPECIAL_LETTERS: Readonly<Record<string, string>> = { "ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "đ": "d", "œ": "oe" }

/** Lower-case ASCII letters and digits only: `"Østergaard"` → `"ostergaard"`, `"O'Brien"` → `"obrien"`. */
export const asciiFold = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[øæßłđœ]/g, (ch) => SPECIAL_LETTERS[ch] ?? "")
    .normalize("NFD")
    .replace(/[^a-z0-9]/g, "")

/** Number of first names. */
export const FIRST_COUNT = FIRST.length
/** Number of last names. */
export const LAST_COUNT = LAST.length
/** Number of email domains. */
export const DOMAIN_COUNT = EMAIL_DOMAINS.length
/** Number of email local-part patterns. */
export const PATTERN_COUNT = 5

const FIRST_JSON = FIRST.map(jsonEscape)
const LAST_JSON = LAST.map(jsonEscape)
const FIRST_ASCII = FIRST.map(asciiFold)
const LAST_ASCII = LAST.map(asciiFold)

/**
 * A customer's identity: indexes into the name lists for the display name, the
 * name the email address was made from (it does not follow a name change),
 * the email pattern and the domain.
 */
export interface Identity {
  readonly first: number
  readonly last: number
  readonly emailFirst: number
  readonly emailLast: number
  readonly pattern: number
  readonly domain: number
}

/** The display name, e.g. `"Zoë O'Brien"`. */
export const displayName = (identity: Identity): string => (FIRST[identity.first] ?? "") + " " + (LAST[identity.last] ?? "")

const nameCache: Array<Uint8Array | undefined> = new Array<Uint8Array | undefined>(FIRST.length * LAST.length)

/** The display name JSON-escaped and UTF-8 encoded, no surrounding quotes (cached per name). */
export const displayNameBytes = (identity: Identity): Uint8Array => {
  const slot = identity.first * LAST.length + identity.last
  const hit = nameCache[slot]
  if (hit !== undefined) return hit
  const bytes = utf8((FIRST_JSON[identity.first] ?? "") + " " + (LAST_JSON[identity.last] ?? ""))
  nameCache[slot] = bytes
  return bytes
}

/**
 * The email address of a customer: only `[a-z0-9._]` before the `@`, the
 * customer id included so that addresses never collide.
 *
 * @example
 * emailAddress(identity, 17) // e.g. "zoe.obrien17@gmail.com"
 */
export const emailAddress = (identity: Identity, customerId: number): string => {
  const f = FIRST_ASCII[identity.emailFirst] ?? "x"
  const l = LAST_ASCII[identity.emailLast] ?? "x"
  const domain = EMAIL_DOMAINS[identity.domain] ?? "example.com"
  switch (identity.pattern) {
    case 0:
      return f + "." + l + customerId + "@" + domain
    case 1:
      return f + l + customerId + "@" + domain
    case 2:
      return f.charAt(0) + l + customerId + "@" + domain
    case 3:
      return f + "_" + l + customerId + "@" + domain
    default:
      return l + "." + f + customerId + "@" + domain
  }
}
