//! The keys of runs of ASCII letters and digits, read eight bytes at a time, and the
//! hash tables of [`super::WordIndex`] that hold the whole-word phrases by key.

/// `0x01` in every byte of a `u64`.
const ONES: u64 = 0x0101_0101_0101_0101;

/// `0x80` in every byte of a `u64`.
pub(super) const HIGHS: u64 = 0x80 * ONES;

/// The high bit of each byte of `x` that is an ASCII letter or digit (the others
/// 0): ranges tested on all eight bytes at once, no byte carrying into the next.
pub(super) fn alnum_bytes(x: u64) -> u64 {
    let h = x & (0x7f * ONES);
    // Letters of either case: `b | 0x20` in `a..=z`.
    let low = h | (0x20 * ONES);
    let letters = (low + (0x80 - b'a' as u64) * ONES) & !(low + (0x7f - b'z' as u64) * ONES);
    let digits = (h + (0x80 - b'0' as u64) * ONES) & !(h + (0x7f - b'9' as u64) * ONES);
    (letters | digits) & !x & HIGHS
}

/// The eight bytes of `line` from `i`, little-endian, zeros past its end.
#[inline(always)]
pub(super) fn chunk_at(line: &[u8], i: usize) -> u64 {
    match line.get(i..i + 8) {
        Some(c) => u64::from_le_bytes(c.try_into().expect("eight bytes")),
        None => {
            let mut b = [0u8; 8];
            let rest = &line[i.min(line.len())..];
            b[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(b)
        }
    }
}

/// The key of a run of `len` (1 to 8) ASCII letters and digits, its first eight
/// bytes `chunk`: the run's bytes lower-cased (`| 0x20` lower-cases a letter and
/// leaves a digit as it is), zeros after them.
pub(super) fn short_key(chunk: u64, len: usize) -> u64 {
    let mask = u64::MAX >> (64 - 8 * len);
    (chunk | (0x20 * ONES)) & mask
}

/// The first slot of [`super::WordIndex::short_keys`] to look at for `key`.
pub(super) fn short_slot(key: u64, shift: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

/// The first slot of [`super::WordIndex::medium_keys`] to look at for `keys`.
pub(super) fn medium_slot(keys: [u64; 2], shift: u32) -> usize {
    ((keys[0] ^ keys[1].wrapping_mul(0xff51_afd7_ed55_8ccd)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        >> shift) as usize
}

/// Slots for `n` keys, at most a quarter full: a miss (most words) ends at an
/// empty slot soon. Returns the size and the shift of a slot's index.
pub(super) fn table_size(n: usize) -> (usize, u32) {
    let size = (n * 4).next_power_of_two().max(2);
    (size, 64 - size.trailing_zeros())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_bytes_at_a_time_tells_letters_and_digits() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let x = ((b as u64) << (8 * at)) | (0x2E2E_2E2E_2E2E_2E2E & !(0xFF << (8 * at)));
                let want = if b.is_ascii_alphanumeric() {
                    0x80 << (8 * at)
                } else {
                    0
                };
                assert_eq!(alnum_bytes(x) & (0xFF << (8 * at)), want, "{b:#x} at {at}");
            }
        }
    }
}
