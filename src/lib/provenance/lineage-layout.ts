/**
 * Places a lineage graph's boxes in columns, left to right in the order things happened (data,
 * runs, models, versions), and draws each edge as a curve from the right side of one box to the
 * left side of the next; an edge within a column (a parent above its run) drops straight down.
 * Empty columns are left out and named, so the panel can say what the export does not state.
 */

export type LineageKind = 'dataset' | 'run' | 'model' | 'version' | 'more';

export interface NodeDraft {
  id: string;
  kind: LineageKind;
  label: string;
  detail: string;
  href: string | null;
  current?: boolean;
}

export interface LineageNode extends Omit<NodeDraft, 'current'> {
  current: boolean;
  x: number;
  y: number;
}

export interface LineageEdge {
  from: string;
  to: string;
  /** SVG path data. */
  path: string;
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** Column titles with their x, for the headings. */
  columns: { title: string; x: number }[];
  /** Titles of the columns the export gave nothing for. */
  missing: string[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 44;
const COLUMN_GAP = 60;
const ROW_GAP = 12;
/** How far an edge between two boxes of one column bows out to the right. */
const BOW = 28;
/** Room for the column headings above the boxes. */
const TOP = 22;
/** At most this many boxes per column; the rest are counted in one "+ N more" box. */
export const MAX_PER_COLUMN = 8;

interface Column {
  title: string;
  nodes: NodeDraft[];
}

/** Keeps a column small: past the cap, one box counts the rest and takes their edges. */
function capped(column: Column, rename: Map<string, string>): NodeDraft[] {
  if (column.nodes.length <= MAX_PER_COLUMN) return column.nodes;
  const shown = column.nodes.slice(0, MAX_PER_COLUMN - 1);
  const rest = column.nodes.slice(MAX_PER_COLUMN - 1);
  const more: NodeDraft = {
    id: `more:${column.title}`,
    kind: 'more',
    label: `+ ${rest.length} more`,
    detail: column.title.toLowerCase(),
    href: null
  };
  for (const n of rest) rename.set(n.id, more.id);
  return [...shown, more];
}

export function lineageLayout(columns: Column[], edges: [string, string][]): LineageGraph {
  const rename = new Map<string, string>();
  const kept = columns.filter((c) => c.nodes.length > 0);
  const placed = kept.map((c) => capped(c, rename));
  const tallest = Math.max(1, ...placed.map((c) => c.length));
  const height = TOP + tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP;
  const nodes: LineageNode[] = [];
  const byId = new Map<string, { node: LineageNode; column: number }>();
  placed.forEach((column, ci) => {
    const x = ci * (NODE_WIDTH + COLUMN_GAP);
    const used = column.length * NODE_HEIGHT + (column.length - 1) * ROW_GAP;
    // Short columns sit in the middle of the tallest, so curves stay short.
    const top = TOP + (height - TOP - used) / 2;
    column.forEach((draft, ri) => {
      const node: LineageNode = {
        ...draft,
        current: draft.current ?? false,
        x,
        y: top + ri * (NODE_HEIGHT + ROW_GAP)
      };
      nodes.push(node);
      byId.set(node.id, { node, column: ci });
    });
  });
  const seen = new Set<string>();
  const out: LineageEdge[] = [];
  for (const [rawFrom, rawTo] of edges) {
    const from = byId.get(rename.get(rawFrom) ?? rawFrom);
    const to = byId.get(rename.get(rawTo) ?? rawTo);
    if (!from || !to || from === to) continue;
    const id = `${from.node.id}\u0001${to.node.id}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ from: from.node.id, to: to.node.id, path: edgePath(from, to) });
  }
  return {
    nodes,
    edges: out,
    columns: kept.map((c, ci) => ({ title: c.title, x: ci * (NODE_WIDTH + COLUMN_GAP) })),
    missing: columns.filter((c) => c.nodes.length === 0).map((c) => c.title),
    width: placed.length * NODE_WIDTH + (placed.length - 1) * COLUMN_GAP + BOW,
    height
  };
}

function edgePath(
  from: { node: LineageNode; column: number },
  to: { node: LineageNode; column: number }
): string {
  const a = from.node;
  const b = to.node;
  if (from.column === to.column) {
    // Next to each other (a parent above its run): straight down or up. Further apart: a bow
    // out to the right, so the line passes no box between them.
    if (Math.abs(a.y - b.y) <= NODE_HEIGHT + ROW_GAP) {
      const x = a.x + NODE_WIDTH / 2;
      return a.y < b.y
        ? `M${x},${a.y + NODE_HEIGHT} L${x},${b.y}`
        : `M${x},${a.y} L${x},${b.y + NODE_HEIGHT}`;
    }
    const x = a.x + NODE_WIDTH;
    const ya = a.y + NODE_HEIGHT / 2;
    const yb = b.y + NODE_HEIGHT / 2;
    return `M${x},${ya} C${x + BOW},${ya} ${x + BOW},${yb} ${x},${yb}`;
  }
  const x1 = a.x + NODE_WIDTH;
  const y1 = a.y + NODE_HEIGHT / 2;
  const x2 = b.x;
  const y2 = b.y + NODE_HEIGHT / 2;
  const bend = (x2 - x1) / 2;
  return `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
}
