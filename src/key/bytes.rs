//! Byte helpers of the key intake: strict base64 into wiped buffers, and the
//! bit length of a big-endian integer. A leaf of `key/`.

use zeroize::Zeroizing;

/// Standard padded base64 (whitespace already removed), decoded in constant
/// time into a wiped-on-drop buffer allocated once at its final capacity.
pub(super) fn decode_base64(text: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use base64ct::Encoding as _;
    let mut out = Zeroizing::new(vec![0u8; text.len() / 4 * 3 + 3]);
    let len = base64ct::Base64::decode(text, &mut out).ok()?.len();
    out.truncate(len);
    Some(out)
}

/// Significant bits of a big-endian unsigned integer.
pub(super) fn bit_len(bytes: &[u8]) -> usize {
    match bytes.iter().position(|&b| b != 0) {
        Some(i) => (bytes.len() - i) * 8 - bytes[i].leading_zeros() as usize,
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_len_counts_significant_bits() {
        assert_eq!(bit_len(&[]), 0);
        assert_eq!(bit_len(&[0, 0]), 0);
        assert_eq!(bit_len(&[0x00, 0x81, 0x00]), 16);
        assert_eq!(bit_len(&[0x01, 0x00, 0x01]), 17);
    }

    #[test]
    fn base64_is_strict_and_exact() {
        assert_eq!(decode_base64(b"YWJj").unwrap().as_slice(), b"abc");
        assert_eq!(decode_base64(b"YWI=").unwrap().as_slice(), b"ab");
        assert!(decode_base64(b"YWI").is_none(), "padding is required");
        assert!(decode_base64(b"YW J j").is_none(), "whitespace is removed before");
    }
}
