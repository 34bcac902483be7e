"""Decide a text file's encoding, and say how it was decided.

Guessers call GB18030 files GB2312 and fall back to UTF-8 when unsure; a confident wrong answer
is worse than none. So the decision is by strict decoding of samples taken across the whole file
(not only its start), preferring UTF-8, then GB18030 (a superset of GBK and GB2312), and Big5
only when the text reads as Traditional Chinese. When the samples miss the only non-ASCII bytes,
the read fails later with a decoding error: :func:`rescan` then decodes the whole file and the
read starts again, and the decision says so.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from publisher import codes

HEAD_BYTES = 1 << 20
#: Blocks read at evenly spaced offsets after the head, so a file whose first non-ASCII
#: character comes late is not taken for UTF-8 on the strength of its ASCII head.
SAMPLE_BLOCKS = 32
BLOCK_BYTES = 1 << 16
_UTF8 = {"utf-8", "utf8", "utf-8-sig", "utf_8", "utf_8_sig", "u8"}
# Characters frequent in the bureau's text and Chinese at large, in both scripts: the wrong
# one of GB18030 and Big5 decodes the same bytes into rare characters, seldom into these.
_COMMON = frozenset(
    "的一是不了在人有我他中大上个到们为和地出也时年得就要下以生会自着去之过家对可里后小心多天"
    "而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长"
    "知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话者向情部正名定女问力机给等"
    "几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由代军产"
    "入先山五太水万市体别处总才场书比住员九性通目华报立马命张活难数件安表原车白应路期常提感金何"
    "更反合放做系计或司利受光王果亲界及今京务制解各任至清物台记边共风战接许八特望直服林题建南度"
    "统色字请交让认算论百义科元社术结六功指思非流每青管夫连远资队带花快条院变联言权往展该领传近"
    "留红治决周保达办运半候七必城父强步完深区即求品士转量空众技轻程告江语英基满式李写识极令黄德"
    "收钱未持取设始版双历越史商千片容研找友站广改议形委早房音火际则首单据导影失拿网似专石若兵校"
    "读志飞观争究包组造落视济喜离虽坏兴切团汕尾丰陆河城区镇乡村交通输局公客站线票班号"
    "這個們為來國時說會著過對裡後麼沒於還發經頭現樣將與進實點種聲話機給幾業間東氣關並內軍產萬"
    "體別處總場書員華報馬張難數車應記邊風戰許覺統請讓認論義術結條聯權該領傳遠資隊帶紅決達辦運"
    "區轉眾輕語滿寫識極黃錢議際單據導網專觀爭組視濟喜離雖壞興團鎮鄉輸線號豐陸")


codes.define(
    "encoding-unknown", stage="read", title=("未知编码", "Unknown encoding"),
    description="The declared encoding is not one Python knows.",
    message=("未知编码 {name}",
             "unknown encoding {name}"),
)
codes.define(
    "encoding-empty-file", stage="read", title=("文件为空", "File empty"),
    description="The file has no bytes.",
    message=("文件为空",
             "the file is empty"),
)
codes.define(
    "encoding-bom-conflict", stage="read",
    title=("声明与字节顺序标记不符", "Declaration contradicts BOM"),
    description="The file starts with a UTF-16 byte-order mark but another encoding is declared.",
    message=("声明为 {declared}，但文件以 UTF-16 字节顺序标记开头（Excel“Unicode 文本”）：请声明 "
             "utf-16",
             "declared {declared}, but the file starts with a UTF-16 byte-order mark (Excel "
             "\"Unicode text\"): declare utf-16"),
)
codes.define(
    "encoding-not-declared", stage="read",
    title=("不能按声明的编码解码", "Not the declared encoding"),
    description="The bytes do not decode as the declared encoding.",
    message=("不能按声明的编码 {declared} 解码",
             "does not decode as the declared encoding {declared}"),
)
codes.define(
    "encoding-not-declared-hint", stage="read",
    title=("不能按声明的编码解码", "Not the declared encoding"),
    description="The bytes do not decode as the declared encoding but as another one.",
    message=("不能按声明的编码 {declared} 解码；按 {found} 可以读出",
             "does not decode as the declared encoding {declared}; it reads as {found}"),
)
codes.define(
    "encoding-nul-bytes", stage="read", title=("含 NUL 字节", "NUL bytes"),
    description="A declared 8-bit encoding, but the file has NUL bytes (UTF-16 or binary).",
    message=("含 NUL 字节：不是 {declared} 文本（UTF-16 或二进制文件？）",
             "NUL bytes: not {declared} text (UTF-16 or binary?)"),
)
codes.define(
    "encoding-none", stage="read", title=("无法识别编码", "No encoding fits"),
    description="The bytes decode neither as UTF-8, GB18030 nor Big5.",
    message=("既不是 UTF-8，也不是 GB18030 或 Big5 文本；请声明其编码",
             "neither UTF-8, GB18030 nor Big5 text; declare its encoding"),
)
codes.define(
    "encoding-rescan-failed", stage="read", title=("整体解码失败", "Whole-file decoding failed"),
    description="After a decode error with a guessed encoding, the whole file decodes in none of "
                "the encodings read.",
    message=("含对 {encoding}（由抽样推断）无效的字节，且整个文件既不能按 UTF-8 也不能按 GB18030 或"
             " Big5 解码；请声明其编码",
             "invalid bytes for {encoding} (guessed from samples) and the whole file decodes "
             "neither as UTF-8, GB18030 nor Big5; declare its encoding"),
)
codes.define(
    "format-zip", stage="read", title=("ZIP 压缩包", "ZIP archive"),
    description="A ZIP archive (an XLSX or ODS workbook?) where a CSV text file is expected.",
    message=("是 ZIP 压缩包（XLSX 或 ODS 工作簿？），不是 CSV 文本文件",
             "a ZIP archive (an XLSX or ODS workbook?), not a CSV text file"),
)
codes.define(
    "format-ole2", stage="read", title=("OLE2 文件", "OLE2 file"),
    description="An OLE2 file (an XLS workbook?) where a CSV text file is expected.",
    message=("是 OLE2 文件（XLS 工作簿？），不是 CSV 文本文件",
             "an OLE2 file (an XLS workbook?), not a CSV text file"),
)
codes.define(
    "format-binary", stage="read", title=("二进制内容", "Binary content"),
    description="NUL bytes that are not UTF-16 text: not a text table.",
    message=("二进制内容（NUL 字节），不是文本表格",
             "binary content (NUL bytes), not a text table"),
)
codes.define(
    "encoding-by-bom-utf16", stage="read", title=("UTF-16 字节顺序标记", "UTF-16 BOM"),
    description="Decided by a UTF-16 byte-order mark.",
    message=("UTF-16 字节顺序标记",
             "UTF-16 byte-order mark"),
)
codes.define(
    "encoding-by-bom-utf8", stage="read", title=("UTF-8 字节顺序标记", "UTF-8 BOM"),
    description="Decided by a UTF-8 byte-order mark.",
    message=("UTF-8 字节顺序标记",
             "UTF-8 byte-order mark"),
)
codes.define(
    "encoding-by-declaration", stage="read", title=("按声明", "Declared"),
    description="The encoding declared in the descriptor.",
    message=("按声明",
             "declared"),
)
codes.define(
    "encoding-by-nul-pattern", stage="read", title=("UTF-16 的 NUL 字节规律", "UTF-16 NUL pattern"),
    description="Decided by the NUL-byte pattern of UTF-16 text without a byte-order mark.",
    message=("无字节顺序标记的 UTF-16 文本的 NUL 字节规律",
             "NUL-byte pattern of UTF-16 text without a byte-order mark"),
)
codes.define(
    "encoding-by-utf8", stage="read", title=("按 UTF-8 严格解码", "Strict UTF-8"),
    description="The samples decode strictly as UTF-8.",
    message=("{where}按 UTF-8 严格解码",
             "strict decoding of {where} as UTF-8"),
)
codes.define(
    "encoding-by-gb18030", stage="read", title=("按 GB18030 严格解码", "Strict GB18030"),
    description="The samples decode strictly as GB18030, not as UTF-8.",
    message=("{where}按 GB18030 严格解码（不是 UTF-8）",
             "strict decoding of {where} as GB18030 (not UTF-8)"),
)
codes.define(
    "encoding-by-big5", stage="read", title=("按 Big5 严格解码", "Strict Big5"),
    description="The samples decode strictly as Big5, not as UTF-8 or GB18030.",
    message=("{where}按 Big5 严格解码（不是 UTF-8 或 GB18030）",
             "strict decoding of {where} as Big5 (not UTF-8 or GB18030)"),
)
codes.define(
    "encoding-by-script-big5", stage="read", title=("读作繁体中文", "Reads as Traditional"),
    description="The bytes decode both as GB18030 and Big5 and read as Traditional Chinese in "
                "Big5.",
    message=("{where}的字节既可按 GB18030 也可按 Big5 解码，按 Big5 读作繁体中文；请声明编码以确保"
             "无误",
             "the bytes of {where} decode both as GB18030 and as Big5 and read as Traditional "
             "Chinese in Big5; declare the encoding to be sure"),
)
codes.define(
    "encoding-by-script-gb18030", stage="read", title=("读作简体中文", "Reads as Simplified"),
    description="The bytes decode both as GB18030 and Big5 and read as Simplified Chinese in "
                "GB18030.",
    message=("{where}的字节既可按 GB18030 也可按 Big5 解码，按 GB18030 读作简体中文；请声明编码以确"
             "保无误",
             "the bytes of {where} decode both as GB18030 and as Big5 and read as Simplified "
             "Chinese in GB18030; declare the encoding to be sure"),
)
codes.define(
    "encoding-by-rescan", stage="read", title=("整体重新判定", "Decided again"),
    description="A guessed encoding met a decode error; the whole file decodes in another.",
    message=("由抽样推断为 {sampled}，随后解码出错；整个文件可按 {encoding} 解码",
             "{sampled} was guessed from samples, then a decode error; the whole file decodes as "
             "{encoding}"),
)
codes.define(
    "sample-whole-file", stage="read", title=("整个文件", "Whole file"),
    description="Where the encoding was decided: the whole file.",
    message=("整个文件",
             "the whole file"),
)
codes.define(
    "sample-blocks", stage="read", title=("全文件抽样", "Samples"),
    description="Where the encoding was decided: samples taken across the file.",
    message=("全文件 {n} 个样本",
             "{n} samples across the file"),
)


@dataclass(frozen=True)
class Decision:
    """An encoding (a Python codec name) and how it was decided (for the report): ``how`` in
    English, ``code`` and ``params`` for the same text in another language."""

    encoding: str
    how: str
    guessed: bool = True  # False when declared or marked (BOM): a decode error is final
    code: str = ""
    params: tuple[tuple[str, object], ...] = ()

    def to_dict(self) -> dict[str, str]:
        return {"encoding": self.encoding, "how": self.how}


def _decision(name: str, code: str, guessed: bool = True, **params: object) -> Decision:
    return Decision(name, codes.text("en", code, **params), guessed, code,
                    tuple(params.items()))


def _sampled(name: str, code: str, where: dict[str, object]) -> Decision:
    """A decision from samples; ``where`` says which (the whole file, or N blocks)."""
    return Decision(name, codes.text("en", code, **where), True, code, tuple(where.items()))


class EncodingError(codes.CodedError):
    """The bytes are not text in any encoding we read, or not in the declared one."""


class FormatError(codes.CodedError):
    """The bytes are not a text table at all (a workbook, an archive, binary data)."""


def _normal(name: str) -> str:
    low = name.strip().lower()
    if low in _UTF8:
        return "utf-8-sig"  # drops a BOM when present, reads plain UTF-8 the same
    try:
        return codecs.lookup(low).name
    except LookupError:
        raise EncodingError("encoding-unknown", name=repr(name)) from None


def samples(path: Path) -> list[tuple[bytes, bool, bool]]:
    """(bytes, starts at a character boundary, ends the file) blocks across the whole file."""
    size = path.stat().st_size
    out: list[tuple[bytes, bool, bool]] = []
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
        out.append((head, True, len(head) >= size))
        if size > HEAD_BYTES:
            step = max((size - HEAD_BYTES) // SAMPLE_BLOCKS, BLOCK_BYTES)
            for offset in range(HEAD_BYTES, size, step):
                handle.seek(offset)
                block = handle.read(BLOCK_BYTES)
                out.append((block, False, offset + len(block) >= size))
    return out


def _aligned(block: bytes, boundary: bool) -> bytes:
    # A newline is never part of a multi-byte character in UTF-8, GB18030 or Big5: starting
    # after one puts the decoder on a character boundary.
    if boundary:
        return block
    cut = block.find(b"\n")
    return block[cut + 1:] if cut >= 0 else b""


def _decodes(blocks: list[tuple[bytes, bool, bool]], encoding: str) -> bool:
    for block, boundary, final in blocks:
        try:
            codecs.getincrementaldecoder(encoding)("strict").decode(_aligned(block, boundary),
                                                                    final=final)
        except UnicodeDecodeError:
            return False
    return True


def _common_share(blocks: list[tuple[bytes, bool, bool]], encoding: str) -> float:
    text = "".join(codecs.getincrementaldecoder(encoding)("replace").decode(
        _aligned(b, s), final=f) for b, s, f in blocks)
    cjk = [c for c in text if ord(c) > 0x2E80]
    return sum(c in _COMMON for c in cjk) / len(cjk) if cjk else 0.0


def sniff_binary(head: bytes) -> str | None:
    """What a file is when it is plainly not a text table, as a code (None: it may be text)."""
    if head.startswith(b"PK\x03\x04"):
        return "format-zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "format-ole2"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    even, odd = head[0::2], head[1::2]
    if not even or not odd:
        return None
    # ASCII text in UTF-16 has a NUL in every other byte: after it (LE) or before it (BE).
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decide(path: Path, declared: str | None = None) -> Decision:
    """The encoding to read ``path`` with; raises EncodingError/FormatError when there is none."""
    blocks = samples(path)
    head = blocks[0][0]
    if not head:
        raise EncodingError("encoding-empty-file")
    binary = sniff_binary(head)
    if binary:
        raise FormatError(binary)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        if declared and _normal(declared) not in ("utf-16", "utf-16-le", "utf-16-be"):
            raise EncodingError("encoding-bom-conflict", declared=declared)
        return _decision("utf-16", "encoding-by-bom-utf16", guessed=False)
    if declared:
        enc = _normal(declared)
        if enc.startswith("utf-16"):
            if not _decodes(blocks[:1], enc):
                raise EncodingError("encoding-not-declared", declared=declared)
            return _decision(enc, "encoding-by-declaration", guessed=False)
        if b"\x00" in head:
            raise EncodingError("encoding-nul-bytes", declared=declared)
        if not _decodes(blocks, enc):
            hint = _guess(blocks)
            if hint is not None:
                raise EncodingError("encoding-not-declared-hint", declared=declared,
                                    found=hint.encoding)
            raise EncodingError("encoding-not-declared", declared=declared)
        return _decision(enc, "encoding-by-declaration", guessed=False)
    if head.startswith(codecs.BOM_UTF8):
        return _decision("utf-8-sig", "encoding-by-bom-utf8", guessed=False)
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16 is not None and _decodes(blocks[:1], utf16):
            return _decision(utf16, "encoding-by-nul-pattern")
        raise FormatError("format-binary")
    found = _guess(blocks)
    if found is None:
        raise EncodingError("encoding-none")
    return found


def _guess(blocks: list[tuple[bytes, bool, bool]]) -> Decision | None:
    where: dict[str, object] = (
        {"where": "", "where_code": "sample-blocks", "where_params": {"n": len(blocks)}}
        if len(blocks) > 1 else {"where": "", "where_code": "sample-whole-file"})
    if _decodes(blocks, "utf-8"):
        return _sampled("utf-8-sig", "encoding-by-utf8", where)
    gb, big5 = _decodes(blocks, "gb18030"), _decodes(blocks, "big5")
    if gb and big5:
        if _common_share(blocks, "big5") > _common_share(blocks, "gb18030") + 0.2:
            return _sampled("big5", "encoding-by-script-big5", where)
        return _sampled("gb18030", "encoding-by-script-gb18030", where)
    if gb:
        return _sampled("gb18030", "encoding-by-gb18030", where)
    if big5:
        return _sampled("big5", "encoding-by-big5", where)
    return None


def rescan(path: Path, failed: Decision) -> Decision:
    """After a decode error with a guessed encoding: decide again on every byte of the file."""
    for enc in ("utf-8", "gb18030", "big5"):
        if enc == failed.encoding.replace("-sig", ""):
            continue
        decoder = codecs.getincrementaldecoder(enc)("strict")
        try:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 22), b""):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        name = "utf-8-sig" if enc == "utf-8" else enc
        return _decision(name, "encoding-by-rescan", guessed=False, sampled=failed.encoding,
                         encoding=enc)
    raise EncodingError("encoding-rescan-failed", encoding=failed.encoding)
