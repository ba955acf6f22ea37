//! Tests of charset decoding: pages in legacy encodings that declare no charset are
//! detected and decode to their text, declarations still decide where they are
//! given, and the command line keeps the text of such a page.

#[allow(dead_code)]
mod common;

use common::{TempDir, deboiler, run, stderr, stdout};
use deboiler::{Cleaner, decode_html};
use encoding_rs::{
    EUC_KR, Encoding, GBK, ISO_8859_2, KOI8_R, SHIFT_JIS, UTF_8, WINDOWS_1251, WINDOWS_1252,
};
use std::borrow::Cow;

/// A news paragraph in each language, with the encoding its pages used before UTF-8.
const TEXTS: &[(&str, &Encoding, &str, &str)] = &[
    (
        "Chinese",
        GBK,
        "北京市政府周二宣布新的交通计划",
        "北京市政府周二宣布，将在未来三年内投资建设新的地铁线路和公交专用道，以缓解城市中心日益严重的交通拥堵问题。市交通委员会负责人表示，新线路将连接主要居民区和商业区，预计每天可服务超过一百万名乘客。专家认为，这一计划将显著改善市民的出行体验。",
    ),
    (
        "Japanese",
        SHIFT_JIS,
        "東京都が新しい防災計画を発表",
        "東京都は火曜日、大規模な地震に備えた新しい防災計画を発表しました。計画では、避難所の数を増やし、食料や水の備蓄を拡充するとともに、高齢者や障害者の避難を支援する体制を整えるとしています。都の担当者は、住民一人ひとりが日頃から備えることが大切だと話しています。",
    ),
    (
        "Korean",
        EUC_KR,
        "서울시 새 교통 정책 발표",
        "서울시는 화요일 도심의 교통 혼잡을 줄이기 위한 새로운 교통 정책을 발표했습니다. 시는 앞으로 삼 년 동안 지하철 노선을 확장하고 버스 전용 차로를 늘릴 계획이라고 밝혔습니다. 전문가들은 이번 정책이 시민들의 출퇴근 시간을 크게 줄일 것으로 기대하고 있습니다.",
    ),
    (
        "Russian",
        WINDOWS_1251,
        "Городской совет одобрил новый бюджет",
        "Во вторник городской совет одобрил бюджет на следующий год, в котором значительная часть средств направлена на ремонт дорог, строительство новых школ и модернизацию общественного транспорта. Глава администрации заявил, что реализация этих планов позволит существенно улучшить качество жизни горожан.",
    ),
    (
        "Polish",
        ISO_8859_2,
        "Rada miasta przyjęła nowy budżet",
        "We wtorek rada miasta przyjęła budżet na przyszły rok, w którym znaczną część środków przeznaczono na remont dróg, budowę nowych szkół oraz modernizację komunikacji miejskiej. Prezydent miasta podkreślił, że dzięki tym inwestycjom życie mieszkańców stanie się łatwiejsze, a źródła finansowania są już zapewnione.",
    ),
    (
        "French",
        WINDOWS_1252,
        "Le conseil municipal adopte un nouveau budget",
        "Mardi, le conseil municipal a adopté le budget de l'année prochaine, qui consacre une part importante des dépenses à la rénovation des routes, à la construction d'écoles et à la modernisation des transports publics. Le maire a déclaré que ces investissements amélioreront la qualité de vie des habitants à moyen terme.",
    ),
];

/// A small page around `title` and `text`, with `head_extra` (a `<meta>`, say) in its
/// head.
fn page(title: &str, text: &str, head_extra: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html><head>{head_extra}<title>{title}</title></head>\n<body>\
         <nav><a href=\"/\">Home</a> | <a href=\"/news\">News</a></nav>\n\
         <article><h1>{title}</h1>\n<p>{text}</p>\n<p>{text}</p></article>\n\
         <footer>(c) 2024 Example</footer></body></html>\n"
    )
}

/// `text` in `encoding`, every character representable.
fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
    let (bytes, used, had_errors) = encoding.encode(text);
    assert_eq!(used, encoding, "{}", encoding.name());
    assert!(!had_errors, "{} cannot encode the text", encoding.name());
    bytes.into_owned()
}

#[test]
fn undeclared_legacy_pages_are_detected() {
    for &(language, encoding, title, text) in TEXTS {
        let html = page(title, text, "");
        let bytes = encode(&html, encoding);
        assert!(std::str::from_utf8(&bytes).is_err(), "{language}");
        let decoded = decode_html(&bytes).expect(language);
        assert_eq!(decoded, html, "{language} in {}", encoding.name());
    }
}

#[test]
fn declared_charsets_still_decide() {
    // Each page declares an encoding that is not the one its bytes would be guessed
    // as: the declaration wins.
    for &(language, encoding, title, text) in TEXTS {
        let declared = if encoding == WINDOWS_1251 {
            KOI8_R
        } else if encoding == WINDOWS_1252 {
            ISO_8859_2
        } else {
            WINDOWS_1252
        };
        let meta = format!("<meta charset=\"{}\">", declared.name());
        let bytes = encode(&page(title, text, &meta), encoding);
        let decoded = decode_html(&bytes).expect(language);
        let (want, _) = declared.decode_without_bom_handling(&bytes);
        assert_eq!(decoded, want, "{language} declared as {}", declared.name());
        // The right declaration decodes the original.
        let meta = format!(
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset={}\">",
            encoding.name()
        );
        let html = page(title, text, &meta);
        assert_eq!(decode_html(&encode(&html, encoding)).expect(language), html);
    }
}

#[test]
fn valid_utf8_is_utf8_whatever_the_meta_says() {
    // Pages re-encoded to UTF-8 often keep their old declaration: bytes that are valid
    // UTF-8 are read as UTF-8 (browsers would follow the <meta>).
    let (_, _, title, text) = TEXTS[0];
    let html = page(title, text, "<meta charset=gb2312>");
    let decoded = decode_html(html.as_bytes()).expect("utf-8");
    assert!(matches!(decoded, Cow::Borrowed(_)));
    assert_eq!(decoded, html);
}

#[test]
fn a_utf8_declaration_that_the_bytes_contradict_is_overruled() {
    for &(language, encoding, title, text) in TEXTS {
        let html = page(title, text, "<meta charset=utf-8>");
        let bytes = encode(&html, encoding);
        let decoded = decode_html(&bytes).expect(language);
        assert_eq!(decoded, html, "{language} declared as UTF-8");
    }
}

#[test]
fn a_few_bad_bytes_do_not_overrule_utf8() {
    let (_, _, title, text) = TEXTS[5];
    // Declared UTF-8 with one stray windows-1252 byte: still UTF-8, the byte a U+FFFD.
    let html = page(title, text, "<meta charset=utf-8>");
    let mut bytes = html.clone().into_bytes();
    bytes.extend_from_slice(b"<p>Caf\xe9</p>");
    let decoded = decode_html(&bytes).expect("utf-8");
    assert_eq!(decoded, format!("{html}<p>Caf\u{fffd}</p>"));
    // Undeclared UTF-8 with the same stray byte: mostly UTF-8, so UTF-8.
    let html = page(title, text, "");
    let mut bytes = html.clone().into_bytes();
    bytes.extend_from_slice(b"<p>Caf\xe9</p>");
    assert_eq!(
        decode_html(&bytes).expect("utf-8"),
        format!("{html}<p>Caf\u{fffd}</p>")
    );
}

#[test]
fn a_truncated_utf8_page_stays_utf8() {
    // A page cut off in the middle of a character, without a declaration.
    let (_, _, title, text) = TEXTS[0];
    let html = page(title, text, "");
    let last = html.rfind('。').expect("a full stop");
    let bytes = &html.as_bytes()[..last + 1];
    assert!(std::str::from_utf8(bytes).is_err());
    let decoded = decode_html(bytes).expect("utf-8");
    assert_eq!(decoded, format!("{}\u{fffd}", &html[..last]));
}

#[test]
fn utf16_with_a_bom_decodes() {
    let (_, _, title, text) = TEXTS[2];
    let html = page(title, text, "");
    let mut le = vec![0xff, 0xfe];
    let mut be = vec![0xfe, 0xff];
    for unit in html.encode_utf16() {
        le.extend_from_slice(&unit.to_le_bytes());
        be.extend_from_slice(&unit.to_be_bytes());
    }
    assert_eq!(decode_html(&le).expect("utf-16le"), html);
    assert_eq!(decode_html(&be).expect("utf-16be"), html);
    // A UTF-8 byte-order mark before legacy bytes: the mark decides.
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(&encode(&html, EUC_KR));
    let (want, _) = UTF_8.decode_without_bom_handling(&bytes[3..]);
    assert_eq!(decode_html(&bytes).expect("utf-8 bom"), want);
}

#[test]
fn the_cli_keeps_the_text_of_an_undeclared_gbk_page() {
    let dir = TempDir::new("gbk");
    for &(language, encoding, title, text) in &[TEXTS[0], TEXTS[3]] {
        let html = page(title, text, "");
        let file = dir.write(&format!("{language}.html"), encode(&html, encoding));
        let out = run(deboiler([&file]));
        assert!(out.status.success(), "{language}: {}", stderr(&out));
        assert_eq!(stdout(&out), Cleaner::new().clean_html(&html), "{language}");
        assert!(stdout(&out).contains(text), "{language}: {}", stdout(&out));
    }
}
