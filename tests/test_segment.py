"""Segmenting pages into articles: the seed page, pages in the same raw style, each rule."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audio_edition.models import Article, ArticleKind, NoticeItem, Page, Section
from audio_edition.segment import infer_date, segment_page
from audio_edition.segment import markers as m
from audio_edition.segment.dates import find_date, is_date_line, is_page_date_line
from audio_edition.segment.dictionary import is_person_name, word_spans_break
from audio_edition.segment.furniture import (
    is_page_furniture,
    is_photo_caption,
    is_unspoken_line,
    strip_inline_unspoken,
)
from audio_edition.segment.labeller import apply_certain_rules
from audio_edition.segment.lines import Line, join_broken, printed_lines
from audio_edition.segment.markers import continues_number
from audio_edition.segment.roles import Role
from audio_edition.segment.structure import Draft, classify_kind, settle_notice

PAGES = Path(__file__).parent / "pages"
SEED = Path(__file__).parent.parent / "seeds" / "000_738350908e41f89e.txt"


def page(name: str) -> Page:
    path = SEED if name == "seed" else PAGES / f"{name}.txt"
    return segment_page(path.read_text(encoding="utf-8"), source=path.name)


def body(article: Article) -> str:
    """Everything of an article a listener hears, in one string."""
    return "".join(article.paragraphs) + "".join(i.text for i in article.items)


# --- the seed page ---------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Page:
    return page("seed")


def test_seed_yields_five_articles_in_page_order(seed: Page) -> None:
    assert [(a.id, a.kind, a.headline) for a in seed.articles] == [
        ("a01", ArticleKind.FEATURE, "数智浪潮奔涌而来,电影产业如何应变"),
        ("a02", ArticleKind.BRIEF, "不负春光“耕”新忙"),
        ("a03", ArticleKind.BRIEF, "开展世界读书日主题活动"),
        ("a04", ArticleKind.NOTICE, "注销公告"),
        ("a05", ArticleKind.NOTICE, "注销公告"),
    ]
    assert all(a.source == SEED.name for a in seed.articles)
    assert seed.source == SEED.name
    assert seed.unspoken == []


def test_seed_feature_has_subtitle_dateline_and_sections(seed: Page) -> None:
    feature = seed.articles[0]
    assert feature.kicker is None
    assert feature.subtitle == "第十六届北京国际电影节观察"
    assert feature.dateline == "本报综合消息"
    assert feature.byline is None
    assert [(s.subhead, len(s.paragraphs)) for s in feature.sections] == [
        (None, 1),
        ("AI如何融入电影产业?", 10),
        ("行业迎来哪些变化?", 10),
        ("电影人如何应变?", 10),
    ]
    assert feature.sections[0].paragraphs[0].startswith("新一轮科技革命深入发展")
    assert not any("■" in p or "本报综合消息" in p for p in feature.paragraphs)
    assert feature.items == [] and feature.signature == [] and feature.date is None


@pytest.mark.parametrize(
    ("article", "word"),
    [
        (0, "微表情"),
        (0, "AI电影是否会成为创作新趋势"),
        (0, "比喻通过电影这面镜子"),
        (1, "以劳动实干实现提质塑形"),
        (2, "围绕行业法规"),
        (3, "账号:17680501040004685,"),
        (3, "特此声明公告注销"),
    ],
)
def test_seed_words_broken_by_the_layout_come_out_whole(
    seed: Page, article: int, word: str
) -> None:
    assert word in body(seed.articles[article])


def test_seed_real_paragraph_breaks_survive(seed: Page) -> None:
    paragraphs_ = seed.articles[0].paragraphs
    for one_liner in (
        "生产模式迈向“人机协同”。",
        "媒介融合成为一大趋势。",
        "内容赛道出现明显分化。",
    ):
        assert one_liner in paragraphs_
    assert "随着人机协同进程加快,AI电影是否会成为创作新趋势?" in paragraphs_
    assert "要注入“人情味”,增强情感共鸣。" in paragraphs_


def test_seed_briefs_have_kicker_headline_and_byline(seed: Page) -> None:
    first, second = seed.articles[1], seed.articles[2]
    assert (first.kicker, first.byline) == ("赤壁市烟草专卖局", "通讯员 孔媛")
    assert (second.kicker, second.byline) == ("通城县烟草专卖局", "通讯员 姜美玲")
    assert [len(first.paragraphs), len(second.paragraphs)] == [1, 3]
    assert first.paragraphs[0].endswith("尽显基层奋进新风。")
    for brief in (first, second):
        assert brief.dateline is None and brief.subtitle is None
        assert not any("通讯员" in p for p in brief.paragraphs)


def test_seed_first_notice_has_preamble_six_items_and_signature(seed: Page) -> None:
    notice = seed.articles[3]
    assert notice.sections == [
        Section(
            [
                "中国农业银行股份有限公司咸宁温泉支行客户:",
                "根据中国人民银行账户管理相关规定,中国农业银行股份有限公司咸宁温泉支行将对以下"
                "客户账户办理注销手续。现就相关情况公告如下:",
            ]
        )
    ]
    assert [i.number for i in notice.items] == [1, 2, 3, 4, 5, 6]
    assert notice.items[0].text.startswith("户名:咸宁市海龙农资有限公司,账号:17680501040004651")
    assert notice.items[1].text == (
        "户名:咸宁市俊虹机械厂,账号:17680501040004685,该企业2013年10月26日办理工商注销,"
        "2013年12月26日在我行办理销户手续,开户许可证号:J5360000282101,特此声明公告注销"
    )
    assert notice.items[3].text.endswith(",特此声明公告注销")
    assert notice.items[5].text.endswith("以上6户特此声明公告注销")
    assert notice.signature == ["中国农业银行股份有限公司", "咸宁温泉支行", "2026年4月27日"]
    assert notice.date == "2026-04-27"


def test_seed_second_notice_keeps_its_single_entry_as_an_unnumbered_item(seed: Page) -> None:
    notice = seed.articles[4]
    assert notice.paragraphs[0] == "中国农业银行咸宁温泉金厦支行客户:"
    assert len(notice.paragraphs) == 2
    assert len(notice.items) == 1
    assert notice.items[0].number is None
    assert notice.items[0].text.startswith("湖北四海运输服务有限公司账号:17680801040006155")
    assert notice.signature == ["中国农业银行股份有限公司咸宁温泉支行", "2026年4月27日"]
    assert notice.date == "2026-04-27"


def test_seed_edition_date(seed: Page) -> None:
    assert infer_date(seed.articles) == "2026-04-27"


def test_numbering_continues_from_start() -> None:
    ids = [a.id for a in segment_page(SEED.read_text(encoding="utf-8"), start=7).articles]
    assert ids == ["a07", "a08", "a09", "a10", "a11"]


def test_articles_round_trip_through_their_dict_form(seed: Page) -> None:
    for article in seed.articles:
        assert Article.from_dict(article.to_dict()) == article


# --- pages in the same raw style ----------------------------------------------------


def test_briefs_only_page() -> None:
    articles = page("briefs_only").articles
    assert [(a.kind, a.kicker, a.headline, a.dateline, a.byline) for a in articles] == [
        (ArticleKind.BRIEF, "咸安区烟草专卖局", "开展安全生产月宣传活动", "本报讯", "通讯员 刘洋"),
        (ArticleKind.BRIEF, "嘉鱼县烟草专卖局", "召开春季安全工作会", None, "通讯员 陈静"),
        (
            ArticleKind.BRIEF,
            None,
            "崇阳县开展“护苗”专项行动",
            "本报讯（记者 王强 通讯员 赵敏）",
            None,
        ),
    ]
    assert [len(a.paragraphs) for a in articles] == [2, 1, 2]
    # the byline printed at the end of the paragraph is taken off it
    assert articles[1].paragraphs[0].endswith("确保全年安全形势平稳。")
    assert articles[2].paragraphs[0].startswith("日前,崇阳县文化和旅游局")


def test_two_features_on_one_page() -> None:
    first, second = page("two_features").articles
    assert (first.kind, first.headline, first.subtitle, first.dateline) == (
        ArticleKind.FEATURE,
        "乡村振兴看咸宁",
        "来自全市农业农村工作一线的报道",
        "本报记者 张三 李四",
    )
    assert [s.subhead for s in first.sections] == [None, "产业兴旺有底气", "人才回流添活力"]
    assert first.paragraphs[0].startswith("春日的咸宁")
    assert (second.kind, second.headline, second.subtitle, second.dateline) == (
        ArticleKind.FEATURE,
        "数字经济加速赋能实体产业",
        "一季度经济运行观察",
        "新华社北京4月26日电（记者 陈明）",
    )
    assert [s.subhead for s in second.sections] == [None, "智能制造提速", "数字消费升温"]
    assert [len(s.paragraphs) for s in second.sections] == [1, 1, 2]


def test_two_line_headlines_are_joined() -> None:
    first, second = page("two_line_headline").articles
    assert (first.kicker, first.headline, first.byline) == (
        "湖北省烟草专卖局",
        "全力打造乡村振兴示范区建设新样板",
        "通讯员 周明",
    )
    assert (second.kicker, second.headline, second.dateline, second.byline) == (
        None,
        "坚持生态优先,走好绿色发展之路",
        "本报讯",
        "通讯员 吴刚",
    )
    assert len(second.paragraphs) == 1


def test_bylines_printed_before_the_body() -> None:
    articles = page("byline_first").articles
    assert [(a.headline, a.byline, a.dateline) for a in articles] == [
        ("我市召开一季度经济运行分析会", "本报记者 张三 通讯员 李四", None),
        ("义务植树添新绿", "记者 王五", None),
        ("赤壁开展防汛应急演练", None, "（记者 赵六）"),
    ]
    assert [len(a.paragraphs) for a in articles] == [2, 1, 1]
    assert articles[2].paragraphs[0].startswith("近日,赤壁市防汛抗旱指挥部")


def test_a_dateline_running_into_the_body_keeps_its_words() -> None:
    text = (
        "我国人民伟大领袖毛主席会见阿希乔总统\n新华社一九七三年三月二十六日讯 我\n"
        "国人民的伟大领袖毛泽东主席今天下午\n在中南海书房里会见了喀麦隆联合共和\n"
        "国总统哈吉·阿赫马杜·阿希乔。\n"
    )
    (article,) = segment_page(text).articles
    assert article.dateline == "新华社一九七三年三月二十六日讯"
    assert article.paragraphs[0].startswith("我国人民的伟大领袖")


def test_continuation_marks_and_page_furniture_are_not_spoken() -> None:
    result = page("furniture")
    continued, story = result.articles
    assert result.unspoken == [
        "咸宁日报 2026年4月28日 星期二",
        "A3",
        "（上接第一版）",
        "（下转第二版）",
        "责任编辑:王芳 校对:李明 版式:陈亮",
        "美编 刘洋",
        "第3版",
    ]
    # the top of the page continues an article from page one: no headline printed
    assert (continued.kind, continued.headline, continued.byline) == (
        ArticleKind.OTHER,
        "",
        "记者 张三",
    )
    assert continued.paragraphs[0].startswith("据介绍,今年以来")
    assert (story.kicker, story.headline, story.dateline) == (
        "通山县烟草专卖局",
        "守护“舌尖上的安全”",
        "本报讯",
    )
    assert story.paragraphs[-1].endswith("该局还将持续开展专项检查。")
    assert infer_date(result.articles, result.unspoken) == "2026-04-28"


def test_photo_captions_and_credits_are_not_spoken() -> None:
    result = page("photo_caption")
    first, second = result.articles
    assert result.unspoken == [
        "图为工作人员在田间为烟农讲解种植技术。 通讯员 张华 摄",
        "（图片由咸安区烟草专卖局提供）",
        "本报记者 李四 摄",
    ]
    assert (first.kicker, first.headline, first.dateline, first.byline) == (
        "咸安区烟草专卖局",
        "春耕时节送服务",
        "本报讯",
        "通讯员 张华",
    )
    assert first.paragraphs[-1] == "技术人员现场讲解病虫害防治要点,发放技术手册200余份。"
    assert (second.headline, second.byline, len(second.paragraphs)) == ("市民踏青赏花忙", None, 1)


def test_notices_of_several_shapes() -> None:
    lost, reduction = page("notices").articles
    assert (lost.kind, lost.headline, lost.sections, lost.signature) == (
        ArticleKind.NOTICE,
        "遗失声明",
        [],
        [],
    )
    assert lost.items == [
        NoticeItem(
            "咸宁市鑫源商贸有限公司不慎遗失营业执照副本,统一社会信用代码:91421200MA4F0ABC1D,"
            "声明作废。"
        )
    ]
    assert reduction.headline == "减资公告"
    assert reduction.paragraphs == [
        "咸宁市恒达建材有限公司(统一社会信用代码:91421202MA49ABCD1X)经股东会决议,"
        "注册资本由1000万元减少至500万元。现予公告:"
    ]
    assert [(i.number, i.text) for i in reduction.items] == [
        (1, "请债权人自本公告见报之日起四十五日内,向本公司申报债权。"),
        (2, "联系人:王先生,联系电话:0715-8123456"),
        (None, "特此公告。"),
    ]
    assert reduction.signature == ["咸宁市恒达建材有限公司", "二〇二六年四月二十六日"]
    assert reduction.date == "2026-04-26"


def test_lines_broken_by_the_layout_are_mended() -> None:
    (article,) = page("broken_lines").articles
    assert article.paragraphs == [
        "4月24日,市市场监管局组织执法人员对城区农贸市场、超市和餐饮店开展春季食品安全专项检查,"
        "重点检查食品进货查验记录和索证索票制度落实情况。",
        "检查中,执法人员发现部分商户存在进货台账不全等问题,当场责令整改。今年以来,"
        "全市共检查食品经营单位1236家次,推进食品安全示范城市创建。",
        "“要守住食品安全底线。”该局负责人说,下一步,该局将重点做好三方面工作:一是加强日常巡查;",
        "二是畅通投诉举报渠道;",
        "三是加大违法行为查处力度。",
    ]
    assert (article.dateline, article.byline) == ("本报讯", "通讯员 何佳")


def test_mixed_page_with_label_numbered_subheads_and_a_relocation_notice() -> None:
    result = page("mixed_page")
    feature, brief, notice = result.articles
    assert (feature.kind, feature.kicker, feature.headline, feature.subtitle) == (
        ArticleKind.FEATURE,
        "咸宁市发展和改革委员会",
        "一季度全市经济实现良好开局",
        "2026年一季度经济运行情况解读",
    )
    assert feature.dateline == "本报讯（记者 陈静）"
    assert [s.subhead for s in feature.sections] == [
        None,
        "一、工业生产稳步回升",
        "二、消费市场持续回暖",
        "三、投资结构不断优化",
    ]
    assert feature.sections[2].paragraphs == [
        "社会消费品零售总额同比增长5.8%,餐饮、文旅消费增势明显。“五一”假期临近,"
        "各地文旅部门提前谋划,推出一批特色线路。"
    ]
    assert (brief.dateline, brief.byline) == ("本报咸安讯", "湖北日报全媒记者 张磊")
    assert (notice.headline, notice.paragraphs) == ("迁址公告", ["各位客户:"])
    assert "咨询电话:0715-8266001。" in notice.items[0].text
    assert notice.items[-1] == NoticeItem("特此公告。")
    assert notice.signature == ["咸宁农村商业银行股份有限公司", "2026年4月27日"]
    assert sorted(result.unspoken) == sorted(
        ["综合新闻", "▲ 党员志愿者为居民义诊。 通讯员 王敏 摄"]
    )


def test_hard_wrapped_columns_with_indents_and_crlf() -> None:
    text = (
        "我市开展“清朗”行动\r\n"
        "　　本报讯 4月20日起,市委网信\r\n办联合公安、文旅等部门,在全\r\n"
        "市范围内开展“清朗”系列专项\r\n行动。\r\n"
        "　　（记者 周华）\r\n"
        "赤壁市应急管理局\r\n开展应急救援技能比武\r\n"
        "　　本报讯 近日,赤壁市应急管理局举办应急救援技能比武活动。\r\n"
    ).replace("\r\n", "\n")
    first, second = segment_page(text).articles
    assert (first.headline, first.dateline, first.byline) == (
        "我市开展“清朗”行动",
        "本报讯",
        "记者 周华",
    )
    assert first.paragraphs == [
        "4月20日起,市委网信办联合公安、文旅等部门,在全市范围内开展“清朗”系列专项行动。"
    ]
    assert (second.kicker, second.headline) == ("赤壁市应急管理局", "开展应急救援技能比武")


def test_unmarked_subheads_inside_a_feature_and_a_bare_dateline() -> None:
    text = (
        "春风化雨润心田\n\n——我市推进未成年人思想道德建设纪实\n\n本报记者 黄河\n\n"
        "近年来,我市坚持把未成年人思想道德建设作为基础工程来抓。\n\n"
        "阵地建设更完善\n\n全市建成新时代文明实践站300余个。\n\n"
        "活动载体更丰富\n\n各地广泛开展“我们的节日”主题活动。\n\n"
        "教育工作会议召开\n\n本报讯\n\n近日,市教育局召开全市教育工作会议。\n"
    )
    feature, news = segment_page(text).articles
    assert feature.byline == "本报记者 黄河"
    assert [s.subhead for s in feature.sections] == [None, "阵地建设更完善", "活动载体更丰富"]
    assert (news.headline, news.dateline, news.paragraphs) == (
        "教育工作会议召开",
        "本报讯",
        ["近日,市教育局召开全市教育工作会议。"],
    )


def test_a_headline_after_a_story_with_a_subtitle_opens_the_next_story() -> None:
    # two stories of a 浙江工人日报 page: the first has a subtitle but no byline line,
    # so 文化进工地 党旗高高飘 is the next story, not a section of the first
    source = json.loads(
        (CORPUS_SOURCES / "zhejianggongrenribao-p2-gonghui-composite.json").read_text("utf-8")
    )
    first, second = (a for a in source["articles"] if a["headline"] in _TWO_STORIES)
    text = "\n\n".join(
        [first["headline"], "——" + first["subtitle"], *first["body"], second["headline"]]
        + second["body"]
    )
    found = segment_page(text).articles
    assert [a.headline for a in found] == list(_TWO_STORIES)
    assert found[1].paragraphs[0].startswith("近日,杭州市总工会")


_TWO_STORIES = ("“文化大餐” “娘家人”的关爱情", "文化进工地 党旗高高飘")
CORPUS_SOURCES = Path(__file__).parent / "corpus" / "sources"


def test_a_headline_with_nothing_under_it_is_listed_as_unspoken() -> None:
    result = segment_page(
        "开展世界读书日主题活动\n\n为营造读书氛围,组织职工开展活动。\n\n综合新闻\n"
    )
    assert len(result.articles) == 1
    assert result.unspoken == ["综合新闻"]


def test_an_empty_page_has_no_articles() -> None:
    assert segment_page("\n\n第3版\n").articles == []


# --- markers: what a line is ---------------------------------------------------------


def _shapes(text: str) -> set[str]:
    shapes = {
        "subhead": m.is_marked_subhead(text),
        "subtitle": m.is_subtitle_line(text),
        "byline": m.byline_credit(text) is not None,
        "notice_title": m.is_notice_title(text),
        "item": m.item_number(text) is not None,
    }
    return {name for name, yes in shapes.items() if yes}


@pytest.mark.parametrize(
    ("line", "shapes"),
    [
        ("■ AI如何融入电影产业?", {"subhead"}),
        ("■\u00a0行业迎来哪些变化?", {"subhead"}),
        ("——第十六届北京国际电影节观察", {"subtitle"}),
        ("(通讯员 孔媛)", {"byline"}),
        ("（记者 张三 通讯员 李四）", {"byline"}),
        ("□ 记者 张三", {"byline"}),
        ("本报记者 张三", {"byline"}),
        ("注销公告", {"notice_title"}),
        ("遗失声明", {"notice_title"}),
        ("招聘启事", {"notice_title"}),
        ("清算公告（第一次）", {"notice_title"}),
        ("特此公告", set()),
        ("公告注销", set()),
        ("1、户名:咸宁市海龙农资有限公司", {"item"}),
        ("不负春光“耕”新忙", set()),
        ("本报讯 近日,某局召开会议。", set()),
    ],
)
def test_line_shapes(line: str, shapes: set[str]) -> None:
    """The rule predicates the labeller takes as features."""
    assert _shapes(line) == shapes


@pytest.mark.parametrize(
    ("text", "dateline", "rest"),
    [
        ("本报讯 近日,某局召开会议。", "本报讯", "近日,某局召开会议。"),
        ("本报综合消息 新一轮科技革命", "本报综合消息", "新一轮科技革命"),
        ("本报讯（记者 王强）日前,崇阳县", "本报讯（记者 王强）", "日前,崇阳县"),
        ("本报记者 张三 近日,记者走进", "本报记者 张三", "近日,记者走进"),
        ("本报记者 张三 通讯员 李四 近日,", "本报记者 张三 通讯员 李四", "近日,"),
        ("新华社北京4月26日电 今年一季度", "新华社北京4月26日电", "今年一季度"),
        ("新华社北京4月26日电（记者 陈明）今年", "新华社北京4月26日电（记者 陈明）", "今年"),
        ("(记者 赵六)近日,赤壁市", "(记者 赵六)", "近日,赤壁市"),
        ("咸宁日报讯 近日", "咸宁日报讯", "近日"),
        ("本报咸安讯 近日", "本报咸安讯", "近日"),
        ("本报讯", "本报讯", ""),
        ("本报讯 通讯员袁思远 记者何悦报道", "本报讯 通讯员袁思远 记者何悦报道", ""),
        ("【连网】敬告全市燃气用户:", "【连网】", "敬告全市燃气用户:"),
        ("【今日关注】敬告", None, "【今日关注】敬告"),
        ("汉网消息(记者马振华通讯员李汉梅)早上", "汉网消息(记者马振华通讯员李汉梅)", "早上"),
        ("中国网消息称,", None, "中国网消息称,"),
        ("红网安仁站讯 全国商品粮基地县", "红网安仁站讯", "全国商品粮基地县"),
        ("新华社一九七三年三月二十六日讯 我", "新华社一九七三年三月二十六日讯", "我"),
        ("近日,本报讯员走访", None, "近日,本报讯员走访"),
        ("记者从市统计局获悉", None, "记者从市统计局获悉"),
        (
            "记者朱骏炜、特约记者文羽报道 时针已经指向了",
            "记者朱骏炜、特约记者文羽报道",
            "时针已经指向了",
        ),
        ("记者报道的情况属实", None, "记者报道的情况属实"),
    ],
)
def test_split_dateline(text: str, dateline: str | None, rest: str) -> None:
    assert m.split_dateline(text) == (dateline, rest)


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("(通讯员 孔媛)", "通讯员 孔媛"),
        ("（通讯员\u3000姜美玲）", "通讯员 姜美玲"),
        ("（记者 张三 通讯员 李四）", "记者 张三 通讯员 李四"),
        ("（本报记者 张三）", "本报记者 张三"),
        ("（文/图 张三）", "文/图 张三"),
        ("（湖北日报全媒记者 张磊）", "湖北日报全媒记者 张磊"),
        ("（记者 张三 实习生 李四）", "记者 张三 实习生 李四"),
        ("（孔媛）", "孔媛"),
        ("□ 记者 张三", "记者 张三"),
        ("本报记者 张三 李四", "本报记者 张三 李四"),
        # as the corpus's pages print them (dev-news-mix-5, g3-zhengzhouwanbao-composite)
        ("(本报评论员)", "本报评论员"),
        ("郑州晚报记者 董艳竹 实习生 张莹", "郑州晚报记者 董艳竹 实习生 张莹"),
        ("晚报首席记者 张锡磊", "晚报首席记者 张锡磊"),
        ("评论员认为", None),
        ("今天上午记者 张三", None),
        ("（下转第二版）", None),
        ("（2026年4月27日）", None),
        ("记者从市统计局获悉,一季度全市经济运行平稳。", None),
    ],
)
def test_byline_credit(line: str, credit: str | None) -> None:
    assert m.byline_credit(line) == credit


def test_trailing_byline_only_after_a_full_stop() -> None:
    assert m.split_trailing_byline("…形势平稳。(通讯员 陈静)") == ("…形势平稳。", "通讯员 陈静")
    assert m.split_trailing_byline("官塘管理所(市场部)") == ("官塘管理所(市场部)", None)
    # a bare name closing a paragraph is more likely part of the story
    assert m.split_trailing_byline("获得一等奖。（王磊）") == ("获得一等奖。（王磊）", None)


def test_a_commentary_writer_note_closing_the_article_is_its_byline() -> None:
    closing = "走得更稳、更远。（朱超 作者为江苏公职人员）"
    assert m.split_trailing_byline(closing, names_only=True) == (
        "走得更稳、更远。",
        "朱超 作者为江苏公职人员",
    )
    assert m.byline_credit("（作者系南京大学教授）") == "作者系南京大学教授"
    assert m.byline_credit("（作者认为这并不可行）") is None


def test_the_outlet_a_story_is_retold_from_closes_it_as_its_credit() -> None:
    closing = "缅怀罹难同胞。（据新闻联播）"
    assert m.split_trailing_byline(closing, names_only=True) == ("缅怀罹难同胞。", "据新闻联播")
    assert m.split_trailing_byline("举行。(据《人民日报》)", names_only=True)[1] == "据《人民日报》"
    assert m.split_trailing_byline("大增。（据统计数字显示）", names_only=True)[1] is None


@pytest.mark.parametrize(
    ("line", "number", "rest"),
    [
        ("1、户名:咸宁", 1, "户名:咸宁"),
        ("2.户名:咸宁", 2, "户名:咸宁"),
        ("12．户名", 12, "户名"),
        ("（3）会计1名", 3, "会计1名"),
        ("(十二)驾驶员", 12, "驾驶员"),
        ("一、请债权人", 1, "请债权人"),
        ("二十、其他", 20, "其他"),
        ("②联系人", 2, "联系人"),
        ("3.0版本发布", None, "3.0版本发布"),
        ("2026年4月", None, "2026年4月"),
        ("1、", None, "1、"),
    ],
)
def test_split_item(line: str, number: int | None, rest: str) -> None:
    assert m.split_item(line) == (number, rest)


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("数智浪潮奔涌而来,电影产业如何应变", True),
        ("AI如何融入电影产业?", True),
        ("不负春光“耕”新忙", True),
        ("生产模式迈向“人机协同”。", False),
        ("随着人机协同进程加快,", False),
        ("“AI制作面临人物皮肤质感、微表", False),
        ("中国农业银行股份有限公司咸宁温泉支行客户:", False),
        ("本报讯", False),
        (
            "春回大地,万物竞发,近日,赤壁市烟草专卖局官塘管理所(市场部)抢抓春日契机,紧扣劳动精神",
            False,
        ),
    ],
)
def test_looks_like_heading(line: str, heading: bool) -> None:
    assert m.looks_like_heading(line) is heading


def test_looks_like_kicker() -> None:
    assert m.looks_like_kicker("赤壁市烟草专卖局")
    assert m.looks_like_kicker("中国农业银行股份有限公司")
    assert not m.looks_like_kicker("不负春光“耕”新忙")
    assert not m.looks_like_kicker("全力打造乡村振兴示")
    assert not m.looks_like_kicker("一季度全市经济实现良好开局")
    assert not m.looks_like_kicker("坚持以人民为中心")


@pytest.mark.parametrize(
    ("headline", "notice"),
    [  # headlines of the corpus's pages (h4-*, g2-notices-mix-9)
        ("森林防火禁火令", True),
        ("2022石柱土家族自治县人民政府森林防火封山令", True),
        ("池州市科学技术馆2026年3月至4月政府采购意向", True),
        ("关于对上东门街实行限时交通管制的通告", True),
        ("蓝山县人民政府发布森林防火封山令", False),
        ("泉州市发布禁火令:12月26日前林区禁止野外用火", False),
    ],
)
def test_notice_headline(headline: str, notice: bool) -> None:
    assert m.is_notice_headline(headline) is notice


def test_issuer_over_title_is_a_kicker_unless_the_title_is_bare() -> None:
    # headings of the corpus's notices (峨边, 紫鑫, 明山区, 春兰) and a ministry's 公告
    assert m.is_issuer_over_title("峨边彝族自治县人民政府", "土地征收预公告")
    assert m.is_issuer_over_title(
        "吉林紫鑫药业股份有限公司", "关于取消全资孙公司吸收合并全资子公司的公告"
    )
    assert not m.is_issuer_over_title("中华人民共和国财政部", "公  告")
    assert not m.is_issuer_over_title("明山区选举委员会", "公告（第二号）")
    assert not m.is_issuer_over_title("江苏春兰制冷设备股份有限公司澄清", "公告")


def test_an_issuer_line_over_a_notice_title_reads_as_its_kicker() -> None:
    # headings of g2-xianzhengfu-tudi-mix and a ministry's notice, both lines read as headline
    opening = Line("根据《中华人民共和国土地管理法》、《中华人民共和国土地管理法实施条例》的规定,")
    issuer = [Line("峨边彝族自治县人民政府"), Line("土地征收预公告"), opening]
    ministry = [Line("中华人民共和国财政部"), Line("公  告"), opening]
    assert apply_certain_rules(issuer, ["headline", "headline", "body"])[0] == "kicker"
    assert apply_certain_rules(ministry, ["headline", "headline", "body"])[0] == "headline"


@pytest.mark.parametrize(
    ("texts", "labels", "ruled"),
    [
        (  # cankaoxiaoxi-1988-04-21-p1 as a 20-character column prints it
            [
                "赛时作出这种表示的。他们说,如果劫持者同",
                "意,他们就将这么做。",
                "沙米尔表示欢迎苏外长访问中东时顺访以色列",
                "外电报道,沙米尔是十九日接见记者时作出这",
            ],
            ["body", "body+", "body+", "body+"],
            ["body", "body+", "headline", "body"],
        ),
        (  # a line of running text above it stays running text
            ["赛时作出这种表示的。他们说,如果劫持者同", "意,他们就将这么做", "外电报道,沙米尔是"],
            ["body", "body+", "body+"],
            ["body", "body+", "body+"],
        ),
        (  # cankaoxiaoxi-1991-11-18-p1: a headline wider than the column wraps
            [
                "路透社报道,越南外交部发言人说,我们希望这能成为推动柬全国和解的一个因素。",
                "布什可能于今年底或明年一月访问日本、南朝鲜",
                "、新加坡和澳大利亚",
                "路透社报道,这是白宫发言人菲茨沃特十五日宣布的。",
            ],
            ["body", "body+", "body+", "body+"],
            ["body", "headline", "headline", "body"],
        ),
    ],
)
def test_lines_over_a_wire_report_are_its_headline_however_wide(
    texts: list[str], labels: list[str], ruled: list[str]
) -> None:
    assert apply_certain_rules([Line(t) for t in texts], labels) == ruled


def test_wire_report_openings() -> None:
    assert m.opens_with_wire_report("《日本经济新闻》报道,菲外长十八日在东京")
    assert m.opens_with_wire_report("法新社十九日报道,公报强调应通过谈判解决")
    assert not m.opens_with_wire_report("记者报道的情况属实")


def test_a_column_tag_or_a_board_over_a_headline_is_its_kicker() -> None:
    # headings of g1-city-papers-mix-3, g7-xianji-xinwenwang-briefs-mix, shzqb-xxpl-2011-2012
    assert m.is_column_tag("「金报情缘」") and m.is_column_tag("【学雷锋树新风】")
    assert not m.is_column_tag("【敦煌风】征程万里阔")
    pairs = [
        ("「金报情缘」", "曾经的乡愁"),
        ("中路股份有限公司董事会", "关于公司第一大股东持有部分无限售流通股解除质押及再质押的公告"),
    ]
    for kicker, headline in pairs:
        lines = [Line(kicker), Line(headline), Line("本公司及董事会全体成员保证公告内容的真实。")]
        assert apply_certain_rules(lines, ["headline", "headline", "body"])[0] == "kicker"


def test_a_notice_title_after_a_caption_heads_its_notice() -> None:
    # tests/pages/mixed_page.txt, and the opening of a notice of dev-news-mix-7
    lines = [
        Line("▲ 党员志愿者为居民义诊。 通讯员 王敏 摄", gap=1),
        Line("迁址公告", gap=1),
        Line("各位客户:", gap=1),
    ]
    assert apply_certain_rules(lines, ["caption", "body", "body"])[1] == "headline"
    wrapped = [
        Line("深圳世纪星源股份有限公司诉讼公告"),
        Line("本公司及董事会全体成员保证公告"),
        Line("内容的真实、准确和完整,对公告"),
    ]
    assert apply_certain_rules(wrapped, ["headline", "body", "body+"])[1] == "body"


def test_chinese_number() -> None:
    assert [m.chinese_number(t) for t in ("三", "十", "十二", "二十", "二十七", "二〇二六")] == [
        3,
        10,
        12,
        20,
        27,
        2026,
    ]
    assert m.chinese_number("三月") is None


# --- furniture: what is never read -------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "第3版",
        "第十二版",
        "A3",
        "03版",
        "2026年4月27日 星期一",
        "2026年4月27日星期一 农历三月十一",
        "咸宁日报 2026年4月28日 星期二 第3版 综合新闻",
        "总第8123期",
        "责任编辑:王芳",
        "责任编辑：王芳 校对：李明 版式：陈亮",
        "美编 刘洋",
        "校对 李明",
        "★★★",
    ],
)
def test_page_furniture_is_recognised(line: str) -> None:
    assert is_unspoken_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "2026年4月27日",  # a notice's date: it belongs to the signature
        "第十六届北京国际电影节观察",
        "编辑部组织开展学习活动",
        "A股市场震荡走高",
        "5G网络覆盖所有乡镇",
        "责任编辑王芳表示,本版将持续关注。",
        "中国农业银行股份有限公司",
        "新华社一九七三年三月二十六日讯 我",  # a dateline running into the body
    ],
)
def test_ordinary_lines_are_not_furniture(line: str) -> None:
    assert not is_page_furniture(line)
    assert not is_unspoken_line(line)


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("图为工作人员在田间讲解种植技术。 通讯员 张华 摄", True),
        ("本报记者 李四 摄", True),
        ("张三 摄", True),
        ("（通讯员 王五 摄）", True),
        ("▲ 烟农正在移栽烟苗", True),
        ("春耕时节,农民在田间劳作。记者 张三 摄", True),
        ("团队在现场进行了拍摄", False),
        ("在摄影和后期环节,AI大模型能直接创作空镜头和动物镜头。", False),
    ],
)
def test_photo_captions(line: str, caption: bool) -> None:
    assert is_photo_caption(line) is caption


def test_inline_continuation_marks_and_picture_credits_are_cut_out() -> None:
    assert strip_inline_unspoken("持续开展专项检查。（下转第二版）") == (
        "持续开展专项检查。",
        ["（下转第二版）"],
    )
    assert strip_inline_unspoken("(上接A1版)据介绍") == ("据介绍", ["(上接A1版)"])
    assert strip_inline_unspoken("发放手册。（图片由某局提供）") == (
        "发放手册。",
        ["（图片由某局提供）"],
    )
    assert strip_inline_unspoken("会议结束。（完）") == ("会议结束。", ["（完）"])
    assert strip_inline_unspoken("转第3版的内容") == ("转第3版的内容", [])


# --- line mending --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "spans"),
    [
        ("“AI制作面临人物皮肤质感、微表", "情、物理定律等多道门槛", True),
        ("比喻通", "过电影这面镜子看到自身不足。", True),
        ("青年员工围绕行业法", "规、文学经典", True),
        ("全力打造乡村振兴示", "范区建设新样板", True),
        ("赤壁市烟草专卖局", "不负春光“耕”新忙", False),
        ("通城县烟草专卖局", "长江大保护", False),
        ("随着人机协同进程加快,AI电影", "是否会成为创作新趋势?", False),
        ("账号:", "17680501040004685", False),
    ],
)
def test_word_spans_break(before: str, after: str, spans: bool) -> None:
    assert word_spans_break(before, after) is spans


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("郭强", True),
        ("苏 秀", True),  # a name spaced out to fill the column
        ("张三 李四", True),
        ("福 建", False),  # a place
        ("新华社", False),
        ("记者 郭强", False),  # a credit word: the byline patterns see that one
        ("主题活动启动", False),
        ("郭强2", False),
        ("郭", False),
    ],
)
def test_is_person_name(text: str, name: bool) -> None:
    assert is_person_name(text) is name


def test_continues_number() -> None:
    assert continues_number("2、户名:咸宁市俊虹机械厂,账号:", "17680501040004685,该企业")
    assert continues_number("共检查食品经营单位12", "36家次")
    assert not continues_number("现就相关情况公告如下:", "湖北四海运输服务有限公司")
    assert not continues_number("共检查12", "家次")


# --- lines and structure ------------------------------------------------------------


def test_printed_lines_count_blank_lines_and_cut_only_certain_marks() -> None:
    lines, removed = printed_lines(
        "2026年4月27日\n第3版\n\n　　标题\n\n\n正文。（下转第二版）\n★★★\n（上接第一版）\n尾。\n"
    )
    assert [(x.text, x.gap, x.indent, x.number) for x in lines] == [
        ("2026年4月27日", 0, False, 0),
        ("第3版", 0, False, 1),
        ("标题", 1, True, 3),
        ("正文。", 2, False, 6),
        ("尾。", 2, False, 9),
    ]
    assert removed == [(6, "（下转第二版）"), (7, "★★★"), (8, "（上接第一版）")]


def test_a_line_of_closing_punctuation_ends_the_sentence_above() -> None:
    # a narrow column wraps the full stop (and a closing quote) onto a line of its own
    lines, removed = printed_lines(
        "美联社报道,一些波兰官员也参加了纪念活动\n。\n\n他说:“好\n\n”。\n——\n"
    )
    assert [x.text for x in lines] == ["美联社报道,一些波兰官员也参加了纪念活动。", "他说:“好”。"]
    assert removed == [(6, "——")]


def test_join_broken() -> None:
    assert join_broken("“AI制作面临人物皮肤质感、微表", "情、物理定律") == (
        "“AI制作面临人物皮肤质感、微表情、物理定律"
    )
    assert join_broken("the New", "York Times") == "the New York Times"
    assert join_broken("账号:17680", "501040004685") == "账号:17680501040004685"


def test_closing_formula_is_not_a_signature_line() -> None:
    assert not m.is_signature_like("特此公告")
    assert m.is_signature_like("中国农业银行股份有限公司")
    assert not m.is_signature_like("联系人:王先生")


def test_settle_notice_sorts_entries_into_preamble_and_items() -> None:
    draft = Draft(
        notice=True,
        entries=[
            (Role.FIELD, "各位客户:"),
            (Role.BODY, "某公司(代码:914212)决议减资。"),
            (Role.ITEM, "1、请申报。"),
            (Role.BODY, "特此公告。"),
        ],
    )
    settle_notice(draft)
    # a code above the first numbered entry belongs to the preamble after all
    assert draft.sections == [Section(["各位客户:", "某公司(代码:914212)决议减资。"])]
    assert draft.items == [NoticeItem("请申报。", 1), NoticeItem("特此公告。")]
    lone = Draft(notice=True, entries=[(Role.BODY, "账号:17680801040006155")])
    settle_notice(lone)
    assert lone.items == [NoticeItem("账号:17680801040006155")]


@pytest.mark.parametrize(
    ("draft", "kind"),
    [
        (Draft(headline="注销公告", notice=True), ArticleKind.NOTICE),
        (Draft(headline="", sections=[Section(["正文。"])]), ArticleKind.OTHER),
        (
            Draft(headline="题", subtitle="副题", sections=[Section(["正文。"])]),
            ArticleKind.FEATURE,
        ),
        (
            Draft(headline="题", sections=[Section(["正文。"], subhead="小标题")]),
            ArticleKind.FEATURE,
        ),
        (Draft(headline="题", sections=[Section(["正文。"] * 6)]), ArticleKind.BRIEF),
        (Draft(headline="题", sections=[Section(["正文。" * 300])]), ArticleKind.BRIEF),
        (Draft(headline="题", sections=[Section(["正文。" * 334])]), ArticleKind.FEATURE),
    ],
)
def test_classify_kind(draft: Draft, kind: ArticleKind) -> None:
    assert classify_kind(draft) is kind


# --- dates ------------------------------------------------------------------------


def test_find_date_reads_arabic_and_han_numerals() -> None:
    assert find_date("2026年4月27日") == "2026-04-27"
    assert find_date("二〇二六年四月二十七日") == "2026-04-27"
    assert find_date("咸宁日报 2026年4月28日 星期二") == "2026-04-28"
    assert find_date("2026-4-7") == "2026-04-07"
    assert find_date("2026年2月30日") is None
    assert find_date("今年4月") is None


def test_date_lines() -> None:
    assert is_date_line("2026年4月27日") and is_date_line(" 二〇二六年四月二十六日 ")
    assert not is_date_line("该企业2012年6月19日办理工商注销")
    assert is_page_date_line("2026年4月27日 星期一")
    assert not is_page_date_line("2026年4月27日")


def test_infer_date_prefers_the_page_date_then_the_commonest_article_date() -> None:
    dated = [
        Article("a01", ArticleKind.NOTICE, "公告", date=d)
        for d in ("2026-04-20", "2026-04-27", "2026-04-27")
    ]
    assert infer_date(dated) == "2026-04-27"
    assert infer_date(dated, ["A3", "2026年4月28日 星期二"]) == "2026-04-28"
    tie = [Article("a01", ArticleKind.NOTICE, "公告", date=d) for d in ("2026-04-20", "2026-04-27")]
    assert infer_date(tie) == "2026-04-27"
    assert infer_date([Article("a01", ArticleKind.BRIEF, "题")]) is None


# --- properties -------------------------------------------------------------------

_FRAGMENTS = [
    "赤壁市烟草专卖局",
    "不负春光“耕”新忙",
    "——第十六届北京国际电影节观察",
    "■ AI如何融入电影产业?",
    "本报讯 近日,某局召开会议,部署下一阶段工作。",
    "春回大地,万物竞发,近日,赤壁市烟草专卖局抢抓春日契机,以劳动",
    "实干实现提质塑形。",
    "“AI制作面临人物皮肤质感、微表",
    "情、物理定律等多道门槛。”",
    "(通讯员 孔媛)",
    "本报记者 张三",
    "注销公告",
    "中国农业银行咸宁温泉支行客户:",
    "1、户名:咸宁市海龙农资有限公司,账号:",
    "17680501040004651,特此声明公告注销",
    "（下转第二版）",
    "第3版",
    "中国农业银行股份有限公司",
    "2026年4月27日",
    "图为活动现场。 张三 摄",
    "特此公告。",
    "",
]


def han(text: str) -> Counter[str]:
    return Counter(m.HAN_RE.findall(text))


def spoken_and_unspoken(result: Page) -> str:
    parts = list(result.unspoken)
    for a in result.articles:
        parts += [a.kicker or "", a.headline, a.subtitle or "", a.dateline or "", a.byline or ""]
        parts += [s.subhead or "" for s in a.sections] + a.paragraphs + a.signature
        parts += [i.text for i in a.items]
    return "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30), st.integers(1, 30))
def test_any_page_segments_without_losing_text(fragments: list[str], start: int) -> None:
    """Whatever the layout, every Han character ends up in an article or in unspoken,
    and ids run on from ``start``."""
    text = "\n".join(fragments)
    result = segment_page(text, start=start)
    assert [a.id for a in result.articles] == [
        f"a{n:02d}" for n in range(start, start + len(result.articles))
    ]
    assert all(a.headline or a.kind is ArticleKind.OTHER for a in result.articles)
    assert han(spoken_and_unspoken(result)) == han(text)


def test_notice_field_lines_stay_apart() -> None:
    page = (
        "清算公告\n\n某某科技有限公司已成立清算组。请债权人申报债权。\n"
        "联系人:王先生 电话:0715-8123456\n地址:咸宁市温泉路8号\n\n"
        "某某科技有限公司清算组\n2026年5月9日\n"
    )
    notice = segment_page(page).articles[0]
    texts = [p for s in notice.sections for p in s.paragraphs] + [i.text for i in notice.items]
    texts += notice.signature  # the address may close the notice with its issuer
    assert any(t.endswith("0715-8123456") for t in texts), texts
    assert any(t.startswith("地址:") for t in texts), texts


def test_a_numbered_line_takes_the_role_of_the_number_before_it() -> None:
    lines = [
        Line("一、请债权人自本公告见报之日起四十五日内,向本公司申报债权。"),
        Line("二、联系人:王先生,联系电话:0715-8123456", gap=1),
        Line("三、诉讼请求", gap=1),
        Line("四、我公司不存在其他尚未披露的诉讼和仲裁事项。", gap=1),
    ]
    labels = apply_certain_rules(lines, ["item", "subhead", "subhead", "item"])
    # 二 follows 一 (an item); 三 follows 二, now an item; 四 is a sentence: no heading
    assert labels == ["item", "item", "item", "item"]
    assert apply_certain_rules(lines[2:], ["subhead", "item"]) == ["subhead", "item"]


def test_a_paragraph_closing_on_its_photo_credit_is_read_not_dropped() -> None:
    # the last paragraph of a 驻马店日报 photo story (tests/corpus/sources/
    # g1-zhumadian-papers-composite.json): it ends in the credit but is no caption
    source = json.loads((CORPUS_SOURCES / "g1-zhumadian-papers-composite.json").read_text("utf-8"))
    (story,) = (a for a in source["articles"] if a["headline"].startswith("开展防电信诈骗"))
    # as its page prints it (tests/corpus/dev/): the credit in brackets after the text
    paragraph = f"{story['body'][-1]}({story['byline']})"
    assert paragraph.endswith("摄)") and paragraph.count("。") >= 3
    line = Line(paragraph, gap=1)
    labels = apply_certain_rules(
        [Line("开展防电信诈骗宣传提高群众防范意识"), line], ["headline", "body"]
    )
    assert labels == ["headline", "body"]
    short = Line("图为该局民警正在为群众讲解安全防范知识。(通讯员赵彦良摄)", gap=1)
    assert apply_certain_rules([Line("正文。"), short], ["body", "body"])[1] == "caption"
