/*
 * Reads the structure of a revision of the seed document "Moving to
 * Production" — its headings, bullets and numbered items — so that the seed
 * index can be compared with it (verify.ts) and tests can read what the
 * seed says at the place a check traces to.
 */

/** One bullet of a section: its position (`2`, `2.1`), line and text. */
export interface SeedDocumentBullet {
  path: string;
  line: number;
  text: string;
}

/** One numbered item of a section: its number as written, line and text. */
export interface SeedDocumentNumbered {
  number: number;
  line: number;
  text: string;
}

/** A heading of the document and the list items under it. */
export interface SeedDocumentSection {
  heading: string;
  /** 1 for `#`, 2 for `##`, ... */
  depth: number;
  /** 1-based line of the heading; 0 for text before the first heading. */
  line: number;
  bullets: SeedDocumentBullet[];
  numbered: SeedDocumentNumbered[];
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^(\s*)[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}(\d+)[.)]\s+(.*)$/;
const FENCE = /^\s*(```|~~~)/;

/** The sections of a markdown document with their bullets and numbered items. */
export function parseSeedDocument(markdown: string): SeedDocumentSection[] {
  const sections: SeedDocumentSection[] = [];
  let section: SeedDocumentSection = {
    heading: '',
    depth: 0,
    line: 0,
    bullets: [],
    numbered: [],
  };
  // Indents of the open bullet levels and the count at each level; the top
  // level counts on across paragraphs, so a path is a position in the section.
  let indents: number[] = [];
  let counts: number[] = [];
  let topCount = 0;
  let inFence = false;

  markdown.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (FENCE.test(raw)) {
      inFence = !inFence;
      return;
    }
    if (inFence || raw.trim() === '') {
      return;
    }
    const heading = HEADING.exec(raw);
    if (heading) {
      if (
        section.line > 0 ||
        section.bullets.length ||
        section.numbered.length
      ) {
        sections.push(section);
      }
      section = {
        heading: heading[2],
        depth: heading[1].length,
        line,
        bullets: [],
        numbered: [],
      };
      indents = [];
      counts = [];
      topCount = 0;
      return;
    }
    const numbered = NUMBERED.exec(raw);
    if (numbered) {
      section.numbered.push({
        number: Number(numbered[1]),
        line,
        text: numbered[2].trim(),
      });
      indents = [];
      counts = [];
      return;
    }
    const bullet = BULLET.exec(raw);
    if (!bullet) {
      // A paragraph ends any nested list; the next bullet starts at the top.
      if (!/^\s/.test(raw)) {
        indents = [];
        counts = [];
      }
      return;
    }
    const indent = bullet[1].replace(/\t/g, '    ').length;
    if (indents.length === 0 || indent <= indents[0]) {
      indents = [indent];
      counts = [++topCount];
    } else {
      while (indents.length > 1 && indent < indents[indents.length - 1]) {
        indents.pop();
        counts.pop();
      }
      if (indent === indents[indents.length - 1]) {
        counts[counts.length - 1]++;
      } else {
        indents.push(indent);
        counts.push(1);
      }
    }
    section.bullets.push({
      path: counts.join('.'),
      line,
      text: bullet[2].trim(),
    });
  });
  sections.push(section);
  return sections.filter(
    s => s.line > 0 || s.bullets.length > 0 || s.numbered.length > 0,
  );
}
