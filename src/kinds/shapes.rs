//! Shapes of lines that neither the word lists nor the hashed words catch well: two
//! of marketing, a row of the site's social profiles ("Follow us on Facebook",
//! "Facebook X YouTube LinkedIn"), whose words are names that share buttons use too,
//! and a price ("$479 from Best Buy", "€62.99", "Save £20"); and the header of a
//! reader's comment or post, which names who speaks ("Jane says:", "by jdoe (42)
//! writes:", "Sam replied on May 2"); the label that opens a numbered caption
//! ("Figure 4-5:", "Listing 2.", "2 of 4 A shopper looks…"); and the label that
//! opens a pointer to another page ("Read more: …", "Related: …", "See also: …"),
//! navigation whatever the headline after it says.

/// What a word of a row of social profiles is: the name of a network, or a word
/// that may stand beside the names ("Follow us on", "Find us on", "See our … page").
/// `None` for any other word. `word` is in lower case.
fn row_word(word: &[u8]) -> Option<bool> {
    match word {
        b"bluesky" | b"discord" | b"facebook" | b"flickr" | b"flipboard" | b"google"
        | b"instagram" | b"linkedin" | b"mastodon" | b"medium" | b"pinterest" | b"reddit"
        | b"rss" | b"snapchat" | b"soundcloud" | b"spotify" | b"telegram" | b"threads"
        | b"tiktok" | b"tumblr" | b"twitch" | b"twitter" | b"vimeo" | b"vk" | b"whatsapp"
        | b"x" | b"youtube" => Some(true),
        b"and" | b"channel" | b"connect" | b"feed" | b"find" | b"follow" | b"join" | b"like"
        | b"on" | b"our" | b"page" | b"profile" | b"see" | b"the" | b"us" | b"visit" | b"with" => {
            Some(false)
        }
        _ => None,
    }
}

/// The most words a row of profiles has.
const MAX_ROW_WORDS: usize = 12;

/// The longest word of a row ([`row_word`]), in bytes.
const MAX_WORD_BYTES: usize = 10;

/// Whether `line` is a row of social profiles: at most [`MAX_ROW_WORDS`] words of
/// ASCII letters, each the name of a network or a word of following, at least one a
/// network's.
pub(crate) fn is_social_row(line: &[u8]) -> bool {
    // Longer lines have more words or longer ones (a quick way out for prose).
    if line.len() > MAX_ROW_WORDS * (MAX_WORD_BYTES + 3) {
        return false;
    }
    let mut networks = 0;
    let mut words = 0;
    for word in line.split(|b| !b.is_ascii_alphanumeric() && *b < 0x80) {
        if word.is_empty() {
            continue;
        }
        words += 1;
        if words > MAX_ROW_WORDS || word.len() > MAX_WORD_BYTES {
            return false;
        }
        let mut lower = [0u8; MAX_WORD_BYTES];
        for (l, b) in lower.iter_mut().zip(word) {
            *l = b.to_ascii_lowercase();
        }
        match row_word(&lower[..word.len()]) {
            Some(true) => networks += 1,
            Some(false) => {}
            None => return false,
        }
    }
    networks > 0
}

/// Whether `line` names a price: a currency sign (`$`, `£`, `€`, `¥`, `₹`) next to a
/// digit, a space between them or not, on either side.
pub(crate) fn has_price(line: &[u8]) -> bool {
    const SIGNS: [&[u8]; 5] = [
        b"$",
        "£".as_bytes(),
        "€".as_bytes(),
        "¥".as_bytes(),
        "₹".as_bytes(),
    ];
    let digit_after = |rest: &[u8]| {
        let rest = rest.strip_prefix(b" ").unwrap_or(rest);
        rest.first().is_some_and(u8::is_ascii_digit)
    };
    let digit_before = |head: &[u8]| {
        let head = head.strip_suffix(b" ").unwrap_or(head);
        head.last().is_some_and(u8::is_ascii_digit)
    };
    // Every sign starts with one of three bytes, which `memchr` finds fast.
    memchr::memchr3_iter(b'$', 0xC2, 0xE2, line).any(|i| {
        SIGNS.iter().any(|s| {
            line[i..].starts_with(s)
                && (digit_after(&line[i + s.len()..]) || digit_before(&line[..i]))
        })
    })
}

/// The longest line taken for a speaker's header, in bytes.
const MAX_HEADER_BYTES: usize = 120;

/// Whether `line` is the header of a comment or post: at most
/// [`MAX_HEADER_BYTES`] bytes, whose last word is a verb of speaking (`says`,
/// `said`, `writes`, `wrote`, `replied`, `commented`, `responded`), or has such a
/// verb followed by `on` (a date).
pub(crate) fn is_speaker_header(line: &[u8]) -> bool {
    if line.len() > MAX_HEADER_BYTES {
        return false;
    }
    let is_verb = |w: &[u8]| {
        // Every verb is 4 to 9 letters long and starts with one of these.
        (4..=9).contains(&w.len())
            && matches!(w[0] | 0x20, b's' | b'w' | b'r' | b'c')
            && [
                &b"says"[..],
                b"said",
                b"writes",
                b"wrote",
                b"replied",
                b"commented",
                b"responded",
            ]
            .iter()
            .any(|v| v.eq_ignore_ascii_case(w))
    };
    let verb_before = |at: usize| is_verb(&line[last_word(&line[..at])]);
    let last = last_word(line);
    if line[last.clone()].eq_ignore_ascii_case(b"on") {
        return verb_before(last.start);
    }
    is_verb(&line[last])
        || (line.windows(4))
            .enumerate()
            .any(|(at, w)| w == b" on " && verb_before(at))
}

/// Where the last word of `text` is (a run of ASCII letters and digits, or of bytes
/// outside ASCII), found from the end; an empty range where there is none.
fn last_word(text: &[u8]) -> std::ops::Range<usize> {
    let is_word = |b: &u8| b.is_ascii_alphanumeric() || *b >= 0x80;
    let end = text.iter().rposition(is_word).map_or(0, |i| i + 1);
    let start = text[..end]
        .iter()
        .rposition(|b| !is_word(b))
        .map_or(0, |i| i + 1);
    start..end
}

/// Whether `line` opens with the label of a numbered figure, table or listing (a
/// word such as `Figure`, `Fig.`, `Table`, `Listing`, `Photo`, `Chart`, then a
/// number and a colon, stop or dash: "Figure 4-5: …", "Table 2. …"), or with a
/// gallery's counter ("2 of 4 …").
pub(crate) fn opens_with_figure_label(line: &[u8]) -> bool {
    let line = line.trim_ascii_start();
    let word_end = line
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(line.len());
    let (word, rest) = line.split_at(word_end);
    if word.is_empty() {
        // A gallery's counter: digits, ` of `, digits, a space.
        let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
        let n = digits(line);
        let Some(rest) = line[n..].strip_prefix(b" of ") else {
            return false;
        };
        let m = digits(rest);
        return n > 0 && m > 0 && rest.get(m) == Some(&b' ');
    }
    let named = [
        &b"figure"[..],
        b"fig",
        b"listing",
        b"table",
        b"image",
        b"photo",
        b"chart",
        b"exhibit",
        b"illustration",
        b"diagram",
        b"graph",
        b"map",
        b"video",
        b"plate",
        b"abbildung",
        b"abb",
        b"figura",
        b"tabla",
        b"tableau",
        b"bild",
    ]
    .iter()
    .any(|w| w.eq_ignore_ascii_case(word));
    if !named {
        return false;
    }
    // `Fig. 3`, `Figure 3`: a stop may close the word, spaces come before the number.
    let rest = rest.strip_prefix(b".").unwrap_or(rest).trim_ascii_start();
    let number = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        .count();
    if number == 0 || !rest[0].is_ascii_digit() {
        return false;
    }
    let after = rest[number..].trim_ascii_start();
    // The number ends in a stop ("Table 2."), or a colon, bar or dash follows it.
    rest[number - 1] == b'.'
        || after.starts_with(b":")
        || after.starts_with(b"|")
        || after.starts_with("—".as_bytes())
        || after.starts_with("–".as_bytes())
        || after.starts_with(b"-")
}

/// The labels that open a pointer to another page, in lower case: a related link's
/// ("Read more: Council approves…") in English and in the languages the benchmarks
/// hold most.
const POINTER_LABELS: [&[u8]; 22] = [
    b"read more",
    b"read next",
    b"read also",
    b"also read",
    b"related",
    b"related story",
    b"related article",
    b"related content",
    b"see also",
    b"more",
    b"more on this",
    b"more from",
    b"recommended",
    b"up next",
    b"watch",
    b"listen",
    b"also",
    b"lesen sie auch",
    b"mehr zum thema",
    b"lire aussi",
    b"leer m\xc3\xa1s",
    b"lee tambi\xc3\xa9n",
];

/// Whether `line` opens with the label of a pointer to another page
/// ([`POINTER_LABELS`], any case) followed by a colon and more text: "Read more:
/// Council approves new bike lanes", "RELATED: Five things to know".
pub(crate) fn opens_with_pointer_label(line: &[u8]) -> bool {
    let line = line.trim_ascii_start();
    let Some(colon) = line.iter().take(24).position(|&b| b == b':') else {
        return false;
    };
    let label = line[..colon].trim_ascii_end();
    let after = line[colon + 1..].trim_ascii();
    !after.is_empty()
        && POINTER_LABELS
            .iter()
            .any(|l| l.len() == label.len() && l.eq_ignore_ascii_case(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_social_profiles() {
        for row in [
            "Follow us on Facebook",
            "Facebook X YouTube LinkedIn",
            "FOLLOW US: Twitter | Instagram",
            "See our Pinterest page",
            "Connect with us",
        ] {
            assert_eq!(
                is_social_row(row.as_bytes()),
                row != "Connect with us",
                "{row}"
            );
        }
        for line in [
            "Share on Facebook",
            "Facebook said on Monday that it would sell the unit",
            "",
            "Instagramming",
            "Suivez-nous sur Facebook",
        ] {
            assert!(!is_social_row(line.as_bytes()), "{line}");
        }
    }

    #[test]
    fn prices_in_any_of_five_currencies() {
        for line in [
            "$479 from Best Buy",
            "€62.99",
            "Save £ 20 today",
            "1 299 ₹",
            "Now 15$",
            "¥3,000",
        ] {
            assert!(has_price(line.as_bytes()), "{line}");
        }
        for line in ["Costs in $ and €", "US$", "The 1990s", "£", "€ 2"] {
            assert_eq!(has_price(line.as_bytes()), line == "€ 2", "{line}");
        }
    }

    #[test]
    fn headers_of_comments_name_who_speaks() {
        for line in [
            "Jane Doe says:",
            "by phantomfive ( 622387 ) writes:",
            "37 minutes ago, Mr_Enigmatic said:",
            "Sam replied on May 2, 2024 at 3:04 pm",
            "DAVID WROTE",
            "Colin Rust commented on",
        ] {
            assert!(is_speaker_header(line.as_bytes()), "{line}");
        }
        for line in [
            "The minister said the plan would go ahead next year.",
            "Says who?",
            "",
            &"He wrote ".repeat(20),
        ] {
            assert!(!is_speaker_header(line.as_bytes()), "{line}");
        }
    }

    #[test]
    fn numbered_captions_open_with_their_label() {
        for line in [
            "Figure 4-5: The representation in memory",
            "Listing 4-2: Assigning the integer value",
            "Fig. 3 — The bridge at night",
            "TABLE 2. Results by site",
            "  Photo 1: The crowd",
            "2 of 4 A shopper looks at extension cords",
            "Abbildung 3: Der Aufbau",
        ] {
            assert!(opens_with_figure_label(line.as_bytes()), "{line}");
        }
        for line in [
            "Figure skating is back",
            "Table of contents",
            "Figures 1 and 2 show the same",
            "Table 2 shows the results",
            "2 of the 4 shoppers",
            "10 of 12",
            "",
            "Image",
        ] {
            assert!(!opens_with_figure_label(line.as_bytes()), "{line}");
        }
    }

    #[test]
    fn labels_that_open_a_pointer_to_another_page() {
        for line in [
            "Read more: Council approves new bike lanes after heated debate",
            "RELATED: Five things to know about the budget",
            "See also : The tram line's history",
            "Lesen Sie auch: Der Stadtrat stimmt zu",
            "Leer más: El concejo aprueba el plan",
        ] {
            assert!(opens_with_pointer_label(line.as_bytes()), "{line}");
        }
        for line in [
            "Read more:",
            "Related",
            "Readers said: the plan is too costly",
            "More than 40 people: the council said",
            "The council said: we will read more of the plan",
            "",
        ] {
            assert!(!opens_with_pointer_label(line.as_bytes()), "{line}");
        }
    }
}
