import { parseSeedDocument, SeedDocumentSection } from './document';
import type { SeedRevision } from './types';

/*
 * Compares a revision of the seed index with a seed document, both ways:
 * every section and item the index names must be in the document, and every
 * section, numbered item and bullet of the document must be in the index.
 * A bullet counts as indexed when an entry sits on it or on one of its
 * sub-bullets (a bullet that only introduces its sub-bullets).
 */

const headingOf = (heading: string, depth: number) =>
  `"${'#'.repeat(depth)} ${heading}"`;

/** What is wrong with the index itself (problems the comparison would hide). */
function indexProblems(revision: SeedRevision): string[] {
  const problems: string[] = [];
  const sectionIds = new Set(revision.sections.map(s => s.id));
  const seen = new Set<string>();
  for (const entry of revision.entries) {
    if (seen.has(entry.id)) {
      problems.push(`the index lists entry ${entry.id} twice`);
    }
    seen.add(entry.id);
    if (!sectionIds.has(entry.section)) {
      problems.push(
        `the index entry ${entry.id} names section ${entry.section}, which the index does not list`,
      );
    }
    if ((entry.bullet === undefined) === (entry.number === undefined)) {
      problems.push(
        `the index entry ${entry.id} must sit on either a bullet or a numbered item`,
      );
    }
  }
  return problems;
}

function compareSection(
  heading: string,
  section: SeedDocumentSection,
  revision: SeedRevision,
  sectionId: string,
): string[] {
  const problems: string[] = [];
  const entries = revision.entries.filter(e => e.section === sectionId);

  const numbers = new Set(entries.flatMap(e => e.number ?? []));
  const written = new Map<number, number>();
  for (const item of section.numbered) {
    if (written.has(item.number)) {
      problems.push(
        `the document numbers two items ${
          item.number
        } in ${heading} (lines ${written.get(item.number)} and ${item.line})`,
      );
    }
    written.set(item.number, item.line);
    if (!numbers.has(item.number)) {
      problems.push(
        `the document has item ${item.number} in ${heading} (line ${item.line}) that the index does not list`,
      );
    }
  }
  for (const number of numbers) {
    if (!written.has(number)) {
      problems.push(
        `the index names item ${number} of ${heading}, which the document does not have`,
      );
    }
  }

  const positions = new Set(entries.flatMap(e => e.bullet ?? []));
  const bullets = new Set(section.bullets.map(b => b.path));
  for (const bullet of section.bullets) {
    const indexed = [...positions].some(
      p => p === bullet.path || p.startsWith(`${bullet.path}.`),
    );
    if (!indexed) {
      problems.push(
        `the document has bullet ${bullet.path} in ${heading} (line ${bullet.line}) that the index does not list`,
      );
    }
  }
  for (const position of positions) {
    if (!bullets.has(position)) {
      problems.push(
        `the index names bullet ${position} of ${heading}, which the document does not have`,
      );
    }
  }
  return problems;
}

/**
 * The differences between a revision of the index and a document, as
 * sentences naming the heading, item and line; empty when they match.
 */
export function verifySeedDocument(
  markdown: string,
  revision: SeedRevision,
): string[] {
  const problems = indexProblems(revision);
  const sections = parseSeedDocument(markdown);
  const used = new Set<SeedDocumentSection>();
  for (const indexed of revision.sections) {
    const heading = headingOf(indexed.heading, indexed.depth);
    const matches = sections.filter(
      s => s.heading === indexed.heading && s.depth === indexed.depth,
    );
    if (matches.length === 0) {
      problems.push(
        `the index names section ${heading}, which the document does not have`,
      );
      continue;
    }
    if (matches.length > 1) {
      problems.push(
        `the document has section ${heading} twice (lines ${matches
          .map(m => m.line)
          .join(' and ')})`,
      );
    }
    used.add(matches[0]);
    problems.push(...compareSection(heading, matches[0], revision, indexed.id));
  }
  for (const section of sections) {
    if (used.has(section)) continue;
    const where =
      section.line > 0
        ? `section ${headingOf(section.heading, section.depth)} (line ${
            section.line
          })`
        : 'text before the first heading';
    if (
      section.heading &&
      !revision.sections.some(
        s => s.heading === section.heading && s.depth === section.depth,
      )
    ) {
      problems.push(`the document has ${where} that the index does not list`);
    } else if (
      !section.heading &&
      (section.bullets.length || section.numbered.length)
    ) {
      problems.push(
        `the document has list items in ${where} that the index does not list`,
      );
    }
  }
  return problems;
}
