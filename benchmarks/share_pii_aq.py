"""Held-out family AQ–AR for ``share_pii.py`` (written by hand 2026-12-06 13:20 UTC by pii23,
before any change of the twenty-third round and before its texts were run through the
tear-line; measured on pii22's code first). **AR is the round's tune half** (its misses may be
listed); **AQ is frozen**: run at the round's start and once at its end, its misses never
listed (``--show-misses`` skips it).

Styles no earlier family used, split by style, never by item:

AQ foreign residents' registration forms (住居地届出 / 転入届 extracts kept by a ward office,
  in Japanese and English), a mobile carrier's and an ISP's answers to a police request for
  subscriber information (捜査関係事項照会回答書), and a university's student-affairs incident
  records;
AR airline and ferry passenger manifests (PNR extracts, a ferry's boarding list), parcel-locker
  logs (a locker operator's pick-up records sent to a police desk) and crypto-exchange KYC
  answers to a police request (本人確認記録の回答).

Values are marked in place, ``[[kind:value]]``; words that must stay (firms Japanese and
foreign, brands, places, offices, works) ``{{word}}``. Gold as AK–AP: a label before a number
is no part of it, an honorific at a name's edge is not asked for, nor 生 after a date of
birth; a partner's own signature is marked neither way. Scored as AK–AP (lenient recall,
strict recall, must-keep words over-removed).
"""

from __future__ import annotations

from share_pii_al import Doc, parse


def docs(half: str) -> list[Doc]:
    """AR (tune) or AQ (frozen)."""
    return parse({"AQ": AQ, "AR": AR}[half])


AR = """\
=== M01 manifest
Passenger Name List — {{ANA}} NH 212 {{Haneda}} → {{Frankfurt}} (06DEC)
1. [[name:SCHNEIDER/JONAS]] MR  PNR [[id:K7QX2L]]  Seat 34A  FF {{Miles&More}} [[id:992001845573201]]
2. [[name:OKADA/MIREI]] MS  PNR [[id:K7QX2L]]  Seat 34B  Tel [[phone:+81 90 4471 2280]]
3. [[name:BRANDT/HELGA]] MRS  PNR [[id:R2M9TB]]  Passport [[id:C01X00T47]]  DOB [[dob:1962.03.17]]
APIS contact: [[phone:+49 171 5523 908]] / [[email:h.brandt@web.de]]
=== M02 manifest
乗船名簿（{{東海汽船}} さるびあ丸 {{竹芝}}→{{大島}} 12/5 22:00発）
No.14 氏名 [[name:安慶名 颯真]] 年齢 [[age:27]] 住所 [[address:江東区大島4-9-21]] 電話 [[phone:080-1176-3342]]
No.15 氏名 [[name:Emily Clarke]] 年齢 [[age:31]] 住所 [[address:12 Mill Lane, Bristol BS3 4QA]] 電話 [[phone:+44 7700 912 455]]
No.16 氏名 [[name:具志堅 ノア]] 年齢 [[age:8]]（[[name:安慶名]]の同行児童）
備考：{{大島町役場}}へ到着連絡済み。
=== M03 manifest
{{Peach}} MM 521 {{関西空港}}→{{新千歳}} 搭乗者照会結果
予約番号 [[id:MM8K3T9Q]]
搭乗者：[[name:Daniel Kowalski]]（ポーランド）、生年月日 [[dob:1994/07/02]]
連絡先 [[phone:+48 601 234 877]]、メール [[email:dkowalski94@gmail.com]]
同行者：[[name:Zofia]]（妻、[[age:29]]）
支払カード名義 [[name:D KOWALSKI]]、下4桁 [[id:4417]]
=== M04 manifest
フェリー予約台帳（{{商船三井さんふらわあ}} {{大洗}}→{{苫小牧}}）
予約No. [[id:SF-2612-00873]] 代表者 [[name:鳥海 仁志]] 車両 [[plate:水戸 300 ほ 55-19]]（{{スバル}}{{フォレスター}}）
同乗：[[name:鳥海 さやか]]、[[name:Mateo Rossi]]（イタリア、[[phone:+39 347 118 2290]]）
会員番号 [[id:SFM0041229]]、乗船券はLINE [[handle:toriumi_h]]宛に送付。
=== L01 locker
宅配ロッカー 受取記録（{{PUDOステーション}} {{北千住駅}}西口）
12/03 19:42 荷物番号 [[id:4471-9920-3318]] 受取人 [[name:Nicolas Dubois]]
認証コード [[id:583920]] 登録電話 [[phone:+33 6 12 44 87 90]]
12/03 20:05 荷物番号 [[id:4471-9920-5107]] 受取人 [[name:陳 美玲]]（[[name:チン メイレイ]]）
差出：{{メルカリ}}便、{{ヤマト運輸}}
=== L02 locker
{{Amazon Hub}} ロッカー 開扉ログ抜粋（{{イトーヨーカドー}}綾瀬店）
- 2026-12-01 11:02 注文番号 [[id:249-8830172-5561034]] / 氏名 [[name:Hannah Weber]] / 郵便番号 [[address:120-0005]]
- 2026-12-01 11:04 同じ端末から注文番号 [[id:249-1123904-7782210]] / 氏名 [[name:Weber]] 様
- 端末ID [[id:AHL-AYS-0031]] / 受取用コード [[id:7G4Q2K]]
=== L03 locker
コインロッカー型宅配ボックス 不審受取連絡（{{日本郵便}} {{はこぽす}} 西新井）
受取人表示：[[name:ジョン・ミラー]] / 実際に開けた人物：[[age:20]]代の男、{{ナイキ}}の黒いリュック
追跡番号 [[id:EJ 1234 5678 9JP]]
登録メール [[email:john.miller.jp@yahoo.co.jp]]、登録電話 [[phone:080-4012-7756]]
近隣の{{セブン-イレブン}}でも同じ男が受取。
=== L04 locker
Locker pickup log ({{Packcity Japan}}) — sent to {{Kameari Police Station}}
Locker: Kameari Stn. South #12 | Parcel ID [[id:PCJ-88102745]] | Recipient [[name:Oliver Grant]]
Phone on file [[phone:+1 415 555 0198]] | pickup 12/02 23:51
Note: the same recipient used name [[name:Olly G.]] on a {{Rakuten}} order, address [[address:Kameari 3-27-4, Katsushika-ku]].
=== K01 kyc
本人確認記録の回答（{{bitFlyer}} → {{警視庁}}サイバー犯罪対策課）
顧客番号 [[id:BF-7720194]]
氏名 [[name:荻堂 海斗]]　生年月日 [[dob:1999.12.05]]
住所 [[address:埼玉県川口市芝新町7-3-302]]
本人確認書類 マイナンバーカード（番号の記載は省略）、運転免許証番号 [[id:301803117245]]
出金先口座 {{住信SBIネット銀行}} 普通 [[id:7028841]]
登録IP [[id:203.0.113.57]]
=== K02 kyc
Response to request for customer information ({{Coincheck}})
Account ID: [[id:CC-55120983]]
Name: [[name:Lin Wei-Chen]] / Date of birth: [[dob:03/11/1991]]
Nationality: {{Taiwan}} / Residence card: [[id:AB12345678CD]]
Address: [[address:Nishiarai 2-8-14-501, Adachi-ku, Tokyo]]
Phone: [[phone:+886 912 345 678]] / [[phone:070-8812-4403]]
Withdrawal wallet: [[id:bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh]]
=== K03 kyc
照会回答書（{{GMOコイン}}）
ご照会の口座（ユーザーID [[id:gmo_u_00418827]]）の名義人は以下のとおりです。
氏名：[[name:Thomas Becker]]（トーマス・ベッカー）
生年月日：[[dob:1985.4.9]]
住所：[[address:Berliner Str. 27, 10715 Berlin]]（国内住所届出なし）
電話：[[phone:+49 30 2255 7741]]
取引に使われた端末のIMEI：[[id:353918104227561]]
=== K04 kyc
暗号資産交換業者 回答（{{SBI VCトレード}}）
登録者 [[name:グエン・ヴァン・フン]]（[[name:NGUYEN VAN HUNG]]）
在留カード番号 [[id:UH27781634FA]]、旅券番号 [[id:C9875421]]
勤務先 {{トヨタ}}系列の部品工場（{{豊田市}}）
連絡先 [[phone:+84 912 773 018]]、日本の番号 [[phone:090-6621-8830]]
紹介者：[[name:Tuan]]（同僚）
"""

AQ = """\
=== F01 residence
住居地届出書（写し）{{足立区役所}}戸籍住民課
氏名 [[name:MÜLLER Stefan]]　国籍 {{ドイツ}}
生年月日 [[dob:1987.10.22]]　在留カード番号 [[id:AB98765432EF]]
新住居地 [[address:足立区千住緑町2-4-11 リバーサイド千住 708]]
前住居地（国外） [[address:Hauptstraße 52, 80331 München]]
連絡先 [[phone:+49 151 2334 8876]]
=== F02 residence
Notification of Place of Residence (English copy) — {{Katsushika City Office}}
Name: [[name:Sarah O'Connell]]   Nationality: {{Ireland}}
Date of Birth: [[dob:1993/05/14]]   Residence Card No.: [[id:EF11223344GH]]
Address: [[address:Tateishi 6-12-3, Katsushika-ku]]
Employer: {{Berlitz}} Japan   Tel: [[phone:+353 87 221 4409]]
=== F03 residence
転入届 世帯一覧（抜粋）
世帯主 [[name:LI Hao]]（[[name:李 浩]]） 生年月日 [[dob:1979.8.30]]
妻 [[name:ZHAO Min]]（[[name:赵 敏]]） 在留カード [[id:UH55667788AB]]
長男 [[name:LI Yichen]] [[age:6]]歳
前住所 [[address:上海市浦東新区張江路188号]]
連絡先 [[phone:+86 138 0013 7722]]、勤務先 {{ファーウェイ}}日本法人
=== F04 residence
外国人住民 届出受付簿（{{荒川区役所}} 12/2）
受付 31 | [[name:Ana Souza]] | {{ブラジル}} | [[address:荒川区南千住8-2-5-1102]] | 旅券 [[id:FZ482913]]
受付 32 | [[name:Rahul Mehta]] | {{インド}} | [[address:荒川区西尾久3-19-7]] | 学生証 [[id:TDU-24A0917]]
受付 33 | [[name:Kim Jisoo]] | {{韓国}} | [[address:荒川区町屋2-11-1]] | 電話 [[phone:+82 10 5521 3984]]
=== S01 subscriber
捜査関係事項照会に対する回答書（{{NTTドコモ}}）
照会番号 [[case:足立-照-2026-0412]]
対象電話番号 [[phone:080-5527-1934]]
契約者 [[name:照屋 雅人]]　生年月日 [[dob:S60.2.14]]
契約者住所 [[address:足立区伊興本町1-15-8]]
端末 IMEI [[id:357204091188342]]、契約ID [[id:D-118274450]]
=== S02 subscriber
回答書（{{楽天モバイル}}株式会社）
ご照会の番号 [[phone:070-1194-6607]] の契約者情報
氏名：[[name:Michael Hoffmann]]
生年月日：[[dob:1976.11.8]]
住所：[[address:足立区綾瀬4-3-19]]
本人確認書類：在留カード（番号 [[id:CD44556677EF]]）
利用端末：{{iPhone 15}}、IMEI [[id:353260112947718]]
=== S03 subscriber
発信者情報の回答（{{ソフトバンク}}光 ISP）
IPアドレス [[id:198.51.100.23]]（2026-11-30 02:14:08 JST）の割当先
契約者 [[name:ジェームズ・テイラー]]（[[name:James Taylor]]）
設置場所 [[address:葛飾区東金町5-22-10 コーポ金町 203]]
契約番号 [[id:SB-HK-00928174]]、連絡先 [[phone:+1 646 555 0142]]
=== S04 subscriber
照会回答（{{KDDI}} {{au}}）
契約者：[[name:ワン・リー]]（[[name:王 莉]]）　生年月日：[[dob:1990/3/27]]
住所：[[address:江戸川区西葛西5-8-2-604]]
連絡先メール：[[email:wangli_1990@qq.com]]
家族回線：[[name:ハオラン]]（子、[[age:11]]）[[phone:080-2234-9171]]
=== U01 student
学生生活課 事案記録（{{東京電機大学}} {{千住キャンパス}}）
日時 11/27 13:40　場所 5号館ロビー
関係学生：[[name:Lukas Fischer]]（交換留学、{{TU München}}）学籍番号 [[id:26XE941]]
相手方：[[name:辺土名 結衣]]（工学部3年）学籍番号 [[id:23EC118]]
経過：[[name:Lukas]]さんがSNSで[[handle:@yui_hentona]]に繰り返しメッセージ。
[[name:結衣]]さんの保護者から{{千住警察署}}へ相談済み。
=== U02 student
Student Affairs incident note — {{Sophia University}} ({{Yotsuya}})
Student: [[name:Chloé Lambert]] (ID [[id:A2591044]]), dorm [[address:Room 318, Sophia Soshigaya House]]
Reported: a man calling himself "[[name:Ken]]" waited at the gate three times.
He gave a card with [[phone:+81 80 3391 7720]] and the handle [[handle:@ken_tokyo_guide]].
Campus security ({{ALSOK}}) and {{Yotsuya Police Station}} informed.
=== U03 student
学生相談 記録票（{{明治大学}} 和泉キャンパス）
相談者：[[name:ファム・ティ・ラン]]（[[name:Pham Thi Lan]]）、留学生、学生番号 [[id:1524260318]]
相談内容：アルバイト先（{{すき家}}）の店長 [[name:井手口]]から在留カードを預けるよう言われた。
アルバイト仲間の[[name:ミン]]も同様。
寮：[[address:杉並区永福1-31-2 和泉寮 B-214]]
=== U04 student
奨学金窓口 事案メモ（{{JASSO}} 相談）
学生：[[name:Ahmad Faiz bin Razak]]（マレーシア）、旅券 [[id:A41229087]]
生年月日 [[dob:2003.1.19]]
不審な「奨学金代行」業者の担当 [[name:Jason Lee]] から連絡、電話 [[phone:+60 12 338 4410]]
業者サイトは{{Google}}広告経由。
"""
