"""Held-out family AO–AP for ``share_pii.py`` (written by hand 2026-12-06 12:40 UTC by pii22,
before any change of the twenty-second round and before its texts were run through the
tear-line; measured on main 8b71e77 first). **AO is the round's tune half** (its misses may be
listed); **AP is frozen**: run at the round's start and once at its end, its misses never
listed (``--show-misses`` skips it).

Styles no earlier family used, split by style, never by item:

AO shift handover notes (a koban's 引継簿, a hotel's night front desk, a security guard's
  post log, a care home's night shift, a convenience store's shift note, a hospital's ER
  desk, a station's lost-and-found desk, a taxi firm's dispatch handover) and partners'
  incident forms (a rental-car firm's damage report, a delivery firm's misdelivery report, a
  school's incident report, a gym's membership incident, a pawn shop's suspicious-sale slip,
  a parking operator's incident sheet);
AP bilingual ledgers (a hotel's guest register, a short-term rental's check-in list, a
  car-rental ledger, a bike-share's account log, a share house's tenant list, a language
  school's enrolment sheet, a coin-locker's retrieval log, a used-phone shop's purchase
  book) and witness statements taken down in the first person (供述調書-like extracts: a
  neighbour, a shop clerk, a taxi driver, a victim of a fraud, a foreign student, a
  delivery driver, a landlord, a schoolboy's mother).

Values are marked in place, ``[[kind:value]]``; words that must stay (firms Japanese and
foreign, places, public office holders named by office, works, products) ``{{word}}``.
Gold as AK–AN: a label before a number is no part of it, an honorific at a name's edge is
not asked for, nor 生 after a date of birth; a partner's own signature is marked neither
way. Scored as AK–AN (lenient recall, strict recall, must-keep words over-removed). One
gold error was fixed in AO after the start run and before any change (「タクミくん」 was marked
with its honorific inside, against the gold rule; now 「[[name:タクミ]]くん」).
"""

from __future__ import annotations

from share_pii_al import Doc, parse


def docs(half: str) -> list[Doc]:
    """AO (tune) or AP (frozen)."""
    return parse({"AO": AO, "AP": AP}[half])


AO = """\
=== H01 handover
交番 引継簿　12/3 夜勤→日勤
・22:40 拾得物受理（財布）。届出人 [[name:真栄城 凪]]さん（[[age:19]]）、連絡先 [[phone:080-4417-2095]]。
・01:15 酔客保護。本人申告で [[name:ハリ]]（名字は言わず）、{{北千住駅}}西口で寝ていた。
・03:00 巡回。[[address:千住旭町41-7]]の{{ローソン}}裏で不審な{{ハイエース}}、[[plate:足立 400 て 31-08]]。
・申し送り：[[name:真栄城]]さんには朝9時以降に電話すること。
=== H02 handover
Night front handover / 夜間フロント引継ぎ (12/4)
- Rm 812 guest [[name:Dmitri Volkov]] asked for late checkout; passport [[id:753918264]] copied.
- 23:50 外線あり、[[name:Volkov]]様あての荷物について [[name:オガワ]]と名乗る男性から（折返し [[phone:090-2281-7734]]）。
- Lost item: {{Apple}} AirPods found in lobby, guest [[name:Chen Yu-ting]] (Rm 1104) claimed.
- {{Marriott}} Bonvoy no. [[id:889 204 311]] to be merged.
=== H03 handover
警備 ポスト日誌（{{東京ガス}}千住テクノステーション 西門）
06:00 交代。前勤務者 [[name:八木橋]]より申し送り：
 ・出入業者 [[name:上遠野 陸]]（{{ヤマト運輸}}）、入構証番号 [[id:GT-40918]]
 ・02:30 フェンス際で男性（[[age:40]]代、身長170）を目撃、{{千住警察署}}へ通報済み
 ・通報時の受理番号 [[case:千住-1203-0087]]
=== H04 handover
特養ひだまり 夜勤→早番 申し送り
・205号 [[name:鶉野 キヨ]]様（[[age:91]]）、夜間に「家に帰る」と玄関へ。息子さん [[name:鶉野 正和]]（[[phone:03-3881-6620]]）に連絡済み。
・面会者名簿に「[[name:ゆうじ]]」とだけ書いた男性あり、入居者の誰の関係者か不明。
・{{ケアマネ}}から、[[name:キヨ]]さんの自宅（[[address:足立区柳原2-19-3]]）は空き家との情報。
=== H05 handover
シフト引継ぎノート（{{セブン-イレブン}}足立関原店）
夜→朝：レジ2で1万円札の偽造疑い。客は[[age:20]]歳前後の男、{{ユニクロ}}の紙袋。
防カメ 02:14。常連の「[[name:タクミ]]くん」に似ていたと[[name:しおり]]ちゃんが言ってた。
{{PayPay}}で払った別の客のID表示は [[handle:takumi.k_0412]]。
オーナー（[[name:関 孝之]]）に報告済み、{{西新井警察署}}には朝連絡。
=== H06 handover
救急外来 受付 引継ぎ（12/5 準夜→深夜）
・23:10 搬送 [[name:Rosario Dela Cruz]]（フィリピン国籍、[[age:34]]歳、保険証なし）。付添い [[name:ジョマール]]（夫）[[phone:+63 917 552 0183]]。
・00:40 外傷で来院 [[name:米須 太一]]、[[dob:H20.7.14]]生。本人は「{{マリオカート}}してて転んだ」と。
・警察から照会あり（{{綾瀬警察署}} 刑事課）。
=== H07 handover
駅 忘れ物センター 引継（{{東武スカイツリーライン}} {{竹ノ塚駅}}）
・スマホ（{{Galaxy}}）拾得、ロック画面に「[[name:あやね]]」と[[phone:070-6128-3390]]。
・定期券 氏名 [[name:チョウ ミンジュン]]、区間 {{竹ノ塚}}－{{北千住}}。
・財布：免許証 [[name:兵頭 颯]]、[[address:埼玉県草加市花栗3-22-14-105]]、番号 [[id:301905523418]]。
=== H08 handover
タクシー配車 引継ぎ（{{日本交通}}足立営業所）
- 乗務員 [[name:仲宗根]]より：昨夜の客が車内に{{iPad}}を置き忘れ。降車地は[[address:足立区六町4-3-18]]、[[landmark:六町公園の北側のコインパーキングの隣の家]]。
- 客は「[[name:ミカ]]です、[[handle:@mika_rokucho]] にDMください」と名刺代わりに。
- 無線番号 [[id:TX-2207]]。
=== H09 incident
レンタカー 事故・損傷報告書（{{オリックスレンタカー}}西新井店）
借受人：[[name:タパ・ビシャル]]（ネパール国籍）
免許証：国際運転免許証 [[id:NP-2025-018845]]
連絡先：[[phone:080-7710-5532]] / [[email:bishal.thapa91@gmail.com]]
車両：{{トヨタ}}{{ヤリス}} [[plate:足立 500 わ 12-09]]
状況：{{環七}}で追突。相手方 [[name:塙 ちづる]]（[[age:58]]）、{{ホンダ}}{{N-BOX}}。
=== H10 incident
誤配送・トラブル報告（{{佐川急便}}）
届け先：[[name:蕪木]]様、[[address:荒川区町屋5丁目7-2 グランドメゾン町屋 402]]
実際の受取人：隣室の[[name:ソン・ハヨン]]さん（韓国）、受取サイン「[[name:Ha-young]]」。
荷主：{{Amazon}}、問合せ番号 [[id:3389-2047-1156]]
[[name:蕪木]]様は不在票に[[phone:090-3312-0476]]へ連絡をと記載。
=== H11 incident
事故報告書（{{足立区立}}第十一中学校）
発生：11/28 16:20 校門前
生徒：2年3組 [[name:比留間 陽翔]]（[[age:14]]）
保護者：母 [[name:比留間 真紀]]、[[phone:090-8823-4410]]
概要：下校中、白い{{プリウス}}の男に「[[name:はると]]くんでしょ」と声をかけられた。男は[[age:30]]歳くらい。
{{足立区教育委員会}}、{{竹の塚警察署}}および{{足立区長}}に報告。
=== H12 incident
会員トラブル報告（{{エニタイムフィットネス}}西新井店）
会員番号 [[id:AF-0098813]]　氏名 [[name:Kenji Oyamada]]（[[name:小山田 健二]]）
他会員 [[name:M.S.]]（女性）へのつきまといの申告。[[name:M.S.]]さんは{{Instagram}}で[[handle:@kenji_lift88]]からDMを受けたと。
入館ログのPINは [[id:4471]]。
=== H13 incident
古物 不審売却連絡票（{{ブックオフ}}関原店 → {{西新井警察署}}）
売主：[[name:瀬戸山 克巳]]　[[dob:1979年2月11日]]生
住所：[[address:足立区関原3丁目8番1号]]
身分証：運転免許証 [[id:300712648859]]
品目：{{Nintendo Switch}} 有機ELモデル 5台（未開封）、{{ポケモン}}カード大量
=== H14 incident
駐車場インシデントシート（{{タイムズ}}西新井第12）
車室 7：[[plate:足立 330 め 80-22]]（{{日産}}{{セレナ}}）が3日連続で無断駐車。
車内に郵便物、宛名 [[name:小田切 瑛太]]、[[address:足立区西新井本町2-6-11]]。
通報者：近隣住民 [[name:Ｓ]]さん（[[age:70]]代）。
{{足立区役所}}道路管理課にも共有。
=== H15 handover
外国人相談窓口 引継ぎ（{{足立区役所}}）
・[[name:グエン・ティ・ホア]]さん（在留カード [[id:UH83920174EA]]）、勤務先{{ファミリーマート}}で給料未払い。
・通訳：[[name:レー]]さん（ボランティア）
・本人の寮：[[address:足立区竹の塚6-11-4-203]]
・{{東京労働局}}の窓口を案内。
=== H16 handover
警備会社 巡回引継（{{ALSOK}}足立支社）
23:30 契約先 [[name:伊集院]]邸（[[address:足立区東綾瀬1-24-9]]）の窓センサー発報、異常なし。
01:10 契約者長女 [[name:伊集院 りこ]]（[[age:16]]）が帰宅、[[name:りこ]]さんの友人[[name:ハル]]（[[handle:@haru__0211]]）が同行。
申し送り：契約番号 [[id:AL-773201]]。
"""

AP = """\
=== L01 ledger
宿泊者名簿 / Guest Register — Hotel {{Sunroute}} Ayase
No. 0412 | Name 氏名: [[name:WERNER Katharina]] | Nationality 国籍: {{Germany}} | Passport 旅券: [[id:C4F7K2M91]]
Address 住所: [[address:Bergstraße 14, 69117 Heidelberg]]
Tel: [[phone:+49 6221 583 104]] | Arrival 12/01 Departure 12/05
No. 0413 | Name 氏名: [[name:牧志 雄星]] | 住所: [[address:沖縄県那覇市首里当蔵町2-17]] | Tel [[phone:098-884-2071]]
=== L02 ledger
民泊チェックイン記録 / Check-in list ({{Airbnb}})
Guest: [[name:Lucas Martin]] ([[age:29]]), [[email:lucas.martin.fr@outlook.fr]]
Companion 同行者: [[name:Inès Martin]]
Host note: keybox code [[id:7391]], address given [[address:Sekiya 2-5-8, Adachi-ku]]
ゲストは{{浅草寺}}と{{スカイツリー}}へ行くとのこと。
=== L03 ledger
貸渡簿 Car rental ledger（{{ニッポンレンタカー}}北千住）
契約No. [[id:NR-26-118402]]
借受人 Renter: [[name:Priya Raman]]　生年月日 DOB: [[dob:1988/11/23]]
License: International Driving Permit [[id:IN-MH0120110034567]]
Vehicle: {{Toyota}} {{Sienta}} [[plate:足立 500 れ 71-44]]
Emergency contact 緊急連絡先: [[name:Arun Raman]] [[phone:+91 98201 44573]]
=== L04 ledger
シェアサイクル 利用者照会結果（{{ドコモ・バイクシェア}}）
会員ID: [[id:DBS-00281994]]
登録氏名: [[name:ホン ソヨン]]
登録電話: [[phone:080-5390-1126]]
最終返却ポート: {{北千住駅}}東口
備考: 同一カードで別会員 [[handle:soyeon_h92]] も登録。
=== L05 ledger
Share house tenant list / シェアハウス入居者一覧（{{オークハウス}}綾瀬）
Room A: [[name:Nguyen Thanh Dat]] | Vietnam | since 2025-04 | tel [[phone:070-3361-9082]]
Room B: [[name:川平 ゆい]] | 日本 | since 2026-01 | LINE: [[handle:yui_kabira]]
Room C: [[name:Sipho Dlamini]] | South Africa | student at {{Tokyo Denki University}}
Building: [[address:Ayase 3-14-2, Adachi-ku]]
=== L06 ledger
日本語学校 入学者名簿（抜粋） / Enrolment sheet
学籍番号 [[id:26S-0147]] [[name:王 子涵]] ([[name:WANG Zihan]]) 2004年生 [[age:22]]歳
住所 Address: [[address:足立区梅島3-31-9 ハイム梅島 201]]
保証人 Guarantor: [[name:王 建国]]（父）[[phone:+86 139 1066 2048]]
学籍番号 [[id:26S-0152]] [[name:Tran Van Long]]　{{NHK}}の日本語講座で学習歴あり
=== L07 ledger
コインロッカー 解錠記録（{{JR東日本}} {{北千住駅}}）
12/02 14:10 ロッカー番号 3-118 解錠依頼者 [[name:Felipe Souza]]、身分証 passport [[id:FX908123]]
連絡先 [[phone:080-2210-6644]]
内容物：{{Louis Vuitton}}のバッグ、{{Nintendo}}のゲーム機
立会：駅員、{{千住警察署}}地域課
=== L08 ledger
買取台帳（中古スマホ {{イオシス}}秋葉原）
12/01 売主 [[name:二階堂 レオン]] [[dob:2001.6.3]] / [[address:江戸川区西葛西6-9-10]]
品名 {{iPhone 14 Pro}}　IMEI [[id:356789104422318]]
12/01 売主 [[name:Ahmed Karim]] / [[address:Yashio 1-8-20, Yashio-shi, Saitama]]
品名 {{Google Pixel 8}}　IMEI [[id:359112083347725]]
=== W01 statement
供述調書（抜粋）
私は、[[address:足立区保木間2丁目14番3号]]に住む[[name:蔀 冬美]]です。[[age:62]]歳です。
11月30日の夜、隣の[[name:赤嶺]]さんの家の前に、黒い{{アルファード}}が止まっていました。ナンバーは[[plate:足立 300 そ 22-71]]だったと思います。
運転していたのは、[[name:赤嶺]]さんの息子の[[name:拓海]]君の友達で、[[name:ケン]]と呼ばれていた男です。
=== W02 statement
供述調書（抜粋）
私は、{{ドン・キホーテ}}北千住店でアルバイトをしている[[name:外間 奏汰]]です。
12月1日午後9時頃、男が{{レッドブル}}を万引きしました。男は、「[[name:マサ]]」と呼ばれていて、[[age:25]]歳くらいでした。
男の仲間の女性は、店の外で「{{ディズニー}}行く金ないし」と言っていました。女性のスマホの画面に[[handle:@masa_kitasenju]]と出ていました。
=== W03 statement
供述調書（抜粋）
私は、{{国際自動車}}の運転手で、[[name:宮城 清徳]]と申します。
12月2日午前1時頃、{{綾瀬駅}}から男性客を乗せ、[[address:葛飾区小菅1丁目]]の[[landmark:東京拘置所の向かいにある青い屋根のアパート]]まで送りました。
客は電話で「[[name:ソノダ]]さん、今から行きます」と話し、電話番号[[phone:090-7781-4420]]を私に告げて、領収書の宛名を[[name:園田]]としました。
=== W04 statement
供述調書（抜粋）
私は、[[dob:昭和18年4月9日]]生まれの[[name:久高 トシ]]です。
「{{警視庁}}捜査二課の[[name:タナベ]]」と名乗る男から電話があり、キャッシュカードを封筒に入れるよう言われました。
受け取りに来た若い男は、自分を「銀行協会の[[name:サトウ]]」と言いました。
私の口座は{{みずほ銀行}}北千住支店 普通 [[id:1184470]]です。
=== W05 statement
Statement of witness (translated) / 供述調書
I am [[name:Bui Thi Mai]], [[age:23]], a student at {{Akamonkai}} Japanese Language School. I live at [[address:Room 204, Ko-po Fuji, 5-2-7 Nishiarai-honcho]].
On 3 December my friend [[name:Linh]] got a message on {{Facebook}} from [[handle:fb.com/kaito.works.jp]] offering a job. The man called himself "[[name:Kaito]]".
My phone number is [[phone:080-6604-2217]].
=== W06 statement
供述調書（抜粋）
私は、{{Uber Eats}}の配達員をしている[[name:Omar Haddad]]です。
11月29日午後8時頃、[[address:足立区中央本町1-7-3]]に配達した際、受取人の[[name:瀬底]]さん（[[age:50]]代の女性）から大声で怒鳴られました。
注文者名はアプリ上で「[[name:ゆみ]]」となっていました。
=== W07 statement
供述調書（抜粋）
私は、[[address:足立区栗原4-2-5]]でアパート「[[address:メゾン栗原]]」を経営している[[name:後生川 勇]]です。
102号室の[[name:Zhang Wei]]さんは、9月から家賃を払っていません。連絡先は[[email:zhangwei.tokyo@163.com]]です。
部屋には{{ハローキティ}}のぬいぐるみと、{{楽天}}の段ボールがたくさんありました。
=== W08 statement
供述調書（抜粋）
私は、[[name:嘉数 亮介]]の母の[[name:嘉数 文]]です。息子は[[age:12]]歳で、{{足立区立}}栗島小学校に通っています。
12月3日、息子が{{フォートナイト}}で知り合った「[[name:リュウ]]」という人から、discord: [[handle:ryu_0930]]で写真を送るよう言われました。
{{文部科学大臣}}の記者会見で同じ被害の話を聞いて、相談に来ました。
"""
