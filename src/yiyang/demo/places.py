"""The demo city's region tree: Wuzhong (吴忠市, 640300) and its five counties (seed 000).

Township names are the real towns and streets of each county; communities and villages are real
where known and plausible otherwise. Codes follow 统计用区划代码: county 6 digits + 3-digit street
(001-099 streets, 100-199 towns, 200-299 townships) + 3-digit community. Coordinates are
approximate, around each county seat. Pure data: no Django import.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

PROVINCE = ("640000000000", "宁夏回族自治区")
CITY = ("640300000000", "吴忠市")


@dataclass(frozen=True)
class District:
    code: str  # 6 digits
    name: str
    latitude: float
    longitude: float
    weight: float  # share of the city's elders
    hui_share: float  # share of Hui elders (回族)
    doc_prefix: str  # how the county's civil-affairs office numbers its documents
    # (3-digit code, name, urban?, community or village names)
    streets: tuple[tuple[str, str, bool, tuple[str, ...]], ...]


@dataclass(frozen=True)
class PlaceRow:
    """One region of the tree, as `yiyang import_regions` reads it plus coordinates."""

    code: str
    name: str
    parent_code: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None


DISTRICTS: tuple[District, ...] = (
    District(
        "640302", "利通区", 37.99, 106.20, 0.30, 0.55, "吴利民发",
        (
            ("001", "胜利街道", True, ("富平社区", "明珠社区", "开元社区", "文卫社区", "裕西社区", "新华社区")),
            ("002", "金星街道", True, ("金花园社区", "友谊社区", "朝阳社区", "盛元社区", "东升社区")),
            ("003", "古城街道", True, ("古城社区", "红星社区", "民族社区", "富康社区", "利民社区")),
            ("004", "上桥街道", True, ("上桥社区", "兴业社区", "滨河社区", "康乐社区")),
            ("100", "金积镇", False, ("西门村", "秦坝关村", "大庙桥村", "田湾村", "余桥村", "漫水桥村")),
            ("101", "金银滩镇", False, ("李家湖村", "巴浪湖村", "灵白村", "团结村", "中庄村")),
            ("102", "高闸镇", False, ("韩桥村", "高闸村", "朝阳村", "马家湖村", "郭桥村", "涝河桥村")),
            ("103", "扁担沟镇", False, ("扁担沟村", "五里坡村", "黄沙窝村", "东沙窝村", "菜园村")),
            ("104", "上桥镇", False, ("牛家坊村", "罗家湖村", "上桥村", "早元村", "塔湾村")),
            ("105", "古城镇", False, ("党家河湾村", "塔湾村", "新华桥村", "立新村", "古城湾村")),
            ("200", "郭家桥乡", False, ("郭家桥村", "瓦渠村", "罗渠村", "东门村", "金塔村")),
            ("201", "马莲渠乡", False, ("马莲渠村", "包寨村", "王家团庄村", "蔡家桥村")),
            ("202", "东塔寺乡", False, ("东塔寺村", "白寺滩村", "石佛寺村", "涝河村")),
            ("203", "板桥乡", False, ("板桥村", "罗湖村", "早元村", "马家湖村")),
        ),
    ),
    District(
        "640303", "红寺堡区", 37.42, 106.06, 0.13, 0.62, "红民发",
        (
            ("001", "新民街道", True, ("新民社区", "朝阳社区", "罗山社区", "和顺社区")),
            ("100", "红寺堡镇", False, ("红寺堡村", "中圈塘村", "永新村", "兴盛村", "上源村", "梨花村")),
            ("101", "太阳山镇", False, ("太阳山村", "六百户村", "红柳沟村", "东源村")),
            ("200", "大河乡", False, ("大河村", "龙源村", "乌沙塘村", "关马湖村", "石坡子村")),
            ("201", "南川乡", False, ("南川村", "白墩村", "新集村", "野滩村")),
            ("202", "柳泉乡", False, ("柳泉村", "甜水河村", "沙草墩村", "永新村")),
            ("203", "新庄集乡", False, ("新庄集村", "红塔村", "杨柳村", "康庄村", "团结村")),
        ),
    ),
    District(
        "640323", "盐池县", 37.78, 107.41, 0.12, 0.04, "盐民发",
        (
            ("100", "花马池镇", False, ("城西社区", "城东社区", "北塘社区", "盐州社区", "柳杨堡村", "佟记圈村", "皖记沟村")),
            ("101", "大水坑镇", False, ("大水坑村", "新桥村", "摆宴井村", "向阳村", "东风村")),
            ("102", "惠安堡镇", False, ("惠安堡村", "杜记沟村", "隰宁堡村", "大坝村")),
            ("103", "高沙窝镇", False, ("高沙窝村", "大圈村", "兴武营村", "宝塔村")),
            ("200", "王乐井乡", False, ("王乐井村", "曾记畔村", "狼布掌村", "刘四渠村")),
            ("201", "冯记沟乡", False, ("冯记沟村", "暴记春村", "马儿庄村", "汪水塘村")),
            ("202", "青山乡", False, ("青山村", "古峰庄村", "营盘台村", "方山村")),
            ("203", "麻黄山乡", False, ("麻黄山村", "何新庄村", "李塬畔村", "胶泥湾村")),
        ),
    ),
    District(
        "640324", "同心县", 36.98, 105.91, 0.24, 0.85, "同民发",
        (
            ("100", "豫海镇", False, ("清真社区", "团结社区", "锦华社区", "振兴社区", "新区社区", "杨家河湾村")),
            ("101", "河西镇", False, ("河西村", "同心村", "旱天岭村", "上河湾村", "菊花台村")),
            ("102", "韦州镇", False, ("韦州村", "红城水村", "南关村", "东门村", "老庄村")),
            ("103", "下马关镇", False, ("下马关村", "南关村", "陈儿庄村", "西沟村")),
            ("104", "预旺镇", False, ("预旺村", "贺家塬村", "南塬村", "沟南村")),
            ("105", "王团镇", False, ("王团村", "北村", "倒墩子村", "大沟沿村")),
            ("106", "丁塘镇", False, ("丁塘村", "新华村", "金家井村", "民生村")),
            ("200", "田老庄乡", False, ("田老庄村", "大岭村", "沙沟村")),
            ("201", "马高庄乡", False, ("马高庄村", "冯家塬村", "桃山村")),
            ("202", "张家塬乡", False, ("张家塬村", "汪家塬村", "阳河村")),
            ("203", "兴隆乡", False, ("兴隆村", "李堡村", "单家集村", "下垣村")),
        ),
    ),
    District(
        "640381", "青铜峡市", 38.02, 106.08, 0.21, 0.30, "青民发",
        (
            ("001", "裕民街道", True, ("富平社区", "朝阳社区", "裕民社区", "新华社区", "文化社区")),
            ("100", "小坝镇", False, ("小坝社区", "光明社区", "民乐村", "新华村", "林皋村", "光辉村")),
            ("101", "大坝镇", False, ("大坝村", "韦桥村", "蒋顶村", "中庄村", "利民村")),
            ("102", "青铜峡镇", False, ("青铜峡村", "桃林村", "沙湖村", "余家桥村")),
            ("103", "叶盛镇", False, ("叶盛村", "正丰村", "地三村", "龙门村", "五星村")),
            ("104", "瞿靖镇", False, ("时坊村", "瞿靖村", "朝阳村", "毛桥村", "玉西村")),
            ("105", "峡口镇", False, ("峡口村", "郝渠村", "沙坝村", "五道桥村")),
            ("106", "邵岗镇", False, ("邵岗村", "玉桥村", "沈闸村", "同庄村")),
            ("107", "陈袁滩镇", False, ("陈袁滩村", "马家湾村", "胜利村", "杨家湾村")),
        ),
    ),
)  # fmt: skip


def _near(rng: random.Random, latitude: float, longitude: float, spread: float):
    return (
        Decimal(f"{latitude + rng.uniform(-spread, spread):.6f}"),
        Decimal(f"{longitude + rng.uniform(-spread, spread):.6f}"),
    )


def place_rows() -> list[PlaceRow]:
    """Return the whole tree, parents first, with approximate coordinates."""
    rows = [
        PlaceRow(PROVINCE[0], PROVINCE[1], ""),
        PlaceRow(CITY[0], CITY[1], PROVINCE[0], Decimal("37.986000"), Decimal("106.199000")),
    ]
    for district in DISTRICTS:
        district_code = district.code + "000000"
        rows.append(
            PlaceRow(
                district_code,
                district.name,
                CITY[0],
                Decimal(f"{district.latitude:.6f}"),
                Decimal(f"{district.longitude:.6f}"),
            )
        )
        for street_code, street_name, is_urban, communities in district.streets:
            code = district.code + street_code + "000"
            # Seeded by the code, so the tree never depends on the elders' seed.
            rng = random.Random(code)
            spread = 0.03 if is_urban else 0.25
            street_lat, street_lng = _near(rng, district.latitude, district.longitude, spread)
            rows.append(PlaceRow(code, street_name, district_code, street_lat, street_lng))
            for index, community_name in enumerate(communities, start=1):
                lat, lng = _near(rng, float(street_lat), float(street_lng), 0.02)
                rows.append(PlaceRow(f"{code[:9]}{index:03d}", community_name, code, lat, lng))
    return rows


def csv_text() -> str:
    """Return the tree as the CSV `yiyang import_regions` reads (code,name,parent_code)."""
    lines = ["code,name,parent_code"]
    lines += [f"{row.code},{row.name},{row.parent_code}" for row in place_rows()]
    return "\n".join(lines) + "\n"
