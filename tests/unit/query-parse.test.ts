import { describe, expect, it } from 'vitest';
import type { Field, QueryNode } from '../../src/lib/query';
import { formatQuery, parseQuery } from '../../src/lib/query';

/** The parsed query, failing the test with the error message if it does not parse. */
function ast(text: string): QueryNode {
  const r = parseQuery(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.ast;
}

/** A one-condition query as [field, operator, value], the shape MLflow's tests use. */
function single(text: string): [Field, string, unknown] {
  const node = ast(text);
  if (node.kind !== 'compare') throw new Error(`${text} is a ${node.kind}`);
  return [node.field, node.op, node.value.value];
}

const metric = (key: string): Field => ({ kind: 'metric', key, summary: 'last' });
const param = (key: string): Field => ({ kind: 'param', key });
const tag = (key: string): Field => ({ kind: 'tag', key });

describe('MLflow filter syntax (SearchUtils tests and docs)', () => {
  it.each<[string, Field, string, unknown]>([
    ['metric.acc >= 0.94', metric('acc'), '>=', 0.94],
    ['metric.acc>=100', metric('acc'), '>=', 100],
    ["params.m!='tf'", param('m'), '!=', 'tf'],
    ['params."m"!="tf"', param('m'), '!=', 'tf'],
    ['metric."legit name" >= 0.243', metric('legit name'), '>=', 0.243],
    ['metrics.XYZ = 3', metric('XYZ'), '=', 3],
    ['params."cat dog" = "pets"', param('cat dog'), '=', 'pets'],
    ['metrics."X-Y-Z" = 3', metric('X-Y-Z'), '=', 3],
    ['metrics."X//Y#$$@&Z" = 3', metric('X//Y#$$@&Z'), '=', 3],
    ["params.model = 'LinearRegression'", param('model'), '=', 'LinearRegression'],
    ['`metric`.a >= 0.1', metric('a'), '>=', 0.1],
    ["`params`.model >= 'LR'", param('model'), '>=', 'LR'],
    ["tags.version = 'commit-hash'", tag('version'), '=', 'commit-hash'],
    ["`tags`.source_name = 'a notebook'", tag('source_name'), '=', 'a notebook'],
    ['metrics."accuracy.2.0" > 5', metric('accuracy.2.0'), '>', 5],
    ['metrics.`spacey name` > 5', metric('spacey name'), '>', 5],
    ['params."p.a.r.a.m" != "a"', param('p.a.r.a.m'), '!=', 'a'],
    ['tags."t.a.g" = "a"', tag('t.a.g'), '=', 'a'],
    ["run.status = 'RUNNING'", { kind: 'text-attribute', name: 'status' }, '=', 'RUNNING'],
    ['attribute.start_time >= 1234', { kind: 'number-attribute', name: 'start_time' }, '>=', 1234],
    ["params.m = 'LR'", param('m'), '=', 'LR'],
    ['params.m = "LR"', param('m'), '=', 'LR'],
    [`params.m = "L'Hosp"`, param('m'), '=', "L'Hosp"],
    ['metrics.accuracy > 0.92', metric('accuracy'), '>', 0.92],
    ['attributes.status = "FAILED"', { kind: 'text-attribute', name: 'status' }, '=', 'FAILED'],
    [
      'attributes.created > 1670628787527',
      { kind: 'number-attribute', name: 'start_time' },
      '>',
      1670628787527
    ],
    [
      'attributes.Created > 1670628787527',
      { kind: 'number-attribute', name: 'start_time' },
      '>',
      1670628787527
    ],
    ['metrics.`f1 score` > 0.5', metric('f1 score'), '>', 0.5],
    ["tags.`mlflow.user` = 'john@mlflow.com'", tag('mlflow.user'), '=', 'john@mlflow.com'],
    [
      'tags."mlflow.runName" = "keras-hyperparam-search"',
      tag('mlflow.runName'),
      '=',
      'keras-hyperparam-search'
    ],
    ['metrics."2019-04-02 error rate" < 1', metric('2019-04-02 error rate'), '<', 1],
    ["metrics.'prediction accuracy' >= 0.945", metric('prediction accuracy'), '>=', 0.945],
    ['metrics.accuracy_score < 99.90', metric('accuracy_score'), '<', 99.9],
    ['metrics.`log-scale-loss` <= 0', metric('log-scale-loss'), '<=', 0],
    ['tags.environment = "notebook"', tag('environment'), '=', 'notebook'],
    ['params.batch_size != "None"', param('batch_size'), '!=', 'None'],
    ["attributes.user_id LIKE 'x'", { kind: 'text-attribute', name: 'user_id' }, '=', 'x']
  ])('%s', (text, field, op, value) => {
    if (text.includes('LIKE')) {
      expect(ast(text)).toMatchObject({ kind: 'like', field, pattern: value });
      return;
    }
    expect(single(text)).toEqual([field, op, value]);
  });

  it('splits the entity at the first dot, like MLflow: metrics.train.loss is key train.loss', () => {
    expect(single('metrics.train.loss < 1')[0]).toEqual(metric('train.loss'));
    expect(single("tags.mlflow.source.type = 'LOCAL'")[0]).toEqual(tag('mlflow.source.type'));
  });

  it('reads the MLflow aliases of run_name and start_time', () => {
    for (const name of ['run_name', 'run name', 'Run name', 'Run Name']) {
      expect(ast(`attributes.\`${name}\` IN ('alpha', 'beta', 'gamma')`)).toMatchObject({
        kind: 'in',
        field: { kind: 'text-attribute', name: 'run_name' },
        values: [{ value: 'alpha' }, { value: 'beta' }, { value: 'gamma' }]
      });
      expect(ast(`attributes.\`${name}\` ILIKE "%alpha%"`)).toMatchObject({ kind: 'like' });
    }
  });

  it('parses every example query of the search-runs guide', () => {
    const examples = [
      'metrics.accuracy > 0.72',
      'metrics."accuracy" > 0.72',
      'metrics.loss <= 0.15',
      'metrics.accuracy != 0.15',
      'metrics.accuracy > 0.72 AND metrics.loss <= 0.15',
      'params.model = "GPT-4o"',
      'params.model LIKE "GPT%"',
      'params.model ILIKE "gPt%"',
      'params.model LIKE "GPT%" AND params.batch_size = "2"',
      'tags."environment" = "notebook"',
      'tags.task ILIKE "classif%"',
      "tags.`model` LIKE 'sklearn%'",
      "tags.`type` ILIKE '%Logistic%'",
      'datasets.name LIKE "custom"',
      "datasets.digest IN ('s8ds293b', 'jks834s2')",
      'datasets.context = "train"',
      "datasets.name IN ('custom', 'also custom', 'another custom name')",
      'attributes.status = "ACTIVE"',
      'attributes.run_name = "my-run"',
      'attributes.run_id = "a1b2c3d4"',
      "attributes.run_id IN ('a1b2c3d4', 'e5f6g7h8')",
      "attributes.artifact_uri = 'models:/mymodel/1'",
      'attributes.end_time < 1664067852747',
      'metrics.accuracy > 0.72 AND metrics.batch_size != 0',
      "metrics.accuracy > 0.72 AND metrics.batch_size != 0 AND attributes.run_id IN ('a1b2c3d4', 'e5f6g7h8')",
      'metrics.loss <= 0.15 AND metrics.loss >= 0.1',
      "metrics.rmse < 0.9 and tags.production = 'true'",
      "params.model = 'CNN' and params.layers = '10' and metrics.`prediction accuracy` >= 0.945",
      `
attributes.run_id IN ('22db81f070f6413588641c8c343cdd72','c3680e37d0fa44eb9c9fb7828f6b5481')
  AND metrics.loss > 0.3
  AND metrics."f1 score" < 0.5
  AND params.model LIKE "GPT%"
`,
      'tags.version IS NULL',
      'tags.version IS NOT NULL',
      'params.lr IS NULL',
      "tags.a IS NULL AND params.b = 'val'",
      ''
    ];
    for (const text of examples) expect(parseQuery(text), text).toMatchObject({ ok: true });
  });

  it('warns that dataset and artifact_uri conditions cannot match in Runlens', () => {
    const r = parseQuery("datasets.name = 'x' AND attributes.artifact_uri = 'y'");
    expect(r.ok && r.warnings.map((w) => w.position)).toEqual([0, 24]);
  });
});

describe('warnings', () => {
  it('flag status and lifecycle values no run can have', () => {
    const r = parseQuery("status = 'finished' OR status IN ('FAILED', 'ACTIVE')");
    expect(r.ok && r.warnings.map((w) => [w.message, w.position])).toEqual([
      [
        "no run has status 'finished' (values are RUNNING, SCHEDULED, FINISHED, FAILED, KILLED; did you mean FINISHED?)",
        0
      ],
      ["no run has status 'ACTIVE' (values are RUNNING, SCHEDULED, FINISHED, FAILED, KILLED)", 23]
    ]);
    const ok = parseQuery("status = 'FINISHED' AND lifecycle_stage != 'active'");
    expect(ok.ok && ok.warnings).toEqual([]);
  });
});

describe('extensions', () => {
  it('gives AND precedence over OR, and NOT over AND', () => {
    const q = ast('metrics.a > 1 OR metrics.b > 1 AND NOT metrics.c > 1');
    expect(q).toMatchObject({
      kind: 'or',
      children: [{ kind: 'compare' }, { kind: 'and', children: [{}, { kind: 'not' }] }]
    });
    expect(ast('(metrics.a > 1 OR metrics.b > 1) AND metrics.c > 1').kind).toBe('and');
  });

  it('reads ranges as BETWEEN and as chained comparisons', () => {
    expect(ast('metrics.lr BETWEEN 0.001 AND 0.1')).toMatchObject({
      kind: 'range',
      low: { value: 0.001 },
      high: { value: 0.1 },
      lowInclusive: true,
      highInclusive: true
    });
    expect(ast('0.001 <= metrics.lr < 0.1')).toMatchObject({
      kind: 'range',
      lowInclusive: true,
      highInclusive: false
    });
    expect(ast('0.1 > metrics.lr >= 0.001')).toMatchObject({
      kind: 'range',
      low: { value: 0.001 },
      high: { value: 0.1 },
      lowInclusive: true,
      highInclusive: false
    });
    expect(ast('0.5 < metrics.acc')).toMatchObject({
      kind: 'compare',
      op: '>',
      value: { value: 0.5 }
    });
    expect(ast('metrics.lr NOT BETWEEN 1 AND 2')).toMatchObject({ kind: 'range', negated: true });
  });

  it('reads summary functions, IS NULL on any entity, regexes and numeric params', () => {
    expect(ast('min(metrics.loss) < 0.2')).toMatchObject({ field: { summary: 'min' } });
    expect(ast('last_step(metrics.loss) >= 100')).toMatchObject({ field: { summary: 'lastStep' } });
    expect(ast('COUNT(metrics."a b") > 3')).toMatchObject({
      field: { key: 'a b', summary: 'count' }
    });
    expect(ast('metrics.acc IS NULL')).toMatchObject({ kind: 'null', negated: false });
    expect(ast('attributes.end_time IS NOT NULL')).toMatchObject({ kind: 'null', negated: true });
    expect(ast("params.model REGEXP 'tree|forest'")).toMatchObject({
      kind: 'regex',
      negated: false
    });
    expect(ast("params.model ~ '^x'")).toMatchObject({ kind: 'regex', negated: false });
    expect(ast("params.model !~ '^x'")).toMatchObject({ kind: 'regex', negated: true });
    expect(ast("params.model NOT LIKE 'x%'")).toMatchObject({ kind: 'like', negated: true });
    expect(ast('params.lr > 0.01')).toMatchObject({ value: { type: 'number', value: 0.01 } });
    expect(ast("params.lr > '0.01'")).toMatchObject({ value: { type: 'string', value: '0.01' } });
    expect(ast('deleted = true')).toMatchObject({
      field: { kind: 'deleted' },
      value: { value: true }
    });
    expect(ast("format = 'mlflow'")).toMatchObject({ field: { name: 'source' } });
    expect(ast("start_time >= '2024-05-01'")).toMatchObject({
      value: { value: Date.UTC(2024, 4, 1) }
    });
  });

  it("doubles a quote to put it in a string: 'it''s'", () => {
    expect(single("params.m = 'it''s'")[2]).toBe("it's");
    expect(single('params.m = "say ""hi"""')[2]).toBe('say "hi"');
    expect(single('metrics.`a``b` = 1')[0]).toEqual(metric('a`b'));
  });

  it('keeps __proto__ and other awkward keys as plain keys', () => {
    expect(single("params.__proto__ = 'x'")[0]).toEqual(param('__proto__'));
    expect(single("params.constructor = 'x'")[0]).toEqual(param('constructor'));
  });
});

describe('errors say where and why', () => {
  it.each<[string, string, number, number]>([
    ['metrics.rmse < 1 and metrics.x <', "expected a value after '<' at column 33", 32, 0],
    ['metrix.loss < 1', "unknown entity 'metrix' (did you mean metrics?)", 0, 6],
    ['attri.x != 1', "unknown entity 'attri' (did you mean attributes?)", 0, 5],
    ['params.model = tree', 'params compare as text: quote the value or use a number', 15, 4],
    ["params.model = 'tree", 'unclosed quote: the text starting at column 16', 15, 5],
    ['`metrics.A > 0.1', 'unclosed backtick', 0, 16],
    ["foo = 'x'", "unknown attribute 'foo'. Attributes are run_id, run_name, status", 0, 3],
    ["attribute._status != 'RUNNING'", 'did you mean status?', 10, 7],
    ['metrics.a > 1 metrics.b < 2', "expected AND or OR at column 15, found 'metrics.b'", 14, 9],
    [
      "metrics.A > 0.1 NAND params.B = 'LR'",
      "expected AND or OR at column 17, found 'NAND'",
      16,
      4
    ],
    ['(metrics.a > 1', "missing ')' to close the '(' at column 1", 0, 1],
    ['metrics.a > 1)', "unexpected ')' at column 14", 13, 1],
    ["params.m REGEXP '(a'", 'invalid regular expression at column 17: missing closing )', 16, 4],
    ["metrics.a LIKE 'x%'", 'LIKE compares text, but metrics are numbers', 10, 4],
    [
      "metrics.a > 'high'",
      "metrics compare as numbers: 'high' at column 13 is not a number",
      12,
      6
    ],
    ['metrics.a IN ()', 'IN needs at least one value', 14, 1],
    ['metrics.a BETWEEN 1 OR 2', 'expected AND after the lower bound of BETWEEN', 20, 2],
    ['min(params.x) < 1', 'min() applies to metrics only', 0, 13],
    ['metrics. < 1', "expected a metric name after 'metrics.'", 0, 8],
    ['metrics < 1', "expected '.' and a key after 'metrics'", 0, 7],
    ['status = 1', "status compares as text: quote the value, e.g. '1'", 9, 1],
    ['metric.acc >= 0.94; metrics.rmse < 1', "unexpected ';' at column 19", 18, 1],
    ['1 < metrics.a > 2', 'a range needs both comparisons to point the same way', 14, 1],
    ['metrics.acc != metrics.acc', 'comparing two fields is not supported', 15, 11],
    ["attribute.status IS 'RUNNING'", 'expected NULL or NOT NULL after IS', 20, 9],
    ['params.acc = `LR`', 'backticks are for names', 13, 4],
    ['metrics.a > 1 OR', 'expected a condition after OR at column 17', 16, 0],
    ["dataset.status = 'true'", "unknown dataset key 'status'", 8, 6],
    ['deleted > 1', 'deleted is true or false', 8, 1],
    ["metrics.a > 1 && params.b = 'x'", "write AND instead of '&&'", 14, 2],
    ['1=1', 'expected a field such as metrics.loss at column 3', 2, 1],
    ['params.acc LR', "expected a comparison after 'params.acc' at column 12", 11, 2]
  ])('%s', (text, message, position, length) => {
    const r = parseQuery(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain(message);
    expect([r.error.position, r.error.length]).toEqual([position, length]);
  });

  it('still rejects what MLflow rejects and Runlens does not extend', () => {
    const rejected = [
      'm.acc >= 0.94',
      'acc >= 0.94',
      "p.model >= 'LR'",
      'a.x != 1',
      "model >= 'LR'",
      'param`.A > 0.1',
      'dummy`.A > 0.1',
      'attribute.start != 1',
      'attribute.time != 1',
      'attribute.status = true',
      'attribute.status = 1',
      "metric.model = 'LR'",
      'params.acc = LR',
      'tags.acc = LR',
      "params.'acc = LR",
      "params.acc = LR'",
      'params.acc = "LR\'',
      "tags.acc = = 'LR'",
      'params.acc LR !=',
      'metric.acc !=',
      'acc != 1.0',
      'foo is null',
      '1==2',
      'metrics.abc ~ 1.0',
      'metrics.abc ~= 1.0',
      'attributes.start_time LIKE 1234',
      "dataset.profile = 'num_rows: 10'"
    ];
    for (const text of rejected) expect(parseQuery(text).ok, text).toBe(false);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const deep = '('.repeat(5000) + 'metrics.a > 1' + ')'.repeat(5000);
    const r = parseQuery(deep);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('nests more than 100 levels');
    expect(parseQuery('NOT '.repeat(5000) + 'metrics.a > 1').ok).toBe(false);
    const wide = Array.from({ length: 5000 }, (_, i) => `metrics.m${i} > ${i}`).join(' OR ');
    expect(parseQuery(wide).ok).toBe(true);
  });
});

describe('formatQuery', () => {
  it('prints a query that parses back to the same query', () => {
    const texts = [
      "metrics.rmse < 1 and params.model_class = 'LogisticRegression'",
      "(metrics.a > 1 OR NOT params.b = 'x''y') AND tags.`a b` IS NOT NULL",
      "0.001 <= metrics.lr < 0.1 OR metrics.lr NOT BETWEEN 2 AND 3 OR params.m NOT IN ('a', 1)",
      "max(metrics.`train/loss`) >= -inf AND params.m ILIKE '%x\\_%' AND params.r !~ '(?i)tree'",
      "deleted = false AND experiment = 'e' AND start_time > 5 AND datasets.name = 'd'"
    ];
    const strip = (n: QueryNode): unknown =>
      JSON.parse(JSON.stringify(n, (k, v) => (k === 'span' ? undefined : v)));
    for (const text of texts) {
      const printed = formatQuery(ast(text));
      expect(strip(ast(printed)), printed).toEqual(strip(ast(text)));
    }
  });
});
