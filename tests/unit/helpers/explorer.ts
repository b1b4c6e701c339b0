// The explorer's engine over plain batches, as the app stores them (through prepareImport), and
// a view request with every field at its default.
import { prepareImport, type BatchFromFile } from '../../../src/lib/db/prepare';
import { ExplorerService } from '../../../src/lib/explorer/explorer-service';
import type { ExplorerRequest } from '../../../src/lib/explorer/explorer-types';

/** One import per list of batches, each with its own import id (`imp-0`, `imp-1`…). */
export function explorerOver(imports: BatchFromFile[][]): ExplorerService {
  const prepared = imports.map((parsed, i) => prepareImport(`imp-${i}`, parsed, i));
  return new ExplorerService({
    readLibrary: async () => ({
      runs: prepared.flatMap((p) => p.runs),
      experiments: prepared.flatMap((p) => p.experiments),
      imports: prepared.map((p) => p.importRow)
    }),
    readSeries: () => Promise.reject(new Error('not needed'))
  });
}

/** A view request: no filter, every experiment, the tree and default columns unless overridden. */
export function viewRequest(over: Partial<ExplorerRequest> = {}): ExplorerRequest {
  return {
    query: '',
    quickSearch: '',
    showDeleted: false,
    experiments: null,
    sort: [],
    tree: true,
    collapseAll: false,
    toggled: [],
    defaultColumns: true,
    ...over
  };
}
