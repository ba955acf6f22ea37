//! Measuring any line one character at a time ([`measure_chars`]): the lines that
//! are no valid UTF-8 or hold white space that is not ASCII, and the version the
//! tests hold the byte-wise measuring of [`super::bytewise`] to.

use super::{Shape, finish};
use crate::features::classes::{
    ALPHA, ASCII_FLAGS, DIGIT, SEPARATOR, SPACE, TERMINAL, UNSPACED, UPPER, first_class, flags_of,
};
use crate::features::numbers::Numbers;
use crate::features::utf8::utf8_pieces;

/// [`super::measure`] of any line, one character at a time.
pub(in crate::features) fn measure_chars(line: &[u8]) -> Shape {
    let mut shape = Shape {
        bytes: u32::try_from(line.len()).unwrap_or(u32::MAX),
        ..Shape::default()
    };
    let mut numbers = Numbers::default();
    let mut in_word = false;
    let mut word_digits = 0u32;
    let mut word_letters = 0u32;
    let mut last = ' ';
    let mut before_last = ' ';
    let mut first_seen = false;
    let mut last_open_paren: Option<usize> = None;
    let mut prev_terminal = false;

    let end_word = |shape: &mut Shape, digits: &mut u32, letters: &mut u32| {
        if *digits > 0 && *digits >= *letters {
            shape.numeric_words += 1;
        }
        *digits = 0;
        *letters = 0;
    };

    let mut offset = 0;
    for (valid, invalid) in utf8_pieces(line) {
        let vb = valid.as_bytes();
        let mut i = 0;
        while i < vb.len() {
            let b = vb[i];
            if in_word && first_seen && b.is_ascii_lowercase() {
                // Most bytes are lower-case ASCII letters inside a word: take the
                // whole run at once, with the same effect as one step per letter.
                let start = i;
                while i < vb.len() && vb[i].is_ascii_lowercase() {
                    i += 1;
                }
                let k = (i - start) as u32;
                numbers.close(line, offset + start);
                shape.chars += k;
                shape.letters += k;
                word_letters += k;
                before_last = if k >= 2 { vb[i - 2] as char } else { last };
                last = vb[i - 1] as char;
                prev_terminal = false;
                continue;
            }
            let (c, width, flags) = if b < 0x80 {
                (b as char, 1, ASCII_FLAGS[b as usize])
            } else {
                let c = valid[i..].chars().next().unwrap_or(' ');
                (c, c.len_utf8(), flags_of(c))
            };
            let pos = offset + i;
            if flags & DIGIT != 0 {
                numbers.digit(pos);
            } else {
                numbers.close(line, pos);
            }
            shape.chars += 1;
            let space = flags & SPACE != 0;
            if space {
                if in_word {
                    end_word(&mut shape, &mut word_digits, &mut word_letters);
                }
                in_word = false;
                if prev_terminal {
                    shape.mid_sentences += 1;
                }
            } else {
                if !in_word {
                    shape.words += 1;
                    in_word = true;
                    if flags & UPPER != 0 {
                        shape.cap_words += 1;
                    }
                }
                if !first_seen {
                    first_seen = true;
                    shape.first = first_class(flags);
                }
                if flags & ALPHA != 0 {
                    shape.letters += 1;
                    word_letters += 1;
                    if flags & UPPER != 0 {
                        shape.upper += 1;
                    }
                    if flags & UNSPACED != 0 {
                        shape.unspaced += 1;
                    }
                } else if flags & DIGIT != 0 {
                    shape.digits += 1;
                    word_digits += 1;
                } else {
                    shape.punct += 1;
                    match c {
                        ',' | '、' | '，' => shape.commas += 1,
                        '(' => last_open_paren = Some(pos),
                        '@' => shape.link = true,
                        ':' if line.get(pos + 1..pos + 3) == Some(b"//") => shape.link = true,
                        // `www.` anywhere makes a link.
                        '.' if pos >= 3 && &line[pos - 3..pos] == b"www" => shape.link = true,
                        _ => {}
                    }
                    if flags & SEPARATOR != 0 {
                        shape.separators += 1;
                    }
                }
                before_last = last;
                last = c;
            }
            prev_terminal = !space && flags & TERMINAL != 0;
            i += width;
        }
        offset += vb.len();
        if !invalid.is_empty() {
            shape.invalid_utf8 = true;
            // Undecodable bytes are still visible text: never a blank line.
            if !in_word {
                shape.words += 1;
                in_word = true;
            }
            prev_terminal = false;
            numbers.close(line, offset);
            shape.chars += 1;
            shape.punct += 1;
            offset += invalid.len();
        }
    }
    numbers.close(line, line.len());
    shape.times = numbers.times;
    shape.dates = numbers.dates;
    shape.years = numbers.years;
    shape.durations = numbers.durations;
    if in_word {
        end_word(&mut shape, &mut word_digits, &mut word_letters);
    }
    finish(line, &mut shape, last, before_last, last_open_paren);
    shape
}
