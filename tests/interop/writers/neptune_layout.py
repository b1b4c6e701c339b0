"""neptune-exporter's on-disk layout, rebuilt with pyarrow for the tests.

neptune-exporter (github.com/neptune-ai/neptune-exporter) is not published on PyPI and needs
Neptune's servers to export anything, so the tests cannot run it. What it writes is small and
fixed, and is copied here by reading its source (read 2026-11; docs/neptune.md):

- src/neptune_exporter/model.py SCHEMA: the columns and Arrow types below, verbatim.
- src/neptune_exporter/utils.py sanitize_path_part: folder and file names.
- src/neptune_exporter/storage/parquet_writer.py ParquetWriter: one pyarrow ParquetWriter per
  run, Snappy, `<run>_part_<n>.parquet` rolled over past a size, written as `.tmp` and renamed
  when the run is done; older versions wrote `part_<n>.parquet` per project.
- exporters/neptune2.py, neptune3.py: RecordBatch.from_pandas(..., schema=SCHEMA), which stores a
  NaN float as null; files saved under `<files>/<sanitized project>/` with the path relative to it.

The Parquet itself is written by pyarrow's ParquetWriter, the exporter's own writer library.
"""

import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SCHEMA = pa.schema(
    [
        ("project_id", pa.string()),
        ("run_id", pa.string()),
        ("attribute_path", pa.string()),
        ("attribute_type", pa.string()),
        ("step", pa.decimal128(18, 6)),
        ("timestamp", pa.timestamp("ms", tz="UTC")),
        ("int_value", pa.int64()),
        ("float_value", pa.float64()),
        ("string_value", pa.string()),
        ("bool_value", pa.bool_()),
        ("datetime_value", pa.timestamp("ms", tz="UTC")),
        ("string_set_value", pa.list_(pa.string())),
        (
            "file_value",
            pa.struct(
                [
                    ("path", pa.string()),
                ]
            ),
        ),
        (
            "histogram_value",
            pa.struct(
                [
                    ("type", pa.string()),
                    ("edges", pa.list_(pa.float64())),
                    ("values", pa.list_(pa.float64())),
                ]
            ),
        ),
    ]
)


def sanitize_path_part(part: str) -> str:
    """As the exporter names folders and files: unsafe characters to `_`, plus a digest."""
    safe = "".join(c if c.isalnum() or c in ("_", "-") else "_" for c in part)
    return safe + "-" + hashlib.blake2b(part.encode("utf-8"), digest_size=8).hexdigest()


def row(project_id, run_id, path, type_, **values):
    """One attribute row; every column the value does not use is null."""
    out = {field.name: None for field in SCHEMA}
    out.update(project_id=project_id, run_id=run_id, attribute_path=path, attribute_type=type_)
    out.update(values)
    return out


def batch(rows, nan_as_null=True):
    """A RecordBatch as the exporter makes it (from_pandas turns a NaN float into null)."""
    if nan_as_null:
        rows = [
            {**r, "float_value": None}
            if isinstance(r["float_value"], float) and r["float_value"] != r["float_value"]
            else r
            for r in rows
        ]
    return pa.RecordBatch.from_pylist(rows, schema=SCHEMA)


class RunParts:
    """The exporter's per-run writer: parts of about `part_bytes`, renamed when the run is done."""

    def __init__(self, data_dir, project_id, run_id, part_bytes, entity_scope=None):
        # export-models puts models and model versions in <project>/<entity_scope>/.
        self.folder = data_dir / sanitize_path_part(project_id)
        if entity_scope:
            self.folder = self.folder / entity_scope
        self.folder.mkdir(parents=True, exist_ok=True)
        self.prefix = sanitize_path_part(run_id)
        self.part_bytes = part_bytes
        self.paths = []
        self.writer = None

    def save(self, record_batch):
        if self.writer is not None and self.paths[-1].stat().st_size > self.part_bytes:
            self.writer.close()
            self.writer = None
        if self.writer is None:
            path = self.folder / f"{self.prefix}_part_{len(self.paths)}.parquet.tmp"
            self.paths.append(path)
            self.writer = pq.ParquetWriter(path, record_batch.schema, compression="snappy")
        self.writer.write_batch(record_batch)

    def finish(self, rename=True):
        """Closes the part; an interrupted export leaves its `.tmp` files (rename=False)."""
        if self.writer is not None:
            self.writer.close()
        if rename:
            for path in reversed(self.paths):
                path.rename(path.with_suffix(""))
        return [p.with_suffix("") if rename else p for p in self.paths]


def write_project_parts(data_dir: Path, project_id: str, batches):
    """The older layout: every run of a project in `part_0.parquet`."""
    folder = data_dir / sanitize_path_part(project_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "part_0.parquet"
    with pq.ParquetWriter(path, SCHEMA, compression="snappy") as writer:
        for b in batches:
            writer.write_batch(b)
    return path
