/**
 * The importer id of runs read from a live server, on its own so the page can tell server runs
 * apart without loading the JSON mapping (which reaches the provenance rules and a YAML parser:
 * 30 KB of the start page's JavaScript when the page imported the id from map-json.ts).
 */
export const SERVER_FORMAT = 'mlflow-server';
