"""Mandarin reading of real newspaper text, case by case, plus the public API."""

from __future__ import annotations

from pathlib import Path

import pytest

from audio_edition.errors import InputError
from audio_edition.normalize import PAUSE_MARKS, READING_ORDER, is_spoken_clean, normalize
from audio_edition.normalize.alphabet import han_characters

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_738350908e41f89e.txt"

# (written, spoken in letters mode), by category. Most lines are from the seed page or
# shaped like Xinhua copy, market reports, weather, sport and legal notices.
CASES: list[tuple[str, str]] = [
    # years and dates
    ("新华社北京4月27日电", "新华社北京四月二十七日电"),
    ("新华社北京2026年4月27日电（记者 王明）", "新华社北京二〇二六年四月二十七日电，记者，王明"),
    ("2026年4月27日，星期一", "二〇二六年四月二十七日，星期一"),
    ("该企业2012年6月19日办理工商注销", "该企业二〇一二年六月十九日办理工商注销"),
    ("2022年8月1日在我行办理销户手续", "二〇二二年八月一日在我行办理销户手续"),
    ("发布日期：2026-04-27", "发布日期：二〇二六年四月二十七日"),
    ("截至2026.4.27", "截至二〇二六年四月二十七日"),
    ("统计截至2026/4/27。", "统计截至二〇二六年四月二十七日。"),
    ("1990年代的电影", "一九九〇年代的电影"),
    ("从2012年至2015年", "从二〇一二年至二〇一五年"),
    ("2012—2015年间", "二〇一二到二〇一五年间"),
    ("近2000年来", "近两千年来"),
    ("具有5000年历史", "具有五千年历史"),
    ("“3·15”晚会", "三一五晚会"),
    ("演出定于4/27举行", "演出定于四月二十七日举行"),
    # times, scores and ratios
    ("会议于9:30开始", "会议于九点三十分开始"),
    ("列车9:05发车", "列车九点零五分发车"),
    ("14时30分许", "十四时三十分许"),
    ("晚上8:00举行", "晚上八点举行"),
    ("凌晨2:30", "凌晨两点三十分"),
    ("9:30—11:30开放", "九点三十分到十一点三十分开放"),
    ("时间:9:30", "时间：九点三十分"),
    ("主队以3:1获胜", "主队以三比一获胜"),
    ("双方战成2:2平", "双方战成二比二平"),
    ("以107:98击败对手", "以一百零七比九十八击败对手"),
    ("最终以21:15拿下首局", "最终以二十一比十五拿下首局"),
    ("比例尺1:1000", "比例尺一比一千"),
    # cardinals and 两
    ("全村3000人", "全村三千人"),
    ("共有2个方案", "共有两个方案"),
    ("2000余人参加", "两千余人参加"),
    ("2万名观众", "两万名观众"),
    ("约20000人次", "约两万人次"),
    ("营收1.2亿元", "营收一点二亿元"),
    ("达到12,345人", "达到一万两千三百四十五人"),
    ("共112家企业", "共一百一十二家企业"),
    ("共1005户", "共一千零五户"),
    ("共2—3个", "共两到三个"),
    ("2年来成效明显", "两年来成效明显"),
    ("2年级学生", "二年级学生"),
    ("2月份", "二月份"),
    ("3个月内", "三个月内"),
    ("以上6户特此声明公告注销", "以上六户特此声明公告注销"),
    # ordinals
    ("获得第2名", "获得第二名"),
    ("第十六届北京国际电影节", "第十六届北京国际电影节"),
    ("第16届北京国际电影节", "第十六届北京国际电影节"),
    ("第1-3名", "第一到三名"),
    # decimals and versions
    ("Seedance2.0、可灵3.0等国产大模型", "Seedance二点零、可灵三点零等国产大模型"),
    ("每股0.5元", "每股零点五元"),
    ("圆周率3.14", "圆周率三点一四"),
    ("版本号1.2.3", "版本号一点二点三"),
    ("iOS 17.4", "iOS 十七点四"),
    ("上证指数收报3245.67点，涨0.56%", "上证指数收报三千二百四十五点六七点，涨百分之零点五六"),
    # percent, fractions and ranges
    ("全省GDP增长5.2%", "全省GDP增长百分之五点二"),
    ("报收12.35元，下跌0.8%", "报收十二点三五元，下跌百分之零点八"),
    ("同比增长-3.2%", "同比增长负百分之三点二"),
    ("利润增长50%—60%", "利润增长百分之五十到百分之六十"),
    ("降幅为50%-60%", "降幅为百分之五十到百分之六十"),
    ("占比50%~60%", "占比百分之五十到百分之六十"),
    ("增长50%至60%", "增长百分之五十至百分之六十"),
    ("增长5—10%", "增长百分之五到百分之十"),
    ("出生率为3‰", "出生率为千分之三"),
    ("3—5天送达", "三到五天送达"),
    ("3天-5天", "三天到五天"),
    ("6月—8月", "六月到八月"),
    ("约1/3的居民", "约三分之一的居民"),
    ("2/3以上", "三分之二以上"),
    # money and units
    ("¥100", "一百元"),
    ("售价$20", "售价二十美元"),
    ("$2亿", "两亿美元"),
    ("3.5万元", "三点五万元"),
    ("价格为3000元/吨", "价格为三千元每吨"),
    ("全程5km", "全程五公里"),
    ("最高气温30℃", "最高气温三十摄氏度"),
    ("最低气温-5℃", "最低气温零下五摄氏度"),
    ("气温-5~3℃", "气温零下五到三摄氏度"),
    ("重10kg", "重十公斤"),
    ("男子100m决赛", "男子一百米决赛"),
    ("内存2GB", "内存二GB"),
    # letters with numbers
    ("5G网络", "五G网络"),
    ("4K超高清", "四K超高清"),
    ("G20峰会", "G二十峰会"),
    ("3D打印", "三D打印"),
    ("MP3格式", "MP三格式"),
    ("A3版", "A三版"),
    ("C919大飞机", "C九一九大飞机"),
    ("PM2.5浓度", "PM二点五浓度"),
    ("COVID-19疫情", "COVID十九疫情"),
    # codes, digit by digit with 幺
    (
        "账号:17680501040004651,该企业2012年6月19日办理工商注销",
        "账号：幺七六八，零五零幺，零四零，零零四，六五幺，该企业二〇一二年六月十九日办理工商注销",
    ),
    ("开户许可证核准号:J5360000329302", "开户许可证核准号：J 五三六零，零零零，三二九，三零二"),
    ("开户许可证号:J5360001970401", "开户许可证号：J 五三六零，零零幺，九七零，四零幺"),
    ("咨询电话：0715-1234567", "咨询电话：零七幺五，幺二三四，五六七"),
    ("联系电话：13812345678", "联系电话：幺三八，幺二三四，五六七八"),
    ("邮编：437000", "邮编：四三七，零零零"),
    ("身份证号：42120219900101123X", "身份证号：四二幺二，零二幺九，九零零，幺零幺，幺二三 X"),
    ("拨打12345政务服务热线", "拨打幺二三四五政务服务热线"),
    ("请拨打110报警", "请拨打幺幺零报警"),
    ("贵州茅台（600519）", "贵州茅台，六零零，五幺九"),
    # project names and labels
    ("扎实推进“133提质工程”落地见效", "扎实推进一三三提质工程落地见效"),
    ("召开“3000人大会”", "召开三千人大会"),
    ("双11期间", "双十一期间"),
    ("《流浪地球3》这类大片", "流浪地球三这类大片"),
    # punctuation
    ("——第十六届北京国际电影节观察", "第十六届北京国际电影节观察"),
    ("《牌子》《纸手机》等短片引发刷屏", "牌子、纸手机等短片引发刷屏"),
    ("促进“影游融合”“动游融合”", "促进影游融合、动游融合"),
    ("所(部)全体干部职工", "所，部，全体干部职工"),
    ("（通讯员 孔媛）", "通讯员，孔媛"),
    ("生成“电影级”画面……今年以来", "生成电影级画面。今年以来"),
    ("AI如何融入电影产业?", "AI如何融入电影产业？"),
    ("“AI+”的出现", "AI加的出现"),
    ("读者/作者", "读者或作者"),
    ("穆罕默德·阿里", "穆罕默德阿里"),
    ("■ AI如何融入电影产业？", "AI如何融入电影产业？"),
    ("研发&生产", "研发和生产"),
    ("中国—东盟博览会", "中国、东盟博览会"),
    ("Wi-Fi覆盖", "Wi Fi覆盖"),
    ("周一~周五", "周一到周五"),
    ("实现1+1>2", "实现一加一大于二"),
    ("本报综合消息 新一轮科技革命", "本报综合消息，新一轮科技革命"),
    # list numbers and typographic variants
    ("1、户名:咸宁市海龙农资有限公司", "一、户名：咸宁市海龙农资有限公司"),
    ("1.加强领导。2.完善制度", "一、加强领导。二、完善制度"),
    ("①加强领导", "一、加强领导"),
    ("长征Ⅱ号", "长征二号"),
    ("１２３４５６人", "十二万三千四百五十六人"),
]

# The same readings for the offline voice: acronyms spelled in Han, words said.
HAN_CASES: list[tuple[str, str]] = [
    ("AI如何重塑电影产业", "诶艾如何重塑电影产业"),
    ("开户许可证核准号:J5360000329302", "开户许可证核准号：杰五三六零，零零零，三二九，三零二"),
    ("5G网络", "五吉网络"),
    ("G20峰会", "吉二十峰会"),
    ("Seedance2.0", "西丹斯二点零"),  # one word, not S-E-E-D-A-N-C-E
    ("AIGC影视内容", "诶艾吉西影视内容"),
    ("α粒子", "阿尔法粒子"),
]


def test_there_are_enough_real_cases() -> None:
    assert len(CASES) >= 80
    assert len({written for written, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("written", "spoken"), CASES)
def test_reads_like_a_newsreader(written: str, spoken: str) -> None:
    assert normalize(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), HAN_CASES)
def test_han_mode_spells_letters_in_han(written: str, spoken: str) -> None:
    result = normalize(written, latin="han")
    assert result == spoken
    assert is_spoken_clean(result, latin="han")


def keeps_han(written: str, spoken: str) -> bool:
    """True if every Han character of ``written`` is in ``spoken``, in the same order."""
    rest = iter(han_characters(spoken))
    return all(char in rest for char in han_characters(written))


@pytest.mark.parametrize(("written", "spoken"), CASES)
def test_every_case_is_clean_and_keeps_its_han(written: str, spoken: str) -> None:
    assert is_spoken_clean(spoken)
    assert keeps_han(written, spoken)


def test_keeps_han_notices_a_lost_or_changed_character() -> None:
    assert not keeps_han("至60", "到六十")
    assert not keeps_han("咸宁", "宁咸")


def test_seed_page_reads_clean_in_both_modes() -> None:
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
    for paragraph in paragraphs:
        for latin in ("letters", "han"):
            spoken = normalize(paragraph, latin=latin)
            assert is_spoken_clean(spoken, latin=latin), (paragraph, spoken)
            assert keeps_han(paragraph, spoken), paragraph


def test_normalised_text_normalises_to_itself() -> None:
    # Engines normalise the script's already-spoken text again: it must not change.
    for written, _ in CASES:
        spoken = normalize(written)
        assert normalize(spoken) == spoken
        assert normalize(spoken, latin="han") == normalize(written, latin="han")


def test_unknown_latin_mode_is_an_input_error() -> None:
    with pytest.raises(InputError, match="latin must be"):
        normalize("AI", latin="pinyin")  # type: ignore[arg-type]


def test_odd_input_is_dropped_not_spoken() -> None:
    assert normalize("") == ""
    assert normalize("  \n\n ") == ""
    assert normalize("😀好★") == "好"
    assert normalize("¥") == ""


def test_pause_marks_are_the_published_alphabet() -> None:
    assert PAUSE_MARKS == "，。！？；、："
    assert READING_ORDER[0].__name__ == "fold_width"


@pytest.mark.parametrize(
    ("text", "latin", "clean"),
    [
        ("二〇一二年，AI。", "letters", True),
        ("J 五三六零", "letters", True),
        ("iOS 十七点四", "letters", True),
        ("二〇一二年，AI。", "han", False),
        ("2012年", "letters", False),
        ("“你好”", "letters", False),
        ("你好 世界", "letters", False),
        ("AI  AIGC", "letters", False),
        (" AI", "letters", False),
        ("诶艾，你好！", "han", True),
        ("a-b", "letters", False),
    ],
)
def test_is_spoken_clean(text: str, latin: str, clean: bool) -> None:
    assert is_spoken_clean(text, latin=latin) is clean  # type: ignore[arg-type]
