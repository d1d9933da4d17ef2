"""A purchase-record CSV as a Japanese retailer's Excel exports it, for the encoding tests.

What makes it realistic (each thing seen in real exports): Shift_JIS as Windows writes it
(CP932: 髙, 﨑, ①, ㈱ and the wave dash ～ exist only there), CRLF line ends, a cell with a
line break inside quotes, `="0123"` cells that keep the leading zeros of ids and phone numbers,
full-width digits and letters typed with a Japanese IME (０９０－１２３４－５６７８, ｍＬ), half-width
katakana for the reading of names, thousands separators and a yen sign on amounts ("¥1,200",
whose yen sign is the byte 0x5C in Shift_JIS and reads as a backslash), and dates as Excel
shows them ("2025/4/1 9:05").
"""

from __future__ import annotations

import random
import unicodedata

HEADER = (
    "retailer,store,transaction_id,purchased_at,item,substance,quantity,unit,price_jpy,"
    "buyer_name,buyer_name_kana,buyer_phone,buyer_address,payment_method"
)
_RETAILERS = ("ホームセンター髙島㈱", "ドラッグストア山﨑", "㈱カインズ風ホーム", "EC-ショップ①")
_SURNAMES = ("髙橋", "山﨑", "佐藤", "鈴木", "渡邊", "齋藤", "田中", "伊藤")
_KANA_SURNAMES = ("ﾀｶﾊｼ", "ﾔﾏｻﾞｷ", "ｻﾄｳ", "ｽｽﾞｷ", "ﾜﾀﾅﾍﾞ", "ｻｲﾄｳ", "ﾀﾅｶ", "ｲﾄｳ")
_GIVEN = ("太郎", "花子", "健太", "美咲", "翔", "陽菜")
_KANA_GIVEN = ("ﾀﾛｳ", "ﾊﾅｺ", "ｹﾝﾀ", "ﾐｻｷ", "ｼｮｳ", "ﾋﾅ")
_ITEMS = (
    ("石灰硫黄合剤～500mL", "硫黄", "mL", "500"),
    ("園芸用硫黄粉末　1kg", "硫黄", "kg", "1"),
    ("除光液（アセトン）220ｍＬ", "アセトン", "ｍＬ", "220"),
    ("化成肥料 5kg\n（詰め替え用）", "硝酸アンモニウム", "kg", "5"),
    ("ＢＢＱ用木炭３kg", "", "kg", "３"),
    ("業務用洗剤 ケース", "", "pcs", "1,000"),
)
_WARDS = ("豊島区池袋", "新宿区西新宿", "渋谷区道玄坂", "練馬区豊玉北", "北区赤羽")


def _cell(value: str, quote_formulas: bool) -> str:
    if value.startswith('="') and not quote_formulas:
        return value  # written bare, as most systems do: ="0123"
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def purchase_rows(count: int, seed: int = 21) -> list[list[str]]:
    """The cells of `count` rows, as the spreadsheet shows them."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        item, substance, unit, quantity = _ITEMS[i % len(_ITEMS)]
        phone = f"090{rng.randrange(10**8):08d}"
        phone_cell = (
            f'="{phone}"',
            _full_width(f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"),
            f"{phone[:3]}-{phone[3:7]}-{phone[7:]}",
        )[i % 3]
        price = 300 + (i * 37) % 50_000
        # 0x5C, the yen sign of Shift_JIS, reads as a backslash in CP932.
        price_cell = (f"\\{price:,}", f"￥{price:,}", str(price), f"{price:,}")[i % 4]
        minute = rng.randrange(60)
        when = f"2025/{1 + i % 12}/{1 + i % 28} {rng.randrange(24)}:{minute:02d}"
        if i % 50 == 0:
            when = _full_width(when.replace(" ", "　")).replace("　", " ")
        surname, given = i % len(_SURNAMES), i % len(_GIVEN)
        rows.append(
            [
                _RETAILERS[i % len(_RETAILERS)],
                f"池袋{(i % 9) + 1:d}号店" if i % 7 else "池袋①号店",
                f'="{i:08d}"',
                when,
                item,
                substance,
                quantity,
                unit,
                price_cell,
                f"{_SURNAMES[surname]}　{_GIVEN[given]}",
                f"{_KANA_SURNAMES[surname]} {_KANA_GIVEN[given]}",
                phone_cell,
                f"東京都{_WARDS[i % len(_WARDS)]}{1 + i % 4}丁目{1 + i % 20}－{1 + i % 9}",
                ("cash", "card", "e_money", "qr")[i % 4],
            ]
        )
    return rows


def excel_csv(rows: list[list[str]], encoding: str = "cp932") -> bytes:
    """The rows as Excel writes a CSV: CRLF, quotes only where needed, in `encoding`."""
    lines = [HEADER] + [
        ",".join(_cell(c, quote_formulas=i % 2 == 1) for c in row) for i, row in enumerate(rows)
    ]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def phone_key(cell: str) -> str:
    """What the phone cell means: its digits (for checking the stored mention)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", cell) if ch.isdigit())
