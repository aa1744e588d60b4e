//! Properties that hold for any input: no panic; every offset inside the normalised text and
//! on a character boundary; spans ordered; the JSON always valid against the contract.

use dondoc_extract::{extract_with, DeadlineKind, Extraction, Options};
use proptest::prelude::*;

/// Pieces real directives are made of, so random documents exercise the interesting paths.
const PIECES: &[&str] = &[
    "Số 604-KL/HU",
    "Số: 11 /TB-UBND",
    "KẾT LUẬN",
    "THÔNG BÁO",
    "Quảng Ngãi, ngày 08 tháng 01 năm 2025",
    "Ngày 27/3/2024, ",
    "1. ",
    "2. ",
    "3. ",
    "I. ",
    "(1) ",
    "(2) ",
    "a) ",
    "b) ",
    "- ",
    "+ ",
    "Giao ",
    "giao ",
    "UBND huyện",
    "Sở Tài chính",
    " chủ trì, phối hợp với ",
    "Ban Tổ chức Huyện ủy",
    "các sở, ngành liên quan",
    "Chủ tịch UBND tỉnh",
    " khẩn trương ",
    "hoàn thành ",
    "trước ngày 15/5/2024",
    "tháng 6/2024",
    "quý II/2024",
    "trong năm 2024",
    "hằng tháng",
    "thường xuyên",
    "trong 15 ngày kể từ ngày ký",
    "6 tháng đầu năm",
    "đạt trên 90%",
    "không quá 5%",
    "Chỉ thị số 26-CT/TU ngày 02/6/2023",
    "Công văn số: 1360/UBND-NN",
    "Nghị định 32/2024/NĐ-CP",
    ": ",
    ". ",
    "; ",
    ", ",
    "\n",
    "\n\n",
    "   ",
    "\t",
    " | ",
    "Nơi nhận:",
    "T/M HUYỆN ỦY",
    "KT. CHỦ TỊCH",
    "PHÓ BÍ THƯ",
    "Đỗ Văn Cẩm",
    "*",
    "_",
    "uỷ",
    "hoà",
    "Tuy nhiên, ",
    "Về tình hình ",
    "các nhiệm vụ sau:",
    "| Nội dung | Cơ quan chủ trì | Thời hạn |",
    "(",
    ")",
    "/",
    "-",
    "2024",
    "ngày",
    "tháng",
    "quý",
    "năm",
    "Đ",
    "ư",
    "\u{0301}",
    "\u{00A0}",
    "\r\n",
    "./.",
];

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => "\\PC{0,12}",
        ],
        0..80,
    )
    .prop_map(|v| v.concat())
}

fn check(x: &Extraction) -> Result<(), TestCaseError> {
    let text = x.text_normalised.as_deref().expect("with_text");
    let ok = |a: usize, b: usize| a <= b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b);
    for t in &x.tasks {
        prop_assert!(ok(t.start, t.end), "task {} span {}..{}", t.id, t.start, t.end);
        if let (Some(s), Some(e)) = (t.deadline.start, t.deadline.end) {
            prop_assert!(ok(s, e), "deadline span {s}..{e}");
        }
        match t.deadline.kind {
            DeadlineKind::Recurring => prop_assert!(t.deadline.period.is_some() && t.deadline.due.is_none()),
            DeadlineKind::None | DeadlineKind::Ongoing => prop_assert!(t.deadline.due.is_none()),
            _ => prop_assert!(t.deadline.due.is_some()),
        }
        for g in &t.targets {
            prop_assert!(ok(g.start, g.end), "target span");
            prop_assert!(g.value.is_finite());
        }
        prop_assert!(!t.text.is_empty());
    }
    for r in &x.references {
        prop_assert!(ok(r.start, r.end), "reference span");
        prop_assert!(!r.symbol.is_empty());
    }
    for w in &x.warning_details {
        if let (Some(s), Some(e)) = (w.start, w.end) {
            prop_assert!(ok(s, e), "warning span");
        }
    }
    // Ids are unique and parents exist.
    let mut ids = std::collections::HashSet::new();
    for t in &x.tasks {
        prop_assert!(ids.insert(t.id.clone()), "duplicate id {}", t.id);
    }
    for t in &x.tasks {
        if let Some(p) = &t.parent {
            prop_assert!(ids.contains(p), "unknown parent {p}");
        }
    }
    // The JSON is the contract: it parses back and carries the schema.
    let json = serde_json::to_value(x).expect("serialises");
    prop_assert_eq!(json["schema"].as_str(), Some("dondoc.extract/1"));
    let back: Extraction = serde_json::from_value(json).expect("round-trips");
    prop_assert_eq!(&back.tasks, &x.tasks);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_document_gives_valid_output(doc in document()) {
        let x = extract_with(&doc, &Options { with_text: true, ..Options::default() });
        check(&x)?;
    }

    #[test]
    fn any_string_gives_valid_output(doc in "\\PC{0,400}") {
        let x = extract_with(&doc, &Options { with_text: true, ..Options::default() });
        check(&x)?;
    }

    #[test]
    fn extraction_is_deterministic(doc in document()) {
        let a = dondoc_extract::extract(&doc);
        let b = dondoc_extract::extract(&doc);
        prop_assert_eq!(a, b);
    }
}

#[test]
fn model_document_offsets_point_at_the_words() {
    let Ok(text) = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/public/000_4a0f8a664aab7658.txt"
    )) else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let x = extract_with(&text, &Options { with_text: true, ..Options::default() });
    let n = x.text_normalised.as_deref().unwrap_or_default();
    for t in &x.tasks {
        if let (Some(s), Some(e), Some(words)) = (t.deadline.start, t.deadline.end, &t.deadline.text) {
            let span: String = n[s..e].split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(&span, words, "deadline of {}", t.id);
        }
        let first: String = t.text.chars().take(10).collect();
        assert!(n[t.start..t.end].starts_with(&first), "task {} starts at its text", t.id);
    }
}
