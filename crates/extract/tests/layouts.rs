//! The layouts real directives arrive in: task tables, NFD text, old-style tone marks,
//! Windows line ends, converter markup, and a state notice with its two-column header.

use dondoc_extract::{extract, DeadlineKind, Period};
use unicode_normalization::UnicodeNormalization;

const TABLE_PLAN: &str = include_str!("data/table_plan.txt");
const MODEL: &str = include_str!("data/model.txt");

#[test]
fn task_table_rows_become_tasks() {
    let x = extract(TABLE_PLAN);
    assert_eq!(x.document.symbol.as_deref(), Some("45/KH-UBND"));
    assert_eq!(x.document.kind.as_deref(), Some("KH"));
    let rows: Vec<_> = x.tasks.iter().filter(|t| t.id.contains(".B")).collect();
    assert_eq!(rows.len(), 3, "{:#?}", x.tasks);
    assert_eq!(rows[0].text, "Rà soát, cập nhật dữ liệu dân cư trên địa bàn");
    assert_eq!(rows[0].lead.as_deref(), Some("Công an xã"));
    assert_eq!(rows[0].coordinators, vec!["Các thôn"]);
    assert_eq!(rows[0].deadline.due.map(|d| d.to_string()).as_deref(), Some("2025-06-30"));
    assert_eq!(rows[1].coordinators, vec!["Đoàn Thanh niên", "Hội Phụ nữ"]);
    assert_eq!(rows[2].deadline.kind, DeadlineKind::Recurring);
    assert_eq!(rows[2].deadline.period, Some(Period::Monthly));
    let last = x.tasks.last().unwrap();
    assert_eq!(last.lead.as_deref(), Some("Văn phòng HĐND - UBND xã"));
    assert_eq!(last.deadline.due.map(|d| d.to_string()).as_deref(), Some("2025-12-14"));
    assert!(!x.tasks.iter().any(|t| t.text == "TỔ CHỨC THỰC HIỆN"), "a capitals heading is no task");
    assert_eq!(x.document.signer.as_ref().and_then(|s| s.name.as_deref()), Some("Nguyễn Văn Hùng"));
}

#[test]
fn nfd_crlf_and_old_tones_read_like_the_original() {
    let base = extract(MODEL);
    let nfd: String = MODEL.nfd().collect();
    let odd = nfd.replace('\n', "\r\n").replace("ủy", "uỷ").replace("hòa", "hoà");
    let x = extract(&odd);
    assert_eq!(x.tasks.len(), base.tasks.len());
    for (a, b) in x.tasks.iter().zip(&base.tasks) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.deadline.due, b.deadline.due);
        assert_eq!(a.lead.as_deref().map(|l| l.replace("uỷ", "ủy")), b.lead.clone(), "task {}", a.id);
    }
    assert_eq!(x.document.symbol, base.document.symbol);
}

#[test]
fn markup_is_dropped_and_page_breaks_rejoined() {
    let doc = "Số 12-KL/HU\n\nKẾT LUẬN\n\nNgày 05/4/2024, Ban Thường vụ Huyện ủy họp, kết luận như sau:\n\n1. *Giao Ban Tuyên giáo Huyện ủy*: chủ trì tuyên truyền, hoàn thành trong\n\n2\n\ntháng 5/2024.\n\n2. _Giao UBND huyện_ báo cáo kết quả trước ngày 15/6/2024.\n";
    let x = extract(doc);
    assert_eq!(x.tasks.len(), 2, "{:#?}", x.tasks);
    assert_eq!(x.tasks[0].lead.as_deref(), Some("Ban Tuyên giáo Huyện ủy"));
    assert!(x.tasks[0].text.ends_with("hoàn thành trong tháng 5/2024."), "{}", x.tasks[0].text);
    assert_eq!(x.tasks[0].deadline.due.map(|d| d.to_string()).as_deref(), Some("2024-05-31"));
    assert_eq!(x.tasks[1].deadline.due.map(|d| d.to_string()).as_deref(), Some("2024-06-14"));
    assert!(!x.tasks[1].text.contains('_'));
}

#[test]
fn warnings_for_the_reviewer() {
    let doc = "Số 7-TB/HU\n\nTHÔNG BÁO\n\nNgày 02/5/2024, Thường trực Huyện ủy kết luận như sau:\n\n1. Giao UBND huyện hoàn thành trước ngày 30/4/2024.\n\n1. Tiếp tục theo dõi tình hình.\n\n3. Giao Văn phòng Huyện ủy tổng hợp.\n";
    let x = extract(doc);
    let codes: Vec<&str> = x.warning_details.iter().map(|w| w.code.as_str()).collect();
    assert!(codes.contains(&"duplicate_number"), "{codes:?}");
    assert!(codes.contains(&"skipped_number"), "{codes:?}");
    assert!(codes.contains(&"deadline_before_document"), "{codes:?}");
    assert!(codes.contains(&"unreadable_signer"), "{codes:?}");
    assert_eq!(x.warnings.len(), x.warning_details.len());
}

#[test]
fn empty_and_odd_inputs_give_an_empty_result() {
    for doc in ["", "\n\n\n", "|||", "1.", "(1)", "Số", "Nơi nhận:", "\u{FEFF}"] {
        let x = extract(doc);
        assert!(x.tasks.is_empty(), "{doc:?}: {:?}", x.tasks);
        assert_eq!(x.schema, "dondoc.extract/1");
    }
}

#[test]
fn party_notice_hands_work_to_the_body_directed() {
    let x = extract(include_str!("data/party_notice.txt"));
    assert_eq!(x.document.symbol.as_deref(), Some("120-TB/TU"));
    assert_eq!(x.document.signer.as_ref().and_then(|s| s.authority.as_deref()), Some("T/L BAN THƯỜNG VỤ"));
    let leads: Vec<Option<&str>> = x.tasks.iter().map(|t| t.lead.as_deref()).collect();
    // "Giao Ban cán sự đảng UBND tỉnh lãnh đạo, chỉ đạo UBND tỉnh tập trung …": UBND tỉnh does it.
    assert_eq!(
        leads,
        vec![
            Some("UBND tỉnh"),
            Some("Ban Tuyên giáo Tỉnh ủy"),
            Some("Đảng ủy Khối các cơ quan tỉnh"),
            Some("Văn phòng Tỉnh ủy")
        ]
    );
    assert!(x.tasks[0].coordinators.iter().any(|c| c == "Ban cán sự đảng UBND tỉnh"));
    assert_eq!(x.tasks[0].targets[0].value, 95.0);
    assert_eq!(x.tasks[2].deadline.kind, DeadlineKind::Recurring);
    assert_eq!(x.tasks[2].deadline.period, Some(Period::Quarterly));
}
