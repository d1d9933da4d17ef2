"""Held-out family AU–AV for ``share_pii.py`` (written by hand 2026-12-06 16:40 UTC by pii25,
before any change of the twenty-fifth round and before its texts were run through the
tear-line; measured on integ d0491aa first). **AU is the round's tune half** (its misses may
be listed); **AV is frozen**: run at the round's start and once at its end, aggregates only,
its misses never listed (``--show-misses`` skips it).

Styles no earlier family used, split by style, never by item:

AU police interview transcripts with speaker labels (供述調書の聴取メモ, 取調べ録音の反訳, an
  English interview record with Q/A and named speakers) and partner tips from real-estate
  agents and retailers (a letting agent's note on a suspicious tenant, a property manager's
  e-mail, a pawnshop's purchase slip, a jeweller's and a drugstore's tip, a used-car dealer);
AV company consultation notes from economic-security outreach with visitors' business cards
  (名刺 transcribed, an English card, a consultation record of a technology leak), court
  judgment summaries (判決要旨, an English sentencing note) and informant-contact logs
  (接触記録 with meeting places; the informant's own line is the source rule's).

Values are marked in place, ``[[kind:value]]``; words that must stay (firms, brands, places,
offices, courts, laws) ``{{word}}``. Gold as AK–AT: a label before a number is no part of it,
an honorific at a name's edge is not asked for, nor 生 after a date of birth. Scored as AK–AT
(lenient recall, strict recall, must-keep words over-removed).
"""

from __future__ import annotations

from share_pii_al import Doc, parse


def docs(half: str) -> list[Doc]:
    """AU (tune) or AV (frozen)."""
    return parse({"AU": AU, "AV": AV}[half])


AU = """\
=== I01 interview
取調べ録音 反訳（12月3日 14:05〜）
取調官：名前と生年月日を言ってください。
[[name:仲宗根]]：[[name:仲宗根 勇樹]]です。[[dob:平成11年7月14日]]生まれ。
取調官：住所は。
[[name:仲宗根]]：[[address:足立区保木間5-22-8]]のアパートです。[[name:儀保]]って先輩と住んでます。
取調官：[[name:儀保]]さんの下の名前は。
[[name:仲宗根]]：[[name:光輝]]です。携帯は[[phone:090-7734-1182]]。
=== I02 interview
聴取メモ（参考人）
問　あなたと被害者の関係は。
答　同じ職場（{{ヤマダデンキ}}{{竹ノ塚店}}）の同僚です。[[name:東恩納]]さんとは3年くらい。
問　当日、誰と一緒でしたか。
答　[[name:与那覇 千尋]]さんと、{{LINE}}で「[[account:chihiro_yn88]]」って名前の人です。
問　あなたの年齢は。
答　[[age:27]]です。
=== I03 interview
Interview record — {{Metropolitan Police Department}} liaison, interpreter present
Q (interviewer): State your full name.
A ([[name:Olusegun Adeyemi]]): [[name:Olusegun Adeyemi]]. People call me [[name:Segun]].
Q: Where do you live?
A: [[address:Nishiarai 6-3-14, Adachi-ku]], room 302. With my cousin [[name:Chidi Okafor]].
Q: Phone?
A: [[phone:080-4419-2276]]. My date of birth is [[dob:3 March 1992]].
=== I04 interview
供述要旨（被疑者）
被疑者 [[name:桃原 颯]]（[[age:19]]）は、[[name:Ｈ・Ｎ]]から「荷物を受け取るだけ」と誘われたと供述。
[[name:Ｈ・Ｎ]]とは{{Instagram}}で知り合い、[[account:@hn_work_2026]]から連絡があった。
受け取り先は[[address:草加市松原2-1-5]]の空き室。[[name:桃原]]の母 [[name:桃原 さち]]が同席。
=== P01 agent
【情報提供】{{ミニミニ}}{{北千住店}} 店長より
11月契約の入居者 [[name:漢那 健吾]] 様（[[dob:1988/02/19]]生）について、
契約直後から複数の男性が出入り。物件：[[address:足立区千住柳町14-6 サンライズ柳町 105]]
緊急連絡先に記載の [[name:漢那 ミツ]]（母）[[phone:098-876-3310]] は不通。
=== P02 agent
件名：管理物件の件（{{大京アステージ}}）
{{竹の塚警察署}} 生活安全課 御中
いつもお世話になります。[[address:竹の塚6-9-2]]の区分所有者 [[name:Mohammed Rahman]]様の
住戸で、郵便受けに他人名義（[[name:慶田盛 修]]、[[name:Ly Thanh Tung]]）の郵便物が大量に届いています。
所有者の連絡先は [[phone:03-5851-7730]]、[[email:m.rahman.jp@gmail.com]] です。
=== P03 retailer
古物買取伝票（{{大黒屋}}{{西新井店}}）
売主 [[name:羽地 廉]]　[[age:31]]才
本人確認：運転免許証 [[id:301208774451]]
住所 [[address:埼玉県八潮市大曽根744-3]]
品目：{{ロレックス}} {{サブマリーナ}} 1点 買取額 980,000円
=== P04 retailer
{{マツモトキヨシ}} 防犯担当からの連絡メモ
同一人物と思われる男が3店舗で咳止め薬を大量購入。ポイントカード名義 [[name:ﾏﾃﾞｨﾗ ﾀｸﾏ]]、
会員番号 [[id:2800-4417-9902]]。レシートの電話番号欄 [[phone:080-2933-1147]]。
=== P05 retailer
Tip from a jeweller ({{Tiffany & Co.}} {{Ginza}}) — via e-mail
A customer who gave the name [[name:Viktor Hrabal]] paid 4.2 million yen in cash for two rings.
He showed a card in the name of [[name:Jan Novotny]] and left [[phone:+420 603 118 447]].
He mentioned staying with a friend, [[name:Mei Tanabe]], in [[address:Kojimachi 4-2-7, Chiyoda-ku]].
=== P06 dealer
中古車販売店（{{ガリバー}}の加盟店）からの情報
購入者 [[name:具志堅 瑠偉]]、現金一括、車両 {{プリウス}} 新ナンバー [[plate:足立 300 そ 71-04]]
書類上の住所 [[address:足立区伊興本町1-7-19]]、勤務先欄は空白。同行の女性は「[[name:ユイ]]」と呼ばれていた。
"""

AV = """\
=== E01 outreach
経済安全保障 アウトリーチ 相談記録（{{警視庁}}公安部 → {{足立区}}内 製造業）
訪問先：{{株式会社テクノ精工}} 本社
応対者名刺：取締役技術部長 [[name:志喜屋 良平]]／直通 [[phone:03-3850-4418]]／[[email:shikiya@techno-seiko.co.jp]]
相談内容：元社員 [[name:又吉 健太郎]]（[[age:42]]）が退職前に設計データを私用 USB に複写した疑い。
同人の転職先は{{深圳}}の企業とのこと。
=== E02 outreach
Business card received at the outreach visit
{{Hanwha Aerospace}} — Tokyo Liaison Office
[[name:Seo Jun-ho]], Senior Manager, Technology Partnerships
Mobile [[phone:+81 80 7712 3094]] · [[email:junho.seo@hanwha.com]]
He asked about joint research with {{Tokyo Denki University}}; introduced by Prof. [[name:Keiko Aragaki]].
=== E03 outreach
相談メモ（経済安保）：{{東京都}}内 大学発ベンチャー
来訪者：CEO [[name:座間味 絢]]、CTO [[name:Dmitri Volkov]]
[[name:Volkov]]氏の前職の同僚 [[name:Alexei Sokolov]]から、{{LinkedIn}}経由で[[account:linkedin.com/in/a-sokolov-ru]]と名乗る人物が接触。
名刺の住所 [[address:千代田区外神田4-14-1 秋葉原UDX 17F]]（シェアオフィス）。
=== C01 judgment
判決要旨（{{東京地方裁判所}}）
被告人 [[name:伊計 崇史]]（[[age:36]]）を懲役3年、執行猶予5年に処する。
被告人は共犯者 [[name:浜比嘉 淳]]と共謀し、被害者 [[name:Ａ・Ｋ]]（当時[[age:81]]歳）方（[[address:足立区東和3-11-4]]）において、
息子を装って現金200万円を受け取った。
=== C02 judgment
Sentencing note — {{Tokyo District Court}}
The defendant, [[name:Rafael Mendoza Cruz]] (born [[dob:14 February 1990]]), a national of {{Peru}},
was sentenced to two years and six months. His partner [[name:Yesenia Quispe]] was not charged.
Residence at the time: [[address:Higashi-Ikebukuro 2-41-8, Toshima-ku]].
=== C03 judgment
判決書抄本 送付書
事件の表示 傷害被告事件　被告人 [[name:波照間 聖也]]
弁護人 [[name:新城 まどか]]弁護士（{{第二東京弁護士会}}）
被害者 [[name:宮良]]（[[age:24]]）の治療費は被告人の父 [[name:波照間 昇]]が支払い済み。
=== K01 contact
接触記録
12/1 19:30 {{北千住駅}}西口の喫茶店で接触。
同人によると、[[name:仲村渠 正吾]]が最近{{ヤフオク}}で偽造カードを売っており、出品者名は「[[account:shogo_nk_07]]」。
[[name:仲村渠]]の交際相手 [[name:アマンダ]]（ブラジル籍、[[phone:070-3312-8849]]）が受け渡しを担当。
=== K02 contact
接触記録（続報）
[[name:仲村渠]]は[[address:足立区関原2-8-13]]の2階に出入りしている。
車両は黒の{{ヴェルファイア}} [[plate:足立 310 ら 55-18]]。
運転しているのは[[name:比嘉 昌平]]、通称「[[name:マサ]]」。
=== K03 contact
Contact log — meeting at {{Starbucks}} {{Kitasenju}}
The contact said that [[name:Bilal Chaudhry]] now rents a room at [[address:Umeda 7-12-3, Adachi-ku]].
His phone is [[phone:090-6618-2047]]; his brother [[name:Usman]] works at a car-export yard in {{Yashio}}.
"""
