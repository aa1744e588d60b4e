//! dondoc-ingest: the bytes of a document file turned into text the extractor can read.
//!
//! This first part handles plain text: UTF-8 (with or without a byte-order mark) and UTF-16
//! with a byte-order mark. Anything else — binary data, an empty file, bytes that are not
//! UTF-8 — is refused with an error that says what is wrong and where, so nothing is guessed
//! silently.

use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

/// Why bytes could not be read as a document's text.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum IngestError {
    #[error("tệp rỗng: không có nội dung để đọc")]
    Empty,
    #[error("không phải tệp văn bản: có dữ liệu nhị phân (byte 0x{byte:02X} ở vị trí {offset})")]
    Binary { offset: usize, byte: u8 },
    #[error("không phải văn bản UTF-8: byte không hợp lệ ở vị trí {offset}; nếu văn bản dùng bảng mã TCVN3 (ABC) hoặc VNI, hãy lưu lại dưới dạng Unicode (UTF-8)")]
    InvalidUtf8 { offset: usize },
    #[error("văn bản UTF-16 không hợp lệ ở vị trí {offset}")]
    InvalidUtf16 { offset: usize },
}

impl IngestError {
    /// A stable machine code for the error.
    pub fn code(&self) -> &'static str {
        match self {
            IngestError::Empty => "empty",
            IngestError::Binary { .. } => "binary",
            IngestError::InvalidUtf8 { .. } => "invalid_utf8",
            IngestError::InvalidUtf16 { .. } => "invalid_utf16",
        }
    }
}

/// Reads the bytes of a plain-text document as NFC text.
pub fn decode_text(bytes: &[u8]) -> Result<String, IngestError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Some(offset) =
        bytes.iter().position(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x0B)))
    {
        return Err(IngestError::Binary { offset, byte: bytes[offset] });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| IngestError::InvalidUtf8 { offset: e.valid_up_to() })?;
    finish(text)
}

fn utf16(rest: &[u8], read: fn([u8; 2]) -> u16) -> Result<String, IngestError> {
    if !rest.len().is_multiple_of(2) {
        return Err(IngestError::InvalidUtf16 { offset: rest.len() + 1 });
    }
    let units: Vec<u16> = rest.chunks_exact(2).map(|c| read([c[0], c[1]])).collect();
    let mut text = String::with_capacity(units.len());
    for (i, r) in char::decode_utf16(units.iter().copied()).enumerate() {
        match r {
            Ok('\0') => return Err(IngestError::Binary { offset: 2 + 2 * i, byte: 0 }),
            Ok(c) => text.push(c),
            Err(_) => return Err(IngestError::InvalidUtf16 { offset: 2 + 2 * i }),
        }
    }
    finish(&text)
}

fn finish(text: &str) -> Result<String, IngestError> {
    if text.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    Ok(text.nfc().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_utf8_with_and_without_bom() {
        assert_eq!(decode_text("Kết luận".as_bytes()).unwrap(), "Kết luận");
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("Số 604-KL/HU".as_bytes());
        assert_eq!(decode_text(&b).unwrap(), "Số 604-KL/HU");
    }

    #[test]
    fn reads_utf16() {
        let mut le = vec![0xFF, 0xFE];
        for u in "Ủy ban".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(&le).unwrap(), "Ủy ban");
        let mut be = vec![0xFE, 0xFF];
        for u in "Ủy ban".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode_text(&be).unwrap(), "Ủy ban");
    }

    #[test]
    fn composes_nfd() {
        let nfd: String = "Huyện ủy".nfd().collect();
        assert_eq!(decode_text(nfd.as_bytes()).unwrap(), "Huyện ủy");
    }

    #[test]
    fn refuses_what_is_not_text() {
        assert_eq!(decode_text(b""), Err(IngestError::Empty));
        assert_eq!(decode_text(b"  \n\t"), Err(IngestError::Empty));
        assert_eq!(decode_text(b"PK\x03\x04\x00"), Err(IngestError::Binary { offset: 2, byte: 3 }));
        assert_eq!(decode_text(b"abc\xC3\x28"), Err(IngestError::InvalidUtf8 { offset: 3 }));
        let e = decode_text(b"\xFF\xFEa").unwrap_err();
        assert_eq!(e.code(), "invalid_utf16");
        assert!(IngestError::InvalidUtf8 { offset: 3 }.to_string().contains("vị trí 3"));
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = decode_text(&bytes);
        }

        #[test]
        fn any_text_round_trips(s in "\\PC{1,200}") {
            prop_assume!(!s.trim().is_empty() && !s.chars().any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r' | '\x0B' | '\x0C')));
            let nfc: String = s.nfc().collect();
            prop_assert_eq!(decode_text(s.as_bytes()).unwrap(), nfc);
        }
    }
}
