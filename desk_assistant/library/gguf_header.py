"""Fast GGUF header reading: metadata and tensor infos, never the weights.

gguf-py's ``GGUFReader`` builds numpy views of every array and takes ~10 s on a 262k-token vocabulary.
Here the file is memory-mapped and long arrays (the vocabulary, merges, scores) are skipped by
arithmetic, so a header reads in ~0.1 s. Only metadata is interpreted; the engine decides whether it
can run the architecture.

Format reference: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
"""

from __future__ import annotations

import mmap
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk_assistant.core.errors import ModelFileError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP, LocalText

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
DEFAULT_ALIGNMENT = 32
# Arrays longer than this are recorded only by their length (the vocabulary has 32k-262k entries).
MAX_ARRAY_ITEMS = 64

# GGUF metadata value types -> struct format (fixed-size scalars only).
_SCALAR_FORMATS = {
    0: "<B",  # uint8
    1: "<b",  # int8
    2: "<H",  # uint16
    3: "<h",  # int16
    4: "<I",  # uint32
    5: "<i",  # int32
    6: "<f",  # float32
    7: "<?",  # bool
    10: "<Q",  # uint64
    11: "<q",  # int64
    12: "<d",  # float64
}
_STRING = 8
_ARRAY = 9

# ggml tensor type -> (elements per block, bytes per block); from gguf-py's GGML_QUANT_SIZES.
_QK = 256
_TENSOR_BLOCKS: dict[int, tuple[int, int]] = {
    0: (1, 4),  # F32
    1: (1, 2),  # F16
    2: (32, 18),  # Q4_0
    3: (32, 20),  # Q4_1
    6: (32, 22),  # Q5_0
    7: (32, 24),  # Q5_1
    8: (32, 34),  # Q8_0
    9: (32, 40),  # Q8_1
    10: (_QK, 4 + _QK // 16 + _QK // 4),  # Q2_K
    11: (_QK, 2 + _QK // 4 + _QK // 8 + 12),  # Q3_K
    12: (_QK, 4 + _QK // 2 + 12),  # Q4_K
    13: (_QK, 4 + _QK // 2 + _QK // 8 + 12),  # Q5_K
    14: (_QK, 2 + _QK // 2 + _QK // 4 + _QK // 16),  # Q6_K
    15: (_QK, 4 + _QK + _QK // 8),  # Q8_K
    16: (_QK, 2 + _QK // 4),  # IQ2_XXS
    17: (_QK, 2 + _QK // 4 + _QK // 32),  # IQ2_XS
    18: (_QK, 2 + _QK // 4 + _QK // 8),  # IQ3_XXS
    19: (_QK, 2 + _QK // 8 + _QK // 16),  # IQ1_S
    20: (32, 18),  # IQ4_NL
    21: (_QK, 2 + _QK // 4 + _QK // 8 + _QK // 32 + 4),  # IQ3_S
    22: (_QK, 2 + _QK // 4 + _QK // 16),  # IQ2_S
    23: (_QK, 4 + _QK // 2 + _QK // 64),  # IQ4_XS
    24: (1, 1),  # I8
    25: (1, 2),  # I16
    26: (1, 4),  # I32
    27: (1, 8),  # I64
    28: (1, 8),  # F64
    29: (_QK, _QK // 8 + _QK // 16 + _QK // 32),  # IQ1_M
    30: (1, 2),  # BF16
    34: (_QK, 2 + 4 * 13),  # TQ1_0
    35: (_QK, 2 + 64),  # TQ2_0
    39: (32, 17),  # MXFP4
    40: (64, 36),  # NVFP4
    41: (128, 18),  # Q1_0
}

# general.file_type (llama_ftype) -> the quantization name people know (file names use it).
FILE_TYPE_NAMES: dict[int, str] = {
    0: "F32",
    1: "F16",
    2: "Q4_0",
    3: "Q4_1",
    7: "Q8_0",
    8: "Q5_0",
    9: "Q5_1",
    10: "Q2_K",
    11: "Q3_K_S",
    12: "Q3_K_M",
    13: "Q3_K_L",
    14: "Q4_K_S",
    15: "Q4_K_M",
    16: "Q5_K_S",
    17: "Q5_K_M",
    18: "Q6_K",
    19: "IQ2_XXS",
    20: "IQ2_XS",
    21: "Q2_K_S",
    22: "IQ3_XS",
    23: "IQ3_XXS",
    24: "IQ1_S",
    25: "IQ4_NL",
    26: "IQ3_S",
    27: "IQ3_M",
    28: "IQ2_S",
    29: "IQ2_M",
    30: "IQ4_XS",
    31: "IQ1_M",
    32: "BF16",
    36: "TQ1_0",
    37: "TQ2_0",
    38: "MXFP4_MOE",
    39: "NVFP4",
    40: "Q1_0",
}

# What no real model exceeds (llama.cpp trusts these numbers: a context length past 2^31 makes
# llama-cpp-python's tokenizer fail, a huge layer count aborts the process). The largest today:
# ~10M tokens of context, ~130 layers, 16k-wide embeddings, 262k-token vocabularies.
SANE_LIMITS: dict[str, tuple[int, str]] = {  # key after "<arch>." -> (largest plausible, what it is)
    "context_length": (1 << 27, QT_TRANSLATE_NOOP("gguf", "context length")),
    "block_count": (4096, QT_TRANSLATE_NOOP("gguf", "number of layers")),
    "embedding_length": (1 << 17, QT_TRANSLATE_NOOP("gguf", "embedding size")),
    "attention.head_count": (1 << 12, QT_TRANSLATE_NOOP("gguf", "number of attention heads")),
    "attention.head_count_kv": (1 << 12, QT_TRANSLATE_NOOP("gguf", "number of key/value heads")),
}
MAX_VOCABULARY = 1 << 24
MAX_TENSORS = 1 << 20
MAX_TENSOR_DIMS = 4  # GGML_MAX_DIMS

# `name-00001-of-00003.gguf`, the naming llama.cpp's gguf-split writes and loads.
SPLIT_RE = re.compile(r"^(?P<prefix>.*)-(?P<no>\d{5})-of-(?P<count>\d{5})\.gguf$", re.IGNORECASE)


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int  # relative to the start of the tensor data

    @property
    def n_elements(self) -> int:
        n = 1
        for dim in self.shape:
            n *= dim
        return n

    @property
    def n_bytes(self) -> int | None:
        """Bytes in the file, or None for a tensor type this reader does not know."""
        block = _TENSOR_BLOCKS.get(self.ggml_type)
        if block is None:
            return None
        per_block, block_bytes = block
        return self.n_elements // per_block * block_bytes


@dataclass(frozen=True)
class GGUFHeader:
    path: Path  # the file given (first part for split models)
    version: int
    tensor_count: int  # over all parts
    metadata: dict[str, Any] = field(repr=False)  # long arrays are their length (an int)
    architecture: str | None
    name: str | None
    context_length: int | None
    block_count: int | None
    embedding_length: int | None
    head_count: int | None
    head_count_kv: int | None
    file_type: int | None
    quantization: str | None
    chat_template: str | None = field(repr=False)
    parameter_count: int  # counted from the tensor shapes (0 if the file lists none)
    size_bytes: int  # over all parts
    split_count: int
    split_paths: tuple[Path, ...]
    tensors: tuple[TensorInfo, ...] = field(repr=False, default=())

    @property
    def has_chat_template(self) -> bool:
        return bool(self.chat_template)

    @property
    def size_label(self) -> str:
        """Parameter count as people write it: "270M", "1.5B"."""
        label = self.metadata.get("general.size_label", "")
        return format_parameter_count(self.parameter_count) or str(label)


def format_parameter_count(count: int) -> str:
    if count <= 0:
        return ""
    if count >= 1_000_000_000:
        return f"{count / 1e9:.1f}B".replace(".0B", "B")
    if count >= 1_000_000:
        return f"{round(count / 1e6)}M"
    return f"{round(count / 1e3)}K"


def _error(template: str, path: Path, detail: str | None = None, **args: Any) -> ModelFileError:
    return ModelFileError(template, detail=detail, name=path.name, **args)


class _Cursor:
    """Bounds-checked little-endian reads over the mapped file; running off the end means truncated."""

    def __init__(self, buf: mmap.mmap, path: Path) -> None:
        self.buf = buf
        self.pos = 0
        self.path = path
        self.size = len(buf)

    def _need(self, n: int) -> None:
        if n < 0 or self.pos + n > self.size:
            raise _error(
                QT_TRANSLATE_NOOP("errors", "{name} is truncated: its header ends before it should."),
                self.path,
                detail=f"needed {n} bytes at offset {self.pos}, file has {self.size}",
            )

    def unpack(self, fmt: str) -> Any:
        n = struct.calcsize(fmt)
        self._need(n)
        (value,) = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += n
        return value

    def string(self) -> str:
        n = self.unpack("<Q")
        self._need(n)
        raw = self.buf[self.pos : self.pos + n]
        self.pos += n
        return raw.decode("utf-8", errors="replace")

    def skip_strings(self, count: int) -> None:
        # The vocabulary: each entry is a u64 length and bytes, so it is walked, never decoded.
        buf, pos, size, unpack_from = self.buf, self.pos, self.size, struct.unpack_from
        for _ in range(count):
            if pos + 8 > size:
                break
            pos += 8 + unpack_from("<Q", buf, pos)[0]
        else:
            if pos <= size:
                self.pos = pos
                return
        self.pos = size
        self._need(1)  # ran off the end: truncated

    def value(self, vtype: int) -> Any:
        if vtype in _SCALAR_FORMATS:
            return self.unpack(_SCALAR_FORMATS[vtype])
        if vtype == _STRING:
            return self.string()
        if vtype == _ARRAY:
            item_type = self.unpack("<I")
            count = self.unpack("<Q")
            if count > MAX_ARRAY_ITEMS:
                self.skip_array(item_type, count)
                return count
            return [self.value(item_type) for _ in range(count)]
        raise _error(
            QT_TRANSLATE_NOOP("errors", "{name} is damaged: its header has an unknown value type."),
            self.path,
            detail=f"value type {vtype} at offset {self.pos}",
        )

    def skip_array(self, item_type: int, count: int) -> None:
        if item_type in _SCALAR_FORMATS:
            n = struct.calcsize(_SCALAR_FORMATS[item_type]) * count
            self._need(n)
            self.pos += n
        elif item_type == _STRING:
            self.skip_strings(count)
        else:  # arrays of arrays: rare, walk them
            for _ in range(count):
                self.value(item_type)


@dataclass(frozen=True)
class _Part:
    version: int
    metadata: dict[str, Any]
    tensors: tuple[TensorInfo, ...]
    size: int


def _read_part(path: Path) -> _Part:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _error(QT_TRANSLATE_NOOP("errors", "The model file {name} does not exist."), path) from None
    except OSError as exc:
        raise _error(
            QT_TRANSLATE_NOOP("errors", "The model file {name} cannot be read: {reason}"),
            path,
            reason=exc.strerror or str(exc),
        ) from exc
    if path.is_dir():
        raise _error(QT_TRANSLATE_NOOP("errors", "{name} is a folder, not a GGUF model file."), path)
    if size == 0:
        raise _error(QT_TRANSLATE_NOOP("errors", "The model file {name} is empty (0 bytes)."), path)
    try:
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            return _parse(buf, path, size)
    except OSError as exc:
        raise _error(
            QT_TRANSLATE_NOOP("errors", "The model file {name} cannot be read: {reason}"),
            path,
            reason=exc.strerror or str(exc),
        ) from exc


def _parse(buf: mmap.mmap, path: Path, size: int) -> _Part:
    if buf[:4] != GGUF_MAGIC:
        raise _error(
            QT_TRANSLATE_NOOP("errors", "{name} is not a GGUF model file."),
            path,
            detail=f"magic {bytes(buf[:4])!r}",
        )
    cur = _Cursor(buf, path)
    cur.pos = 4
    version = cur.unpack("<I")
    if version not in SUPPORTED_VERSIONS:
        raise _error(
            QT_TRANSLATE_NOOP(
                "errors", "{name} uses GGUF version {version}, which this app cannot read (2 or 3 only)."
            ),
            path,
            version=version,
        )
    tensor_count = cur.unpack("<Q")
    if tensor_count > MAX_TENSORS:
        raise _implausible(path, QT_TRANSLATE_NOOP("gguf", "number of tensors"), tensor_count)
    kv_count = cur.unpack("<Q")
    metadata: dict[str, Any] = {}
    for _ in range(kv_count):
        key = cur.string()
        metadata[key] = cur.value(cur.unpack("<I"))

    tensors = []
    for _ in range(tensor_count):
        name = cur.string()
        n_dims = cur.unpack("<I")
        if n_dims > MAX_TENSOR_DIMS:
            raise _implausible(path, QT_TRANSLATE_NOOP("gguf", "number of dimensions of a tensor"), n_dims)
        shape = tuple(cur.unpack("<Q") for _ in range(n_dims))
        tensors.append(TensorInfo(name, shape, cur.unpack("<I"), cur.unpack("<Q")))

    alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
    if not isinstance(alignment, int) or alignment <= 0:
        alignment = DEFAULT_ALIGNMENT
    data_start = -(-cur.pos // alignment) * alignment
    data_end = data_start + max(
        (t.offset + (t.n_bytes if t.n_bytes is not None else 0) for t in tensors), default=0
    )
    if data_end > size:
        raise _error(
            QT_TRANSLATE_NOOP(
                "errors", "{name} is truncated: it has {size} bytes but its tensors need {needed}."
            ),
            path,
            size=size,
            needed=data_end,
        )
    return _Part(version, metadata, tuple(tensors), size)


def split_part_paths(path: Path) -> tuple[Path, ...]:
    """All parts of a split model named like ``x-00001-of-00003.gguf`` (just ``path`` otherwise)."""
    match = SPLIT_RE.match(path.name)
    if not match:
        return (path,)
    count = int(match["count"])
    prefix, total = match["prefix"], match["count"]
    return tuple(path.with_name(f"{prefix}-{i:05d}-of-{total}.gguf") for i in range(1, count + 1))


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _arch_value(metadata: dict[str, Any], arch: str | None, key: str) -> int | None:
    if not arch:
        return None
    value = metadata.get(f"{arch}.{key}")
    if isinstance(value, list):  # per-layer head counts (e.g. OpenELM): take the largest
        ints = [v for v in value if isinstance(v, int)]
        value = max(ints) if ints else None
    return _int_or_none(value)


def _implausible(path: Path, what: str, value: object) -> ModelFileError:
    return _error(
        QT_TRANSLATE_NOOP(
            "errors", "{name} is damaged: its header gives {value} as its {what}, which no model has."
        ),
        path,
        what=LocalText("gguf", what),
        value=value,
    )


def _check_plausible(path: Path, metadata: dict[str, Any], arch: str | None) -> None:
    """Refuse header numbers that are out of any real model's range, before llama.cpp reads them."""
    for key, (limit, what) in SANE_LIMITS.items():
        value = metadata.get(f"{arch}.{key}") if arch else None
        values = value if isinstance(value, list) else [value]  # per-layer head counts
        for item in values:
            if isinstance(item, int | float) and not isinstance(item, bool) and not 0 < item <= limit:
                raise _implausible(path, what, item)
    vocabulary = metadata.get("tokenizer.ggml.tokens")  # long arrays are stored as their length
    if isinstance(vocabulary, int) and not 0 < vocabulary <= MAX_VOCABULARY:
        raise _implausible(path, QT_TRANSLATE_NOOP("gguf", "vocabulary size"), vocabulary)


def read_header(path: str | Path) -> GGUFHeader:
    """Read a GGUF file's metadata and tensor table (all parts of a split model), no weights.

    Raises ``ModelFileError`` (one sentence) for a missing, empty, non-GGUF, truncated or
    unsupported-version file, a split model with a part missing, or header numbers no model has.
    An unknown architecture is not an error here: ``architecture`` reports it and the engine decides.
    """
    path = Path(path)
    match = SPLIT_RE.match(path.name)
    if match and int(match["no"]) != 1:
        # Any part was given: read from the first, which holds the metadata.
        path = split_part_paths(path)[0]
    first = _read_part(path)
    metadata = first.metadata
    split_count = _int_or_none(metadata.get("split.count")) or 1
    parts = [first]
    split_paths: tuple[Path, ...] = (path,)
    if split_count > 1 or match:
        split_paths = split_part_paths(path)
        if len(split_paths) != split_count and split_count > 1:
            raise _error(
                QT_TRANSLATE_NOOP(
                    "errors", "{name} says the model has {count} parts, but its file name does not match."
                ),
                path,
                count=split_count,
            )
        for part_path in split_paths[1:]:
            if not part_path.exists():
                raise _error(
                    QT_TRANSLATE_NOOP(
                        "errors",
                        "Part {part} of the split model {name} is missing; all parts must be together.",
                    ),
                    path,
                    part=part_path.name,
                )
            parts.append(_read_part(part_path))

    arch = metadata.get("general.architecture")
    arch = arch if isinstance(arch, str) else None
    _check_plausible(path, metadata, arch)
    file_type = _int_or_none(metadata.get("general.file_type"))
    template = metadata.get("tokenizer.chat_template")
    tensors = tuple(t for part in parts for t in part.tensors)
    name = metadata.get("general.name")
    return GGUFHeader(
        path=path,
        version=first.version,
        tensor_count=len(tensors),
        metadata=metadata,
        architecture=arch,
        name=name if isinstance(name, str) else None,
        context_length=_arch_value(metadata, arch, "context_length"),
        block_count=_arch_value(metadata, arch, "block_count"),
        embedding_length=_arch_value(metadata, arch, "embedding_length"),
        head_count=_arch_value(metadata, arch, "attention.head_count"),
        head_count_kv=_arch_value(metadata, arch, "attention.head_count_kv"),
        file_type=file_type,
        quantization=FILE_TYPE_NAMES.get(file_type) if file_type is not None else None,
        chat_template=template if isinstance(template, str) and template.strip() else None,
        parameter_count=sum(t.n_elements for t in tensors),
        size_bytes=sum(part.size for part in parts),
        split_count=len(split_paths),
        split_paths=split_paths,
        tensors=tensors,
    )
