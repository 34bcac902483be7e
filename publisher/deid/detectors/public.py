"""Organisations' public identifiers, recognised so that no personal detector takes them:
unified social credit codes (GB 32100 check), case and document numbers such as
汕交罚〔2018〕12号, and service hotlines (12345, 12328, 95xxx, 400/800)."""

from __future__ import annotations

import re

from publisher.deid.detectors import resident_id
from publisher.deid.detectors.base import (
    NOT_ALNUM_AFTER,
    NOT_ALNUM_BEFORE,
    Detector,
    ascii_fold,
)
from publisher.identifiers import is_uscc, luhn_ok

_USCC = "[0-9A-HJ-NP-RTUWXY]"


#: Words just before a code that name it a credit code (统一社会信用代码：, 税号 …).
_CREDIT_CUE = re.compile(r"(?:信用代码|社会信用|税号|纳税人识别号|识别号|机构代码|营业执照|注册号|"
                         r"代码|USCC)[^。；;\n]{0,6}$", re.IGNORECASE)


def _uscc_confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    value = ascii_fold(match.group()).upper()
    # One all-digit code in 31 also passes the resident ID check: privacy wins, it is an ID.
    if resident_id.confirm(text, match) is not None:
        return None
    # One 18-digit bank card in 30 also passes the GB 32100 check: without a word naming a
    # credit code, a Luhn-valid number of digits is a card (privacy wins again).
    if value.isdigit() and luhn_ok(value) and not _CREDIT_CUE.search(
            text, max(0, match.start() - 16), match.start()):
        return None
    return match.span() if is_uscc(value) else None


CREDIT_CODE = Detector(
    name="credit_code",
    category="credit_code",
    version="2",
    pattern=NOT_ALNUM_BEFORE + f"{_USCC}{{2}}\\d{{6}}{_USCC}{{10}}" + NOT_ALNUM_AFTER,
    prefilter="[0-9A-Y]{18}",
    confirm=_uscc_confirm,
    public=True,
)
CASE_NUMBER = Detector(
    name="case_number",
    category="case_number",
    version="1",
    # 汕交罚〔2018〕12号, 汕交执（2019）第35号: an issuer, a bracketed year, a number.
    pattern=r"[\u4e00-\u9fff]{1,8}[〔\[［(（【]\d{4}[〕\]］)）】]第?\d{1,6}号",
    prefilter="[〔\\[［(（【][0-9]{4}[〕\\]］)）】]",
    public=True,
)
HOTLINE = Detector(
    name="hotline",
    category="hotline",
    version="1",
    pattern=(NOT_ALNUM_BEFORE
             + r"(?:(?:0660[ \-]?)?(?:12345|12328|12315|12306|12319|12369)"
             + r"|95\d{3,4}|[48]00[ \-]?\d{3}[ \-]?\d{4})"
             + NOT_ALNUM_AFTER),
    prefilter="123[0-9]{2}|95[0-9]{3}|[48]00",
    public=True,
)
