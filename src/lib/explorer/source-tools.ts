/**
 * The tool that wrote a run, named the way people name it ("MLflow", "TensorBoard"), derived from
 * the id of the importer that read it (`run.source.format`, stored as `RunRow.sourceFormat`).
 * Several importers read one tool's files (MLflow's mlruns folder, its CSV, its REST answers), so
 * the badge and the `tool` filter name the tool, while `source` keeps the exact importer id.
 */

/** Importer-id prefixes and the tool they belong to; the first match wins. */
const TOOLS: readonly (readonly [prefix: string, tool: string])[] = [
  // Runs fetched from a live tracking server (not files): the badge says where they came from.
  ['mlflow-server', 'MLflow server'],
  ['mlflow', 'MLflow'],
  ['tensorboard', 'TensorBoard'],
  ['wandb', 'W&B'],
  ['sacred', 'Sacred'],
  ['aim', 'Aim'],
  ['json-logs', 'JSON'],
  ['runlens', 'Runlens'],
  ['keras', 'Keras'],
  ['lightning', 'Lightning'],
  ['dvc', 'DVC'],
  ['hf-', 'Hugging Face'],
  ['ultralytics', 'Ultralytics']
];

/** The tool name for an importer id; an id no tool is known for is shown as it is. */
export function sourceTool(format: string): string {
  const id = format.toLowerCase();
  for (const [prefix, tool] of TOOLS) {
    if (id === prefix || id.startsWith(prefix)) return tool;
  }
  return format;
}

/** Whether an importer id has a tool name of its own (not the id shown as it is). */
export function hasKnownTool(format: string): boolean {
  const id = format.toLowerCase();
  return TOOLS.some(([prefix]) => id === prefix || id.startsWith(prefix));
}
