//! The walk's rules on small pages: blocks and pieces of text, line breaks, dropped
//! and hidden elements, element paths and layout facts.

use super::*;

fn lines(html: &str) -> Vec<String> {
    let d = dump(html, Options::default());
    d.text.lines().map(str::to_string).collect()
}

fn paths(html: &str) -> Vec<String> {
    dump(html, Options::default())
        .blocks
        .into_iter()
        .map(|b| b.path)
        .collect()
}

#[test]
fn blocks_and_pieces() {
    assert_eq!(
        lines("<p>Hello <b>big</b>\n  world<i>!</i></p><p>Two</p>text<br>after"),
        ["Hello big world!", "Two", "text", "after"]
    );
    assert_eq!(lines("<ul><li>a<li>b</ul>"), ["a", "b"]);
    assert_eq!(lines("<span>A</span><span>B</span>"), ["A B"]);
    assert_eq!(lines(""), Vec::<String>::new());
    assert_eq!(
        lines("<p> </p><p>\u{a0}</p><p>\u{200b}</p>"),
        Vec::<String>::new()
    );
}

/// The joining rules of the benchmark dumps, each found by comparing our dumps
/// with theirs.
#[test]
fn pieces_join_like_the_benchmark_dumps() {
    for (html, want) in [
        // A space between pieces, even inside a word.
        ("<p><b>W</b>ord</p>", "W ord"),
        // None before closing punctuation, none after an opening parenthesis.
        ("<p>study (<a href=1>1</a>).</p>", "study (1)."),
        ("<p><a>x</a>, <a>y</a>; <a>z</a>]</p>", "x, y; z]"),
        // Whitespace alone between pieces changes nothing...
        (
            "<p><a>china</a>\n  <span>, </span><a>plague</a></p>",
            "china, plague",
        ),
        // ...but whitespace in the source at a piece's edge makes a space.
        ("<p>at <span>... more</span></p>", "at ... more"),
        (
            "<p>Agreement</a> <!-- -->(updated)</p>",
            "Agreement (updated)",
        ),
        // Curly quotes and apostrophes are no punctuation here.
        (
            "<p>\u{201c}<i>Seiya</i>\u{201d}</p>",
            "\u{201c} Seiya \u{201d}",
        ),
        // Text split by a comment only is one piece.
        (
            "<p>\u{a9}1996-<!-- -->2019<!-- --> Ziff</p>",
            "\u{a9}1996-2019 Ziff",
        ),
        // Invisible characters go, direction marks stay.
        (
            "<p>Not\u{ad}fall \u{200b}x\u{feff} <em>Man</em>\u{200b}.</p>",
            "Notfall x Man.",
        ),
        ("<p>\u{5e2}\u{200f}</p>", "\u{5e2}\u{200f}"),
    ] {
        assert_eq!(lines(html), [want], "{html}");
    }
}

#[test]
fn pre_keeps_line_breaks() {
    assert_eq!(
        lines("<pre>fn main() {\n    <b>let</b> x = 1;\n\n}</pre>"),
        ["fn main() {", "let x = 1;", "}"]
    );
    // Pieces join as elsewhere (as in the benchmark dumps).
    assert_eq!(
        lines("<pre><span>getData</span><span>(n)</span></pre>"),
        ["getData (n)"]
    );
    assert_eq!(
        lines("<pre><span>a</span>\n<span>b</span></pre>"),
        ["a", "b"]
    );
    assert_eq!(lines("<textarea>one\ntwo</textarea>"), ["one", "two"]);
}

#[test]
fn dropped_and_block_elements() {
    assert_eq!(
        lines(
            "<head><title>T</title><style>p{}</style></head><body><script>x()</script>\
             <noscript>n</noscript><template>t</template><svg><text>s</text></svg>\
             <iframe>i</iframe><object>o</object><p>kept<!-- comment --></p></body>"
        ),
        ["kept"]
    );
    assert_eq!(
        lines("<a><span>1</span><picture><img></picture><span>Title</span></a>"),
        ["1", "Title"]
    );
    assert_eq!(
        lines("Label <select><option>A<option>B</select> after"),
        ["Label", "A", "B", "after"]
    );
    assert_eq!(
        lines("<table><tr><td>a<td>b<tr><th>c</table>"),
        ["a", "b", "c"]
    );
    assert_eq!(lines("<dl><dt>t<dd>d</dl>x<hr>y"), ["t", "d", "x", "y"]);
}

#[test]
fn block_paths_and_layout() {
    let d = dump(
        "<body><nav><a href=/>Home</a></nav><article><p>Some <a href=x>link</a> text</p>\
         <p><time>Today</time></p></article></body>",
        Options::default(),
    );
    let p: Vec<&str> = d.blocks.iter().map(|b| b.path.as_str()).collect();
    assert_eq!(
        p,
        [
            "html>body>nav",
            "html>body>article>p",
            "html>body>article>p"
        ]
    );
    assert_eq!(&d.blocks[1].path[d.blocks[1].tag_start..], "p");
    assert!(d.blocks[0].layout.is_in(Region::Nav));
    assert_eq!(d.blocks[0].layout.link_share(), 1.0);
    assert!(d.blocks[1].layout.is_in(Region::Article));
    assert!(!d.blocks[1].layout.is_in(Region::Nav));
    assert!((d.blocks[1].layout.link_share() - 4.0 / 12.0).abs() < 1e-6);
    assert!(d.blocks[2].layout.is_in(Region::Time));
    assert_eq!(d.blocks[1].layout.depth(), 4);
}

#[test]
fn deep_paths_are_capped() {
    let html = "<div>".repeat(100) + "deep";
    let p = paths(&html);
    assert_eq!(p.len(), 1);
    assert!(p[0].starts_with("...>div>"), "{}", p[0]);
    assert_eq!(p[0].matches('>').count(), MAX_PATH_ELEMENTS);
    // Custom elements are inline: the path ends at the block around them.
    let long = format!("<{0}><div>x</div></{0}>", "y".repeat(100));
    assert_eq!(
        paths(&long),
        [format!("html>body>{}>div", "y".repeat(MAX_NAME_BYTES))]
    );
}

#[test]
fn hidden_both_ways() {
    let html = "<p>shown</p><p hidden>a</p><div aria-hidden=true>b</div>\
                <p style='color:red; DISPLAY : none !important'>c</p><p hidden=until-found>d</p>";
    let skip = Options {
        skip_hidden: true,
        ..Options::default()
    };
    let skipped =
        |h: &str| -> Vec<String> { dump(h, skip).text.lines().map(str::to_string).collect() };
    assert_eq!(skipped(html), ["shown", "d"]);
    // React's streamed segments are shown by the page's script.
    assert_eq!(
        skipped("<div hidden id=S:1><p>streamed</p></div><div hidden id=S:x>no</div>"),
        ["streamed"]
    );
    let keep = Options {
        skip_hidden: false,
        ..Options::default()
    };
    assert_eq!(Options::default().skip_hidden, SKIP_HIDDEN);
    let d = dump(html, keep);
    assert_eq!(d.text, "shown\na\nb\nc\nd\n");
    let hidden: Vec<bool> = d.blocks.iter().map(|b| b.layout.is_hidden()).collect();
    assert_eq!(hidden, [false, true, true, true, false]);
}

#[test]
fn source_spacing_option() {
    let browser = Options {
        space_between_pieces: false,
        ..Options::default()
    };
    let html = "<p><b>W</b>ord and <i>more</i> (<a>x</a>)</p><pre><b>a</b>b</pre>";
    assert_eq!(dump(html, browser).text, "Word and more (x)\nab\n");
    assert_eq!(
        dump(html, Options::default()).text,
        "W ord and more (x)\na b\n"
    );
}

#[test]
fn markup_facts_mark_the_boxes_around_fields_frames_and_images() {
    use super::markup::*;
    let html = "<body><article><p>Posted <time datetime=2024-01-02>Jan 2</time></p>\
        <p>On <time>Monday</time></p>\
        <figure><a href=/a><img src=a.jpg></a><figcaption>A bird (Getty)</figcaption></figure>\
        <p>One</p><p>Two</p><p>Three</p><p>Four</p><p>Five</p><p>Six</p></article>\
        <div><h3>Our newsletter</h3><p>Weekly</p>\
        <form><label>Email</label><input name=newsletter_EMAIL><button>Go</button></form></div>\
        <div><p>Advertisement</p><iframe src=x></iframe></div>\
        <form><label>Name</label><input type=text name=q><button>Search</button></form>\
        <div><p>Card</p><p>text</p><p>more</p><video></video></div></body>";
    let d = dump(html, Options::default());
    let bits: Vec<(&str, u8)> = d
        .blocks
        .iter()
        .map(|b| (&d.text[b.start..b.end], b.facts.markup))
        .collect();
    assert_eq!(
        bits,
        [
            ("Posted Jan 2", DATETIME),
            ("On Monday", 0),
            // The figure holds one block: near its image, and in its box.
            ("A bird (Getty)", IMAGE_NEAR | IMAGE_BOX),
            // The article holds the image too, but in more than six blocks.
            ("One", 0),
            ("Two", 0),
            ("Three", 0),
            ("Four", 0),
            ("Five", 0),
            ("Six", 0),
            ("Our newsletter", EMAIL_BOX),
            ("Weekly", EMAIL_BOX),
            ("Email Go", EMAIL_BOX),
            ("Advertisement", FRAME_BOX),
            // A form without an e-mail field marks nothing.
            ("Name Search", 0),
            // Three blocks with a video: in its box, but not near it.
            ("Card", IMAGE_BOX),
            ("text", IMAGE_BOX),
            ("more", IMAGE_BOX),
        ]
    );
    // `type="email"` alone makes a field; the `datetime` attribute on any element.
    let d = dump(
        "<div><p>Join</p><input type=EMAIL></div><p><ins datetime=2020>new</ins></p>",
        Options::default(),
    );
    assert_eq!(d.blocks[0].facts.markup, EMAIL_BOX);
    assert_eq!(d.blocks[1].facts.markup, DATETIME);
}
