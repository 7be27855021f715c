// Which arrays of a section are validated item by item while the file streams, so that a big
// section is held once (validated items), not twice (raw JSON values + validated copy).
import type { z } from 'zod';

/** A node of a section's schema: an array whose items are checked one by one, or an object with such arrays inside. */
export interface SplitNode {
  /** Set when this node is an array validated item by item: the schema of one item. */
  element?: z.ZodType;
  children?: Map<string, SplitNode>;
}

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  checks?: unknown[];
}

function def(schema: z.ZodType): ZodDef {
  return (schema as unknown as { _zod: { def: ZodDef } })._zod.def;
}

/** Strips optional / nullable / default wrappers (they only matter for the array as a whole). */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let d = def(current); (d.type === 'optional' || d.type === 'nullable' || d.type === 'default') && d.innerType; d = def(current)) {
    current = d.innerType;
  }
  return current;
}

const MAX_PLAN_DEPTH = 3;

/**
 * Arrays of objects without array-level checks (a `.max(50)` must see the whole array) are split;
 * objects are searched for such arrays a few levels down. Undefined when nothing can be split.
 */
export function splitPlan(schema: z.ZodType, depth = 0): SplitNode | undefined {
  const inner = unwrap(schema);
  const d = def(inner);
  if (d.type === 'array' && d.element && (d.checks?.length ?? 0) === 0 && def(unwrap(d.element)).type === 'object') {
    return { element: d.element };
  }
  if (d.type === 'object' && d.shape && depth < MAX_PLAN_DEPTH) {
    const children = new Map<string, SplitNode>();
    for (const [key, child] of Object.entries(d.shape)) {
      const plan = splitPlan(child, depth + 1);
      if (plan) children.set(key, plan);
    }
    return children.size > 0 ? { children } : undefined;
  }
  return undefined;
}
