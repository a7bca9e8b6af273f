"""The role each printed line of a page plays: what the line labeller predicts.

``body+`` marks a line that runs on from the paragraph, notice entry or field above it
(a column wrap or a page break inside it), ``caption+`` one that runs on from a
caption; any other label starts a new block. Articles are cut from this sequence
(``structure``).

A notice's title is a ``headline``: whether an article is a notice is decided from
the whole heading (``…公告``, ``…声明``) and its dated signature, not line by line.
"""

from __future__ import annotations

from enum import Enum

CONTINUED = "+"


class Role(str, Enum):
    KICKER = "kicker"  # 引题 above a headline (often an organisation or place)
    HEADLINE = "headline"  # 主题, one or more lines
    SUBTITLE = "subtitle"  # 副题, usually after ——
    BYLINE = "byline"  # a credit on its own line: above, or after the body
    DATELINE = "dateline"  # 本报讯（记者 …） printed on a line of its own
    SUBHEAD = "subhead"  # a section heading inside an article (■ or unmarked)
    BODY = "body"  # running text
    CAPTION = "caption"  # a photo caption or credit (… 摄): not spoken
    FURNITURE = "furniture"  # page date, 版次, 责任编辑: not spoken
    CONTINUATION = "continuation"  # （下转第二版）: not spoken
    ITEM = "item"  # a notice's numbered entry (1、户名:…)
    FIELD = "field"  # a notice's label/value row (联系人:王先生, 项目编号  ZB-01)
    SIGNATURE = "signature"  # a notice's issuer and date lines

    @property
    def spoken(self) -> bool:
        return self not in UNSPOKEN

    @property
    def continues(self) -> bool:
        """Roles that have a continuation label (``body+`` also continues entries)."""
        return self in (Role.BODY, Role.CAPTION)


UNSPOKEN = frozenset({Role.CAPTION, Role.FURNITURE, Role.CONTINUATION})


def split_label(label: str) -> tuple[Role, bool]:
    """``body+`` -> (Role.BODY, True)."""
    continued = label.endswith(CONTINUED)
    return Role(label.rstrip(CONTINUED)), continued


def all_labels() -> list[str]:
    labels = [r.value for r in Role]
    return labels + [r.value + CONTINUED for r in Role if r.continues]
