// Mutations of a valid token: every way a link gets damaged or forged — flipped, dropped, added and swapped
// characters, other ids, kinds and versions, foreign signatures, truncation, encoded separators. Deterministic
// (seeded), and never a spelling the server would rightly read as the original token.

/** A small seeded PRNG (mulberry32), so a failing run can be repeated exactly. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (token: string, rnd: () => number, alphabet: string, donors: string[]) => string;

const pick = <T>(items: readonly T[], rnd: () => number) => items[Math.floor(rnd() * items.length)];
const at = (s: string, rnd: () => number) => Math.floor(rnd() * s.length);
const bumpNumber = (n: string, rnd: () => number) => String(Math.max(0, Number(n) + pick([-2, -1, 1, 2, 7, 1000, 2 ** 31], rnd)));
const oddities = ['.', '-', '_', '=', '+', '%00', '%2e', '%2F', '%5C', '%20', '%0A', '~', '*', '..', '%C3%A9', '%EF%BC%A1', '\u0000'];

const mutations: Mutation[] = [
  // Flip one character anywhere, or in the signature alone.
  (t, rnd, abc) => {
    const i = at(t, rnd);
    return t.slice(0, i) + pick([...abc], rnd) + t.slice(i + 1);
  },
  (t, rnd, abc) => {
    const i = t.length - 1 - Math.floor(rnd() * 20);
    return t.slice(0, i) + pick([...abc], rnd) + t.slice(i + 1);
  },
  // Another number in one of the numeric fields (ticket, holder, version).
  (t, rnd) => {
    const numbers = [...t.matchAll(/\d+/g)];
    const m = pick(numbers, rnd);
    if (!m) return t;
    return t.slice(0, m.index) + bumpNumber(m[0], rnd) + t.slice(m.index! + m[0].length);
  },
  // Leading zeros: the same number spelt differently.
  (t, rnd) => {
    const m = pick([...t.matchAll(/\d+/g)], rnd);
    if (!m) return t;
    return t.slice(0, m.index) + '0' + t.slice(m.index!);
  },
  // Another holder kind.
  (t, rnd) => t.replace(/([.-])([acp])(\d)/, (_, sep, kind, d) => `${sep}${pick(['a', 'c', 'p', 'x', 'C', 'P'].filter((k) => k !== kind), rnd)}${d}`),
  // Truncated, extended, a character dropped, two swapped.
  (t, rnd) => t.slice(0, Math.max(1, at(t, rnd))),
  (t, rnd, abc) => t + Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick([...abc], rnd)).join(''),
  (t, rnd) => {
    const i = at(t, rnd);
    return t.slice(0, i) + t.slice(i + 1);
  },
  (t, rnd) => {
    const i = Math.min(t.length - 2, at(t, rnd));
    return t.slice(0, i) + t[i + 1] + t[i] + t.slice(i + 2);
  },
  // The case of one letter changed.
  (t, rnd) => {
    const letters = [...t.matchAll(/[A-Za-z]/g)];
    const m = pick(letters, rnd);
    if (!m) return t;
    const c = m[0] === m[0].toLowerCase() ? m[0].toUpperCase() : m[0].toLowerCase();
    return t.slice(0, m.index) + c + t.slice(m.index! + 1);
  },
  // A signature taken from another valid token.
  (t, rnd, _abc, donors) => {
    const donor = pick(donors, rnd);
    const sep = t.includes('.') ? '.' : '-';
    return t.slice(0, t.lastIndexOf(sep)) + donor.slice(donor.lastIndexOf(sep));
  },
  // The body of another valid token with this signature.
  (t, rnd, _abc, donors) => {
    const donor = pick(donors, rnd);
    const sep = t.includes('.') ? '.' : '-';
    return donor.slice(0, donor.lastIndexOf(sep)) + t.slice(t.lastIndexOf(sep));
  },
  // Odd characters and encoded separators inserted.
  (t, rnd) => {
    const i = at(t, rnd);
    return t.slice(0, i) + pick(oddities, rnd) + t.slice(i);
  },
  // Fields repeated, or the token twice.
  (t, rnd) => (rnd() < 0.5 ? `${t}${t.includes('.') ? '.' : '-'}${t}` : t.replace(/[.-]/, (s) => s + s)),
];

function decodes(candidate: string): string | null {
  try {
    return decodeURIComponent(candidate);
  } catch {
    return null;
  }
}

/**
 * `count` distinct mutations of `token`. `same` says when a spelling is rightly the same token (reply-address
 * tokens are case-insensitive); such spellings of the token or of a donor (another valid token), and ones that
 * URL-decode to them, are skipped.
 */
export function mutateToken(token: string, count: number, { seed, alphabet, donors, same = (a: string, b: string) => a === b }: { seed: number; alphabet: string; donors: string[]; same?: (a: string, b: string) => boolean }): string[] {
  const rnd = random(seed);
  const out = new Set<string>();
  let guard = 0;
  while (out.size < count && guard++ < count * 50) {
    let candidate = pick(mutations, rnd)(token, rnd, alphabet, donors);
    // Sometimes two mutations at once.
    if (rnd() < 0.2) candidate = pick(mutations, rnd)(candidate, rnd, alphabet, donors);
    const decoded = decodes(candidate);
    // Never the token itself, nor another valid token (a donor): those are not forgeries.
    const valid = [token, ...donors];
    if (!candidate || valid.some((v) => same(candidate, v) || (decoded !== null && same(decoded, v)))) continue;
    out.add(candidate);
  }
  return [...out];
}

/** A mutated token as it goes into a path: characters outside the URL's path alphabet are percent-encoded. */
export const inPath = (token: string) => token.replace(/[^A-Za-z0-9._~%+=*-]/g, (c) => encodeURIComponent(c));
