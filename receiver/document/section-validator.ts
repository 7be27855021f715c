// Contract validation of one section at a time (the streaming counterpart of validateSnapshot):
// split arrays item by item as they stream, then the rest of the section ("shell") once it is complete.
import type { z } from 'zod';
import { findStrippedKeys, formatPath, sections, type ContractIssue, type SectionName } from '../../snapshot/index.js';
import { compiledFastCheck, fastCheck, type FastCheck } from './fast-check.js';
import { splitPlan, type SplitNode } from './section-plan.js';

export type Path = (string | number)[];

/** An array validated item by item: where it is in the section and the validated items. */
export interface SplitArray {
  path: Path;
  items: unknown[];
}

/** Issues and unknown (stripped) fields found in one document. */
export class ValidationLog {
  static readonly MAX_ISSUES = 100;
  static readonly MAX_UNKNOWN_PATHS = 50;
  readonly issues: ContractIssue[] = [];
  issuesTotal = 0;
  readonly unknownPaths: string[] = [];
  unknownTotal = 0;

  /** Enough issues to reject the file; reading further would only add more of the same. */
  get full(): boolean {
    return this.issuesTotal >= ValidationLog.MAX_ISSUES;
  }

  addIssue(issue: ContractIssue): void {
    this.issuesTotal++;
    if (this.issues.length < ValidationLog.MAX_ISSUES) this.issues.push(issue);
  }

  addZodError(prefix: Path, error: z.ZodError): void {
    for (const i of error.issues) this.addIssue({ path: formatPath([...prefix, ...i.path]), message: i.message, code: i.code });
  }

  /** `total` when more were found than `paths` lists (validateSnapshot caps its list). */
  addUnknown(paths: string[], total = paths.length): void {
    this.unknownTotal += total;
    for (const p of paths) if (this.unknownPaths.length < ValidationLog.MAX_UNKNOWN_PATHS) this.unknownPaths.push(p);
  }
}

const plans = new Map<SectionName, SplitNode | undefined>();

export function sectionPlan(name: SectionName): SplitNode | undefined {
  if (!plans.has(name)) plans.set(name, splitPlan(sections[name]));
  return plans.get(name);
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return root;
}

function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Validates one section whose split arrays were checked item by item while it streamed. */
export class SectionValidator {
  private itemsFailed = false;

  constructor(
    readonly name: SectionName,
    private readonly log: ValidationLog,
  ) {}

  /** The validator of the items of one split array of this section. */
  items(element: z.ZodType, path: Path): ItemValidator {
    return new ItemValidator(element, path, this);
  }

  /** zod's verdict on one item: the validated item, or null (and the section fails). */
  zodItem(element: z.ZodType, item: unknown, path: Path, index: number): unknown {
    const parsed = element.safeParse(item);
    if (!parsed.success) {
      this.itemsFailed = true;
      this.log.addZodError([...path, index], parsed.error);
      return null;
    }
    this.log.addUnknown(findStrippedKeys(item, parsed.data, [...path, index]));
    return parsed.data;
  }

  /** The validated section, or undefined when it (or any of its items) broke the contract. */
  finish(value: unknown, splits: readonly SplitArray[]): unknown {
    // Validate the section with its split arrays emptied, then put the validated items back.
    let shell = value;
    for (const split of splits) shell = setAt(shell, split.path, []);
    const parsed = sections[this.name].safeParse(shell);
    if (!parsed.success) {
      this.log.addZodError([this.name], parsed.error);
      return undefined;
    }
    this.log.addUnknown(findStrippedKeys(shell, parsed.data, [this.name]));
    if (this.itemsFailed) return undefined;
    let output: unknown = parsed.data;
    for (const split of splits) if (Array.isArray(getAt(output, split.path))) output = setAt(output, split.path, split.items);
    return output;
  }
}

/** Compiling an item schema costs about as much as zod checking 2,000 items. */
const FAST_CHECK_AFTER = 2_000;
/** Each item the compiled check refuses costs it and zod: after this many, an array goes back to zod alone. */
const FAST_CHECK_MISSES = 100;

/**
 * Validates the items of one split array. zod checks the first ones; once the array proves big
 * (or the schema's compiled check exists already), the compiled check (fast-check.ts) takes over
 * and zod sees only what it refuses. Either way an item ends up with the same verdict and value.
 */
export class ItemValidator {
  private count = 0;
  private misses = 0;
  private check: FastCheck | undefined;

  constructor(
    private readonly element: z.ZodType,
    private readonly path: Path,
    private readonly section: SectionValidator,
  ) {
    this.check = compiledFastCheck(element);
  }

  /** The validated item, or null when it broke the contract. */
  validate(item: unknown): unknown {
    const index = this.count++;
    if (this.check === undefined && index === FAST_CHECK_AFTER) this.check = fastCheck(this.element);
    if (this.check !== undefined) {
      if (this.check(item)) return item;
      if (++this.misses >= FAST_CHECK_MISSES) this.check = undefined;
    }
    return this.section.zodItem(this.element, item, this.path, index);
  }
}

/** A section that was held as plain JSON (it came before schema_version): validated in one go. */
export function validateWholeSection(name: SectionName, value: unknown, log: ValidationLog): unknown {
  const parsed = sections[name].safeParse(value);
  if (!parsed.success) {
    log.addZodError([name], parsed.error);
    return undefined;
  }
  log.addUnknown(findStrippedKeys(value, parsed.data, [name]));
  return parsed.data;
}
