"""Marketplace listings and company approach reports.

Legal replicas (model guns, airsoft, plastic dummy cartridges) are the decoys around the
planted listings of real spent cases and a "toy" gun hinted to take live rounds.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from kizashi.demo.clock import at, day_str, iso, natural, random_time
from kizashi.demo.manifest import ESPIONAGE_CASE, LISTING_CASE, Ledger

__all__ = ["build_company_approaches", "build_listings"]

_MARKETS = {"kaeru-market": "カエルマーケット", "hanamaru-auction": "はなまるオークション"}
_PREFS = ["東京都", "神奈川県", "埼玉県", "千葉県", "大阪府", "愛知県", "福岡県", "北海道"]
_MODELS = ["M4カービン", "グロック17", "ガバメント", "MP5", "AK47", "ベレッタM92F", "P226"]
_GAMES = ["星屑ファイターズ", "放課後ドラゴン", "深海のアルカナ", "鋼鉄のパレード"]
# (title template, category, min price, max price, description, replica?)
_ORDINARY: tuple[tuple[str, str, int, int, str, bool], ...] = (
    (
        "ゲームソフト {game}（中古）",
        "ゲーム",
        1500,
        5800,
        "動作確認済み。ケースに小傷あり。",
        False,
    ),
    (
        "メンズ ダウンジャケット Lサイズ 黒",
        "メンズファッション",
        3000,
        12000,
        "2シーズン着用。",
        False,
    ),
    (
        "ワンピース 花柄 Mサイズ",
        "レディースファッション",
        1200,
        4800,
        "数回着用、美品です。",
        False,
    ),
    ("スニーカー 27cm 白", "靴", 2500, 9800, "箱なし。", False),
    ("{game} アクリルスタンド", "おもちゃ・ホビー", 800, 3000, "未開封。", False),
    (
        "モデルガン {model} 金属製 SMG刻印",
        "ミリタリー",
        12000,
        38000,
        "正規品のモデルガンです。銃口閉塞・SMG刻印あり。発射機能はありません。",
        True,
    ),
    (
        "エアソフトガン 電動 {model} ASGK適合",
        "ミリタリー",
        8000,
        32000,
        "18歳以上用。0.98J以下の適合品。バッテリー付き。",
        True,
    ),
    ("ガスガン 予備マガジン {model}用", "ミリタリー", 2000, 6000, "ガス漏れなし。", True),
    ("BB弾 0.20g 5000発", "ミリタリー", 800, 1800, "エアソフトガン用。未開封。", True),
    (
        "ダミーカート 10発 プラ製 モデルガン用",
        "ミリタリー",
        600,
        2400,
        "モデルガン用の樹脂製ダミーカートです。火薬・雷管はありません。",
        True,
    ),
    ("サバゲー用 フェイスマスク", "ミリタリー", 900, 2500, "使用回数少なめ。", True),
)
_PLANTED: tuple[tuple[str, str, str, int, int, int, str, str, int], ...] = (
    # (market, seller, title, month, day, hour, description, category, price)
    (
        "kaeru-market",
        "gunsmith_k",
        "空薬莢 10個セット 実物 9mm",
        10,
        9,
        21,
        "海外の射撃場で回収した本物の空薬莢です。雷管は使用済み。インテリアやコレクションに。",
        "ミリタリー",
        3800,
    ),
    (
        "kaeru-market",
        "mil_surplus_77",
        "薬莢 ライフル 実物 .308 20個",
        10,
        12,
        22,
        "実物の真鍮製ライフル薬莢。再使用できる状態です。説明は取引メッセージで。",
        "ミリタリー",
        6500,
    ),
    (
        "kaeru-market",
        "gunsmith_k",
        "空薬莢 5.56mm 30個 真鍮 実物",
        10,
        18,
        23,
        "実物の空薬莢30個。まとめ買い歓迎。",
        "ミリタリー",
        7200,
    ),
    (
        "hanamaru-auction",
        "reload_tanaka",
        "薬莢・弾頭 リロード用セット 実物",
        10,
        20,
        1,
        "薬莢と弾頭のセット。雷管なし。リロードに。分かる方のみ入札してください。",
        "コレクション",
        12000,
    ),
    (
        "kaeru-market",
        "gunsmith_k",
        "トイガン 金属スライド カスタム済み",
        10,
        24,
        0,
        "見た目はおもちゃです。バレル・スライド交換済みで、実弾対応（自己責任）。"
        "分かる人だけ。手渡しのみ、住所は取引後に。",
        "おもちゃ・ホビー",
        98000,
    ),
)


def _listing(
    market: str,
    listing_id: str,
    seller: str,
    title: str,
    description: str,
    price: int,
    category: str,
    moment_iso: str,
    received: str,
    pref: str,
) -> dict[str, Any]:
    return {
        "source": f"marketplace:{market}",
        "external_id": f"{market}:{listing_id}",
        "received_at": received,
        "marketplace": market,
        "listing_id": listing_id,
        "seller_handle": seller,
        "title": title,
        "description": description,
        "price_jpy": price,
        "category": category,
        "listed_at": moment_iso,
        "ship_from": pref,
        "url": f"https://{market}.example.jp/item/{listing_id}",
    }


def build_listings(ledger: Ledger, rng: random.Random, *, total: int = 200) -> None:
    ledger.decoy_group(
        "decoy-listing-legal-replica",
        "legal_replica",
        "legal model guns, airsoft parts and plastic dummy cartridges",
    )
    # Planted and ordinary listings draw ids from one random pool: no id range gives them away.
    numbers = iter(rng.sample(range(10**10, 10**11), total))

    def listing_id(market: str) -> str:
        number = next(numbers)
        return f"m{number}" if market == "kaeru-market" else f"{'abcdefghjk'[number % 10]}{number}"

    for n, (market, seller, title, month, day, hour, text, category, price) in enumerate(_PLANTED):
        moment = natural(at(month, day, hour, 7 * n), title)
        ledger.add(
            "listing",
            _listing(
                market,
                listing_id(market),
                seller,
                title,
                text,
                price,
                category,
                iso(moment),
                iso(moment + timedelta(days=1)),
                "埼玉県" if seller == "gunsmith_k" else "大阪府",
            ),
            case=LISTING_CASE,
            role=f"listing by {seller}",
        )
    sellers = [
        f"{w}{rng.randrange(1000)}"
        for w in ("hobby_", "closet_", "mama_", "game_", "surv_", "mil_", "shop_", "book_") * 8
    ]
    for _ in range(max(0, total - len(_PLANTED))):
        title, category, low, high, text, replica = rng.choice(_ORDINARY)
        title = title.replace("{game}", rng.choice(_GAMES)).replace("{model}", rng.choice(_MODELS))
        market = rng.choice(list(_MARKETS))
        moment = random_time(rng)
        record = _listing(
            market,
            listing_id(market),
            rng.choice(sellers),
            title,
            text,
            rng.randrange(low, high, 100),
            category,
            iso(moment),
            iso(moment + timedelta(hours=rng.randint(1, 48))),
            rng.choice(_PREFS),
        )
        ledger.add("listing", record, decoy="decoy-listing-legal-replica" if replica else None)


_SEMICON = "東都セミコンダクター株式会社"
_ORDINARY_APPROACHES: tuple[tuple[str, str, str, str, str, str, str, str, tuple[int, int]], ...] = (
    (
        "KM-2026-014",
        "関東マテリアル株式会社",
        "materials",
        "中村 直樹",
        "材料開発主任",
        "conference",
        "応用物理学会の懇親会で大学の研究者と名刺交換。共同研究の一般的な打診のみで、"
        "社内の産学連携窓口を案内した。",
        "東都大学 応用化学研究室",
        (10, 7),
    ),
    (
        "TSC-HR-2026-031",
        _SEMICON,
        "semiconductor",
        "小林 彩",
        "設計エンジニア",
        "recruitment",
        "国内の転職エージェントから転職の打診。守秘義務の範囲を確認した上で断った。",
        "株式会社キャリアブリッジ",
        (10, 9),
    ),
    (
        "MAI-2026-003",
        "みなとAIラボ株式会社",
        "ai",
        "井上 亮",
        "研究員",
        "online",
        "SNS経由で海外大学の教授を名乗る人物から共同研究の依頼。大学の公式アドレスで確認が取れた。",
        "University of Example",
        (10, 15),
    ),
    (
        "JT-2026-022",
        "城北テレコム株式会社",
        "telecom",
        "藤田 恵",
        "購買担当",
        "gift",
        "取引先から社内規程の範囲内の菓子折り。通常の商慣行。",
        "株式会社アオバ電子",
        (10, 20),
    ),
    (
        "TSC-CI-2026-006",
        _SEMICON,
        "semiconductor",
        "石川 修",
        "営業",
        "request_for_information",
        "市場調査会社を名乗る電話で生産能力について質問。公開情報のみ回答し、以後は広報へ回した。",
        "株式会社リサーチワン",
        (10, 22),
    ),
)


def build_company_approaches(ledger: Ledger) -> None:
    ledger.decoy_group(
        "decoy-company-approach",
        "legit_approach",
        "ordinary business contacts reported out of caution",
    )
    for ref, company, sector, employee, role, kind, text, affiliation, (
        m,
        d,
    ) in _ORDINARY_APPROACHES:
        ledger.add(
            "company_approach",
            {
                "source": f"company:{ref.split('-')[0].lower()}",
                "external_id": f"{company}:{ref}",
                "received_at": iso(at(m, d + 1, 11, 0)),
                "report_ref": ref,
                "company": company,
                "sector": sector,
                "employee_name": employee,
                "employee_role": role,
                "approacher_affiliation": affiliation,
                "approach_type": kind,
                "description": text,
                "approach_date": day_str(at(m, d, 12)),
            },
            decoy="decoy-company-approach",
        )

    ref = "TSC-CI-2026-007"
    ledger.add(
        "company_approach",
        {
            "source": "company:tsc",
            "external_id": f"{_SEMICON}:{ref}",
            "received_at": iso(at(10, 30, 16, 0)),
            "report_ref": ref,
            "company": _SEMICON,
            "sector": "semiconductor",
            "employee_name": "佐藤 健一",
            "employee_role": "EUVリソグラフィ プロセスエンジニア",
            "approacher_name": "Viktor Halloran",
            "approacher_affiliation": "在日エルダニア共和国大使館 商務部 (trade attaché)",
            "approacher_nationality": "エルダニア",
            "approacher_phone": "080-4455-9012",
            "approacher_email": "v.halloran@eldania-embassy.example.com",
            "approach_type": "dinner",
            "description": (
                "10月6日の業界セミナー後、商務担当官を名乗る人物が佐藤に声をかけ、以後、六本木と銀座で"
                "計4回（10/6、10/14、10/21、10/29）会食。費用はすべて相手持ち。3回目から露光プロセス条件や"
                "歩留まりについて具体的な質問が増え、4回目には『EUV露光のプロセスデータをUSBで少し"
                "見せてもらえないか、謝礼は用意する』と依頼された。佐藤は断り、上司に報告した。"
            ),
            "approach_date": "2026-10-06",
            "technologies": ["EUVリソグラフィ", "露光プロセス条件", "ペリクル", "歩留まりデータ"],
        },
        case=ESPIONAGE_CASE,
        role="company report: dinners and request for EUV process data",
    )
    # A second company reports the same attaché under another romanisation, with the same
    # mobile number: resolve joins them, outreach reads it at "meals / grievances" and the
    # two companies together raise an alert for the country desk.
    ref = "KM-2026-031"
    ledger.add(
        "company_approach",
        {
            "source": "company:km",
            "external_id": f"関東マテリアル株式会社:{ref}",
            "received_at": iso(at(11, 1, 10, 0)),
            "report_ref": ref,
            "company": "関東マテリアル株式会社",
            "sector": "materials",
            "employee_name": "中村 直樹",
            "employee_role": "材料開発主任",
            "approacher_name": "Victor Haloran",
            "approacher_affiliation": "エルダニア共和国大使館 商務部",
            "approacher_nationality": "エルダニア",
            "approacher_phone": "080-4455-9012",
            "approach_type": "dinner",
            "description": (
                "10月19日、川崎の素材技術展示会の懇親会で、商務担当を名乗る外国人男性が中村に日本語で"
                "声をかけた。以後、川崎駅近くの居酒屋で3回（10/19、10/24、10/30）会食し、費用はすべて"
                "相手が払った。相手は中村の人事評価や待遇への不満を親身に聞き、「あなたは正当に評価"
                "されていない」と繰り返した。今のところ情報や資料の要求はない。"
            ),
            "approach_date": "2026-10-19",
            "technologies": ["高純度フッ化水素", "フォトレジスト材料"],
        },
        case=ESPIONAGE_CASE,
        role="second company: the same attaché, another romanisation, meals and grievances",
    )
    # The semiconductor company asks for a follow-up consultation: the attaché wrote again,
    # in katakana this time, from the same number.
    ref = "TSC-CI-2026-009"
    ledger.add(
        "company_consultation",
        {
            "source": "company:tsc",
            "external_id": f"{_SEMICON}:{ref}",
            "received_at": iso(at(11, 2, 18, 0)),
            "report_ref": ref,
            "company": _SEMICON,
            "employee_name": "佐藤 健一",
            "employee_role": "EUVリソグラフィ プロセスエンジニア",
            "approacher_name": "ヴィクトル・ハロラン",
            "approacher_affiliation": "在日エルダニア共和国大使館 商務部",
            "approacher_phone": "080-4455-9012",
            "previous_report_ref": "TSC-CI-2026-007",
            "preferred_format": "visit",
            "description": (
                "11月2日、先日報告した商務担当官から佐藤の個人携帯に再びメッセージ。「先日のお詫びに"
                "また食事をご馳走したい、ご家族もぜひ」とのこと。どう対応すべきか個別に相談したい。"
            ),
            "contact_date": "2026-11-02",
        },
        case=ESPIONAGE_CASE,
        role="follow-up consultation: the attaché writes again, in katakana",
    )
    ledger.add(
        "research_request",
        {
            "source": "company:mai",
            "external_id": "みなとAIラボ株式会社:MAI-R-2026-004",
            "received_at": iso(at(10, 27, 9, 0)),
            "report_ref": "MAI-R-2026-004",
            "institution": "みなとAIラボ株式会社",
            "request_kind": "visiting_researcher",
            "technology": ["AI推論チップの設計", "量子化手法"],
            "counterpart_name": "李 偉",
            "counterpart_affiliation": "北京先進計算研究院",
            "counterpart_nationality": "中国",
            "counterpart_email": "li.wei@bjaci.example.cn",
            "funding": "相手方の国家プロジェクト資金で全額負担",
            "description": (
                "客員研究員として6か月間、当社の推論チップ設計チームに研究員1名を受け入れてほしい"
                "との打診。設計データへのアクセスを希望している。"
            ),
            "requested_on": "2026-10-26",
        },
    )
