//! The library's public API: table-driven label cases, the seed dump, and the
//! property that kept lines are input lines, in order.

use deboiler::{Cleaner, Label, Reason};
use proptest::prelude::*;
use std::path::Path;

/// An article around the line under test: prose before and after, so that every
/// case is judged inside a run of content, where boilerplate is hardest to see.
fn in_article(line: &str) -> String {
    format!(
        "The city council voted on Tuesday to extend the tram line to the northern suburbs, ending a dispute that had run for almost a decade.\n\
         Supporters said the extension would cut journeys for thousands of commuters, while critics warned that the budget had already doubled since the plan was first drawn up.\n\
         {line}\n\
         Work on the first section is expected to begin next spring, and the council said it would publish a detailed timetable before the end of the year.\n\
         Residents along the route will be invited to a series of public meetings, where engineers will explain how the construction will affect local roads.\n"
    )
}

/// Label of the line under test.
fn label_in_article(line: &str) -> Label {
    let page = in_article(line);
    Cleaner::new().classify(&page)[2].label()
}

macro_rules! label_cases {
    ($($name:ident: $label:ident, $line:expr;)*) => {
        $(
            #[test]
            fn $name() {
                let got = label_in_article($line);
                assert_eq!(got, Label::$label, "line {:?}", $line);
            }
        )*
    };
}

label_cases! {
    timestamp_express_style: Timestamp, "09:56, Mon, Mar 17, 2025 | UPDATED: 09:56, Mon, Mar 17, 2025";
    timestamp_long_date: Timestamp, "March 17, 2025";
    timestamp_day_month_gmt: Timestamp, "17 March 2025 10:02 GMT";
    timestamp_iso: Timestamp, "2025-03-17T09:56:00Z";
    timestamp_slashes: Timestamp, "17/03/2025";
    timestamp_us_short: Timestamp, "3/17/25 9:56 AM ET";
    timestamp_relative: Timestamp, "Published 3 hours ago";
    timestamp_updated_weekday: Timestamp, "Updated: Tuesday 18 March 2025 14:05";
    timestamp_ap_style: Timestamp, "Mar. 17, 2025 at 5:30 p.m. EDT";
    timestamp_read_time: Timestamp, "5 min read";
    timestamp_last_modified: Timestamp, "Last modified on Mon 17 Mar 2025 11.20 GMT";
    timestamp_german: Timestamp, "17.03.2025, 09:56 Uhr";
    timestamp_french: Timestamp, "Publié le 17 mars 2025 à 09h56";
    timestamp_spanish_relative: Timestamp, "hace 2 horas";
    timestamp_compact_age: Timestamp, "2h";
    timestamp_cook_time: Timestamp, "Cook: 35 mins";
    timestamp_japanese: Timestamp, "2025年3月17日 9:56";
    timestamp_russian: Timestamp, "17 марта 2025, 09:56";
    caption_image_getty: Caption, "The mayor cuts the ribbon at the new station. (Image: Getty)";
    caption_photo_ap: Caption, "Fans celebrate in the square after the final whistle. (Photo: AP)";
    caption_reuters_slash: Caption, "Photo: Reuters/Jane Doe";
    caption_credit_alamy: Caption, "Credit: Alamy Stock Photo";
    caption_picture_supplied: Caption, "The bridge at dusk. Picture: Supplied";
    caption_image_source: Caption, "Image source, PA Media";
    caption_german: Caption, "Die neue Brücke über den Rhein. Foto: dpa";
    marketing_invalid_email: Marketing, "Invalid email";
    marketing_signup_notice: Marketing, "We use your sign-up to provide content in ways you've consented to and to improve our understanding of you. You can unsubscribe at any time.";
    marketing_newsletter: Marketing, "Sign up to our free daily newsletter";
    marketing_advertisement: Marketing, "Advertisement";
    marketing_paywall: Marketing, "Subscribe now for unlimited access to all our journalism";
    marketing_free_articles: Marketing, "You have 2 free articles left this month";
    legal_cookies: Legal, "We use cookies to give you the best experience on our website. By continuing you agree to our cookie policy.";
    legal_copyright: Legal, "© 2025 Example Media Ltd. All rights reserved.";
    legal_privacy_terms: Legal, "Privacy Policy | Terms of Use";
    navigation_share: Navigation, "Share on Facebook";
    navigation_breadcrumb: Navigation, "Home › News › Politics";
    navigation_read_more: Navigation, "Read more: Council approves new bike lanes after heated debate";
    navigation_related: Navigation, "Related articles";
    byline_by: Byline, "By Jane Doe, Senior Reporter";
    byline_written_by: Byline, "Written by Tom Ryan";
    content_short_quote: Content, "\"It is a good day for the city,\" she said.";
    content_long_prose: Content, "The project, which has been delayed several times by legal challenges, will now be paid for by a mix of regional grants and a new levy on commercial property.";
    content_german: Content, "Die Bauarbeiten sollen im Frühjahr beginnen, teilte die Stadt am Dienstag mit, und bis Ende des Jahres abgeschlossen sein.";
    content_japanese: Content, "市によると、工事は来年の春に始まり、年内に完了する予定だという。";
}

#[test]
fn clean_keeps_only_content_in_order() {
    let page = in_article("Share on Facebook");
    let kept = deboiler::clean(&page);
    assert!(!kept.contains("Share on Facebook"));
    let lines: Vec<&str> = kept.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("The city council"));
    assert!(lines[3].starts_with("Residents"));
}

#[test]
fn verdicts_carry_reasons() {
    let page = in_article("(Image: Getty)");
    let v = Cleaner::new().classify(&page);
    assert!(v[2].reasons().contains(Reason::ImageCredit));
    assert!(v[0].reasons().contains(Reason::Prose));
    assert!(v.iter().all(|v| (0.0..=1.0).contains(&v.score())));
}

#[test]
fn a_short_line_depends_on_its_neighbours() {
    // The same short line is kept inside an article and dropped inside a menu.
    let inside = Cleaner::new().classify(&in_article("It did not."))[2];
    // A menu (long enough for its context to count in full) above the same article:
    // the line sits among menu items, away from the article's prose.
    let menu = format!(
        "Home\nNews\nUK\nWorld\nPolitics\nBusiness\nSport\nFootball\nCricket\nTennis\n\
         Golf\nRugby\nFormula 1\nBoxing\nAthletics\nCycling\n\
         It did not.\n\
         Weather\nTravel\nCulture\nPodcasts\nVideo\nPuzzles\nNewsletters\nAbout us\nContact us\nHelp\n\
         Careers\nAdvertise\nAccessibility\nSitemap\nArchive\n{}",
        in_article("")
    );
    let outside = Cleaner::new().classify(&menu)[16];
    assert!(
        inside.score() > outside.score(),
        "inside {} vs menu {}",
        inside.score(),
        outside.score()
    );
    assert_ne!(outside.label(), Label::Content);
}

#[test]
fn an_articles_header_names_its_headline() {
    // A short headline followed by its byline: the headline is the page's title, not
    // content (named by the kind model, or by the rules' headline rule where no kind
    // model names titles); the navigation above it stays navigation.
    let page = format!(
        "Docs\nGuides\nReference\nRelease notes\nVersion 2.0\n\
         Configuring scheduled backups\n\
         Written by Tomasz Wielgosz\n\
         2025-01-05 14:22\n{}",
        in_article("")
    );
    let v = Cleaner::new().classify(&page);
    assert_eq!(v[5].label(), Label::Title, "score {}", v[5].score());
    assert!(!v[5].is_kept());
    assert_eq!(v.iter().filter(|v| v.label() == Label::Title).count(), 1);
}

/// The seed dumps (`../shared/seeds/*.txt`) must come out exactly: each line gets the
/// label of the `.labels` file beside it, and the kept text is its content lines.
#[test]
fn seed_dump_comes_out_exactly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        // Straight to stderr: libtest captures `eprintln!`, and a skip must be seen.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED seed_dump_comes_out_exactly: {} is absent",
            dir.display()
        );
        return;
    };
    let mut checked = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let labels_path = path.with_extension("labels");
        let labels = std::fs::read_to_string(&labels_path)
            .unwrap_or_else(|e| panic!("{}: {e}", labels_path.display()));
        let want: Vec<Label> = labels
            .lines()
            .map(|l| {
                l.parse()
                    .unwrap_or_else(|e| panic!("{}: {e}", labels_path.display()))
            })
            .collect();
        let got: Vec<Label> = Cleaner::new()
            .classify(&text)
            .iter()
            .map(|v| v.label())
            .collect();
        assert_eq!(got, want, "{}", path.display());
        let content: String = text
            .lines()
            .zip(&want)
            .filter(|(_, l)| l.is_content())
            .map(|(t, _)| format!("{t}\n"))
            .collect();
        assert_eq!(deboiler::clean(&text), content);
        checked += 1;
    }
    assert!(checked > 0, "no seed dump in {}", dir.display());
}

/// One workspace over the corpus's texts, and over all of them as one long text
/// between them, gives the verdicts fresh classifications give.
#[test]
fn a_workspace_serves_the_corpus_in_any_order() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut texts: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .expect("corpus/")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| std::fs::read(&p).expect("corpus file"))
        .collect();
    assert!(
        texts.len() > 10,
        "too few corpus texts in {}",
        dir.display()
    );
    texts.sort();
    let all: Vec<u8> = texts.concat();
    let half = texts.len() / 2;
    texts.insert(half, all);
    let cleaner = Cleaner::new();
    let mut workspace = deboiler::Workspace::new();
    let mut out = Vec::new();
    for text in &texts {
        cleaner.classify_reusing(text, &mut workspace, &mut out);
        assert_eq!(out, cleaner.classify_bytes(text));
    }
    assert!(workspace.bytes_held() > 0);
}

/// Lines of a random page, drawn from a pool of shapes.
fn page_strategy() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("Home".to_string()),
        Just("Share on Facebook".to_string()),
        Just("09:56, Mon, Mar 17, 2025".to_string()),
        Just(String::new()),
        Just("   ".to_string()),
        "[a-zA-Z ,.]{0,120}",
        "\\PC{0,60}",
        Just("The council said the plan would take years, and that it was open-ended.".to_string()),
    ];
    let ending = prop_oneof![Just("\n"), Just("\r\n")];
    (
        proptest::collection::vec((line, ending), 0..40),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, last_newline, mac)| {
            // With `mac`, classic Mac line ends: every line ends in a lone `\r`.
            let mut s: String = lines
                .into_iter()
                .map(|(l, e)| l + if mac { "\r" } else { e })
                .collect();
            if !last_newline && (s.ends_with('\n') || s.ends_with('\r')) {
                // A lone `\r` may end the input: text in a text with `\n`, else a
                // line end.
                s.pop();
            }
            s
        })
}

/// The byte that ends the lines of `bytes`, as the library's docs say: `\n`, or `\r`
/// in a text with a `\r` and no `\n`.
fn line_end(bytes: &[u8]) -> u8 {
    if !bytes.contains(&b'\n') && bytes.contains(&b'\r') {
        b'\r'
    } else {
        b'\n'
    }
}

/// The lines of `bytes` without their terminators (`\n` or `\r\n`; a lone `\r` in a
/// text without `\n`), the empty line after a final line end left out.
fn reference_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let end = line_end(bytes);
    let mut v: Vec<&[u8]> = bytes.split(|&c| c == end).collect();
    let last = v.pop().filter(|l| !l.is_empty());
    if end == b'\n' {
        // The `\r` of a `\r\n` (the last line has no `\n`).
        for l in &mut v {
            *l = l.strip_suffix(b"\r").unwrap_or(l);
        }
    }
    v.extend(last);
    v
}

#[test]
fn reference_lines_split_as_documented() {
    assert_eq!(reference_lines(b"a\r\nb\n"), [&b"a"[..], b"b"]);
    assert_eq!(reference_lines(b"a\rb\n"), [&b"a\rb"[..]]);
    assert_eq!(reference_lines(b"a\nb\r"), [&b"a"[..], b"b\r"]);
    assert_eq!(reference_lines(b"a\rb\r\rc"), [&b"a"[..], b"b", b"", b"c"]);
    assert_eq!(reference_lines(b""), Vec::<&[u8]>::new());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Kept lines are input lines, byte for byte and in order; every input line has
    /// a verdict; spans tile the input.
    #[test]
    fn kept_lines_are_input_lines_in_order(page in page_strategy(), threshold in 0.0f32..1.0) {
        let cleaner = Cleaner::builder().threshold(threshold).build();
        let verdicts = cleaner.classify(&page);
        let input_lines: Vec<&[u8]> = reference_lines(page.as_bytes());
        prop_assert_eq!(verdicts.len(), input_lines.len());
        let mut pos = 0;
        for (v, line) in verdicts.iter().zip(&input_lines) {
            prop_assert_eq!(v.full_span().start, pos);
            pos = v.full_span().end;
            prop_assert_eq!(page[v.span()].as_bytes(), *line);
        }
        prop_assert_eq!(pos, page.len());
        // The output is the kept lines' bytes with their own terminators, in order
        // (a last line without one gets the input's line end).
        let kept = cleaner.clean(&page);
        let mut expected = String::new();
        for v in verdicts.iter().filter(|v| v.is_kept()) {
            expected.push_str(&page[v.full_span()]);
            if v.full_span().end == v.span().end {
                expected.push(char::from(line_end(page.as_bytes())));
            }
        }
        prop_assert_eq!(kept, expected);
    }

    /// Arbitrary bytes never panic, and spans tile the input.
    #[test]
    fn arbitrary_bytes_are_classified(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let verdicts = Cleaner::new().classify_bytes(&bytes);
        let end = verdicts.last().map_or(0, |v| v.full_span().end);
        prop_assert_eq!(end, bytes.len());
        prop_assert_eq!(verdicts.len(), reference_lines(&bytes).len());
        // At threshold 0 the output is a subsequence of the input's lines, byte for
        // byte, holding every line with a visible character.
        let mut out = Vec::new();
        Cleaner::builder().threshold(0.0).build().clean_bytes(&bytes, &mut out);
        let (input, output) = (reference_lines(&bytes), reference_lines(&out));
        // A last input line ending in a lone `\r` (text) comes out with `\n` after it.
        let trim = |l: &[u8]| -> Vec<u8> { l.strip_suffix(b"\r").unwrap_or(l).to_vec() };
        let mut it = input.iter();
        for line in &output {
            prop_assert!(it.any(|l| trim(l) == trim(line)), "output line {:?} is not the next input line", line);
        }
        // Visible as the library counts it: not white space (`char::is_whitespace`,
        // which takes in the vertical tab that `is_ascii_whitespace` leaves out).
        let blank = |l: &[u8]| String::from_utf8_lossy(l).chars().all(char::is_whitespace);
        let visible = input.iter().filter(|l| !blank(l)).count();
        prop_assert!(output.len() >= visible);
    }

    /// One workspace, reused over pages of any sizes in turn (longer and shorter than
    /// the last), gives the verdicts a fresh classification gives.
    #[test]
    fn a_reused_workspace_changes_nothing(pages in proptest::collection::vec(page_strategy(), 1..6)) {
        let cleaner = Cleaner::new();
        let mut workspace = deboiler::Workspace::new();
        let mut out = Vec::new();
        for page in &pages {
            cleaner.classify_reusing(page.as_bytes(), &mut workspace, &mut out);
            prop_assert_eq!(&out, &cleaner.classify(page));
        }
    }

    /// A higher threshold never keeps more lines.
    #[test]
    fn a_higher_threshold_keeps_less(page in page_strategy(), a in 0.0f32..1.0, b in 0.0f32..1.0) {
        let (lo, hi) = (a.min(b), a.max(b));
        let kept = |t: f32| -> Vec<bool> {
            Cleaner::builder().threshold(t).build().classify(&page).iter().map(|v| v.is_kept() && v.label() == Label::Content).collect()
        };
        let (low, high) = (kept(lo), kept(hi));
        prop_assert_eq!(low.len(), high.len());
        for (l, h) in low.iter().zip(&high) {
            prop_assert!(!h || *l, "a line kept at {hi} is dropped at {lo}");
        }
    }
}

#[test]
fn every_label_round_trips_by_name() {
    let names = [
        "content",
        "title",
        "byline",
        "timestamp",
        "caption",
        "navigation",
        "marketing",
        "legal",
        "comment",
        "blank",
    ];
    assert_eq!(Label::ALL.len(), names.len());
    for (l, name) in Label::ALL.iter().zip(names) {
        assert_eq!(l.as_str(), name);
        assert_eq!(l.to_string(), name);
        assert_eq!(name.parse::<Label>(), Ok(*l));
        assert_eq!(name.to_uppercase().parse::<Label>(), Ok(*l));
    }
    assert_eq!("comment".parse::<Label>(), Ok(Label::Comment));
    let err = "comments".parse::<Label>().unwrap_err().to_string();
    assert!(err.contains("legal, comment, blank"), "{err}");
}

#[test]
fn comment_is_kept_only_when_asked() {
    let default = Cleaner::new();
    assert!(!default.keeps(Label::Comment));
    let both = Cleaner::builder()
        .keep(&[Label::Content, Label::Comment])
        .build();
    assert!(both.keeps(Label::Comment) && both.keeps(Label::Content));
    assert!(!both.keeps(Label::Blank) && !both.keeps(Label::Legal));
    let every = Cleaner::builder().keep(&Label::ALL).build();
    assert!(Label::ALL.iter().all(|&l| every.keeps(l)));
}

#[cfg(feature = "train")]
#[test]
fn comment_in_a_labels_file_loads() {
    use deboiler::eval::{Gold, load_dir};
    let dir = std::env::temp_dir().join(format!("deboiler-api-comment-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("p.txt"),
        "The council approved the plan.\nGreat article, thanks!\n",
    )
    .unwrap();
    std::fs::write(dir.join("p.labels"), "content\ncomment\n").unwrap();
    let docs = load_dir(&dir).unwrap();
    assert_eq!(
        docs[0].gold,
        [Gold::Label(Label::Content), Gold::Label(Label::Comment)]
    );
    assert!(!docs[0].gold[1].is_content());
    std::fs::remove_dir_all(&dir).unwrap();
}
