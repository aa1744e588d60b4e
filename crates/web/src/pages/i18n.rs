//! Every string the pages show, in Vietnamese (the default) and English, in one table.
//!
//! The language is `?lang=vi|en` (remembered in the `dondoc_lang` cookie by
//! [`remember_language`]) or the cookie alone; Vietnamese otherwise. Templates ask
//! `l.t("key")`; a key missing from the table shows as itself, and a test checks that every
//! key used in the templates is here.
//!
//! Messages that come from the domain (validation errors) are Vietnamese in both languages:
//! the rules speak Vietnamese.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::extract::Request;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use dondoc_domain::status::StatusGroup;
use dondoc_domain::user::Role;

use crate::session::cookie_value;

pub const LANG_COOKIE: &str = "dondoc_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// `?lang=` first, then the cookie.
    pub fn of(parts: &Parts) -> Lang {
        query_lang(parts.uri.query())
            .or_else(|| cookie_value(&parts.headers, LANG_COOKIE).and_then(|v| Lang::parse(&v)))
            .unwrap_or_default()
    }
}

fn query_lang(query: Option<&str>) -> Option<Lang> {
    query?.split('&').find_map(|p| p.strip_prefix("lang=")).and_then(Lang::parse)
}

/// Remembers `?lang=` in a cookie so that the following pages keep the language.
pub async fn remember_language(req: Request, next: Next) -> Response {
    let chosen = query_lang(req.uri().query());
    let mut resp = next.run(req).await;
    if let Some(l) = chosen {
        let v = format!("{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000", l.code());
        if let Ok(v) = HeaderValue::from_str(&v) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// (key, Vietnamese, English)
const TABLE: &[(&str, &str, &str)] = &[
    ("app.name", "dondoc", "dondoc"),
    ("app.tagline", "Theo dõi, đôn đốc thực hiện nhiệm vụ", "Following up directive tasks"),
    ("nav.overview", "Tổng quan", "Overview"),
    ("nav.documents", "Văn bản", "Documents"),
    ("nav.tasks", "Nhiệm vụ", "Tasks"),
    ("nav.units", "Đơn vị", "Units"),
    ("nav.reports", "Báo cáo", "Reports"),
    ("nav.admin", "Quản trị", "Administration"),
    ("nav.logout", "Đăng xuất", "Log out"),
    ("nav.skip", "Bỏ qua, đến nội dung chính", "Skip to main content"),
    ("common.save", "Lưu", "Save"),
    ("common.search", "Tìm", "Search"),
    ("common.filter", "Lọc", "Filter"),
    ("common.clear", "Xóa bộ lọc", "Clear filters"),
    ("common.all", "Tất cả", "All"),
    ("common.none", "Không có", "None"),
    ("common.prev", "« Trang trước", "« Previous"),
    ("common.next", "Trang sau »", "Next »"),
    ("common.page", "Trang", "Page"),
    ("common.of", "trên", "of"),
    ("common.results", "kết quả", "results"),
    ("common.date_hint", "dd/mm/yyyy", "dd/mm/yyyy"),
    ("common.print", "In trang", "Print"),
    ("common.back", "Quay lại", "Back"),
    ("common.as_of", "Tính đến ngày", "As of"),
    ("common.show", "Xem", "Show"),
    ("common.download", "Tải về", "Download"),
    ("common.days", "ngày", "days"),
    ("common.empty", "Chưa có dữ liệu.", "Nothing yet."),
    ("common.required", "bắt buộc", "required"),
    ("login.title", "Đăng nhập", "Log in"),
    ("login.username", "Tên đăng nhập", "User name"),
    ("login.password", "Mật khẩu", "Password"),
    ("login.submit", "Đăng nhập", "Log in"),
    ("login.intro", "Đăng nhập để theo dõi nhiệm vụ của cơ quan, đơn vị.", "Log in to follow your office's tasks."),
    ("login.need_username", "Hãy nhập tên đăng nhập.", "Enter your user name."),
    ("login.need_password", "Hãy nhập mật khẩu.", "Enter your password."),
    ("error.title", "Có lỗi", "Error"),
    ("error.home", "Về trang chủ", "Back to the start page"),
    ("msg.saved", "Đã lưu.", "Saved."),
    ("msg.reported", "Đã gửi báo cáo tiến độ.", "Progress report sent."),
    ("msg.completion", "Đã gửi báo cáo hoàn thành; chờ Văn phòng công nhận.", "Completion reported; awaiting the office."),
    ("msg.extension", "Đã gửi đề nghị gia hạn.", "Extension requested."),
    ("msg.granted", "Đã đồng ý gia hạn.", "Extension granted."),
    ("msg.refused", "Đã từ chối gia hạn.", "Extension refused."),
    ("msg.accepted", "Đã công nhận hoàn thành.", "Completion accepted."),
    ("msg.sent_back", "Đã trả lại báo cáo hoàn thành.", "Completion report sent back."),
    ("msg.imported", "Đã nhập văn bản. Hãy rà soát các nhiệm vụ đề xuất.", "Document imported. Review the proposed tasks."),
    ("msg.confirmed", "Đã xác nhận: các nhiệm vụ đã được giao.", "Confirmed: the tasks are live."),
    ("msg.unit_added", "Đã thêm đơn vị.", "Unit added."),
    ("msg.user_added", "Đã thêm tài khoản.", "User added."),
    ("msg.logged_out", "Đã đăng xuất.", "Logged out."),
    // statuses
    ("status.done_on_time", "Hoàn thành đúng hạn", "Done on time"),
    ("status.done_late", "Hoàn thành quá hạn", "Done late"),
    ("status.open_in_time", "Chưa hoàn thành - trong hạn", "Open, within deadline"),
    ("status.open_overdue", "Chưa hoàn thành - quá hạn", "Open, overdue"),
    ("status.due_soon", "Sắp đến hạn", "Due soon"),
    ("status.no_deadline", "Chưa có hạn", "No deadline"),
    ("status.cancelled", "Hủy", "Cancelled"),
    ("state.open", "Đang thực hiện", "In progress"),
    ("state.completion_reported", "Đã báo cáo hoàn thành, chờ công nhận", "Completion reported, awaiting acceptance"),
    ("state.done", "Đã hoàn thành", "Done"),
    ("state.cancelled", "Đã hủy", "Cancelled"),
    ("role.admin", "Quản trị", "Administrator"),
    ("role.office", "Chuyên viên Văn phòng", "Office staff"),
    ("role.leader", "Lãnh đạo", "Leader"),
    ("role.unit", "Đầu mối đơn vị", "Unit contact"),
    ("role.cadre", "Cán bộ", "Cadre"),
    // deadline kinds
    ("dk.date", "Ngày cụ thể", "Date"),
    ("dk.month", "Tháng", "Month"),
    ("dk.quarter", "Quý", "Quarter"),
    ("dk.half", "6 tháng", "Half-year"),
    ("dk.year", "Năm", "Year"),
    ("dk.recurring", "Định kỳ", "Recurring"),
    ("dk.ongoing", "Thường xuyên", "Ongoing"),
    ("dk.none", "Không có thời hạn", "No deadline"),
    ("period.weekly", "Hằng tuần", "Weekly"),
    ("period.monthly", "Hằng tháng", "Monthly"),
    ("period.quarterly", "Hằng quý", "Quarterly"),
    ("period.half_yearly", "6 tháng", "Half-yearly"),
    ("period.yearly", "Hằng năm", "Yearly"),
    // task list
    ("tasks.title", "Nhiệm vụ", "Tasks"),
    ("tasks.unit", "Đơn vị chủ trì", "Lead unit"),
    ("tasks.with_coordinated", "Cả nhiệm vụ phối hợp", "Include coordinated"),
    ("tasks.status", "Tình trạng", "Status"),
    ("tasks.document", "Văn bản", "Document"),
    ("tasks.due_from", "Hạn từ ngày", "Due from"),
    ("tasks.due_to", "đến ngày", "to"),
    ("tasks.text", "Nội dung có chứa", "Text contains"),
    ("tasks.sort", "Sắp xếp", "Sort"),
    ("tasks.sort.due", "Hạn sớm trước", "Deadline, earliest first"),
    ("tasks.sort.due_desc", "Hạn muộn trước", "Deadline, latest first"),
    ("tasks.sort.newest", "Mới giao trước", "Newest first"),
    ("tasks.sort.unit", "Theo đơn vị chủ trì", "By lead unit"),
    ("tasks.col.ref", "Mục", "Item"),
    ("tasks.col.text", "Nội dung nhiệm vụ", "Task"),
    ("tasks.col.lead", "Chủ trì", "Lead"),
    ("tasks.col.due", "Thời hạn", "Deadline"),
    ("tasks.col.status", "Tình trạng", "Status"),
    ("tasks.col.progress", "Tiến độ", "Progress"),
    ("tasks.none", "Không có nhiệm vụ nào phù hợp.", "No task matches."),
    ("tasks.total", "Tổng số", "Total"),
    // task page
    ("task.title", "Nhiệm vụ", "Task"),
    ("task.lead", "Đơn vị chủ trì", "Lead unit"),
    ("task.coordinators", "Đơn vị phối hợp", "Coordinating units"),
    ("task.deadline", "Thời hạn", "Deadline"),
    ("task.deadline_words", "Theo văn bản", "As written"),
    ("task.original_due", "Hạn ban đầu", "Original deadline"),
    ("task.effective_due", "Hạn đang áp dụng", "Deadline in force"),
    ("task.status", "Tình trạng", "Status"),
    ("task.state", "Trạng thái xử lý", "State"),
    ("task.progress", "Tiến độ", "Progress"),
    ("task.document", "Văn bản giao", "Assigned by"),
    ("task.assigned_on", "Ngày giao", "Assigned on"),
    ("task.targets", "Chỉ tiêu", "Targets"),
    ("task.references", "Văn bản được dẫn chiếu", "Documents cited"),
    ("task.source", "Đoạn văn bản gốc", "Source passage"),
    ("task.history", "Lịch sử báo cáo tiến độ", "Progress reports"),
    ("task.no_reports", "Chưa có báo cáo tiến độ.", "No progress report yet."),
    ("task.extensions", "Đề nghị gia hạn", "Extension requests"),
    ("task.no_extensions", "Chưa có đề nghị gia hạn.", "No extension request."),
    ("task.reported_on", "Ngày báo cáo", "Reported on"),
    ("task.percent", "Tỷ lệ hoàn thành (%)", "Percent done"),
    ("task.narrative", "Nội dung báo cáo", "Report"),
    ("task.attachment", "Tệp đính kèm (minh chứng)", "Attachment (evidence)"),
    ("task.attachments", "Tệp đính kèm", "Attachments"),
    ("task.completion_mark", "Báo cáo hoàn thành", "Completion report"),
    ("task.form.progress", "Báo cáo tiến độ", "Report progress"),
    ("task.form.progress.submit", "Gửi báo cáo tiến độ", "Send progress report"),
    ("task.form.completion", "Báo cáo hoàn thành nhiệm vụ", "Report completion"),
    ("task.form.completion.hint", "Báo cáo hoàn thành (100%) để Văn phòng xem xét, công nhận.", "A 100% report for the office to accept."),
    ("task.form.completion.submit", "Gửi báo cáo hoàn thành", "Send completion report"),
    ("task.form.extension", "Đề nghị gia hạn", "Ask for an extension"),
    ("task.form.extension.due", "Đề nghị gia hạn đến ngày", "New deadline asked for"),
    ("task.form.extension.reason", "Lý do", "Reason"),
    ("task.form.extension.submit", "Gửi đề nghị gia hạn", "Send request"),
    ("task.form.acceptance", "Công nhận hoàn thành", "Accept completion"),
    ("task.form.acceptance.hint", "Đơn vị đã báo cáo hoàn thành. Công nhận hoặc trả lại để tiếp tục thực hiện.", "The lead has reported completion. Accept it, or send it back."),
    ("task.form.accept", "Công nhận hoàn thành", "Accept"),
    ("task.form.send_back", "Trả lại", "Send back"),
    ("task.form.decision.note", "Ý kiến", "Note"),
    ("task.form.grant", "Đồng ý gia hạn", "Grant"),
    ("task.form.refuse", "Không đồng ý", "Refuse"),
    ("ext.requested_on", "Ngày đề nghị", "Requested on"),
    ("ext.previous_due", "Hạn trước đó", "Previous deadline"),
    ("ext.requested_due", "Đề nghị đến", "New deadline"),
    ("ext.reason", "Lý do", "Reason"),
    ("ext.decision", "Quyết định", "Decision"),
    ("ext.pending", "Chờ quyết định", "Pending"),
    ("ext.granted", "Đồng ý", "Granted"),
    ("ext.refused", "Không đồng ý", "Refused"),
    ("err.percent", "Tỷ lệ hoàn thành là một số từ 0 đến 100.", "Percent done is a number from 0 to 100."),
    ("err.date", "Ngày không hợp lệ; hãy ghi theo dạng dd/mm/yyyy.", "Not a valid date; write dd/mm/yyyy."),
    ("err.reason", "Hãy nêu lý do.", "Give a reason."),
    ("err.narrative", "Hãy nhập nội dung báo cáo.", "Write the report."),
    // documents
    ("docs.title", "Văn bản", "Documents"),
    ("docs.import", "Nhập văn bản mới", "Import a document"),
    ("docs.symbol", "Số, ký hiệu", "Number and symbol"),
    ("docs.kind", "Loại", "Kind"),
    ("docs.date", "Ngày ban hành", "Date"),
    ("docs.doc_title", "Trích yếu", "Title"),
    ("docs.state", "Trạng thái", "State"),
    ("docs.file", "Tệp", "File"),
    ("docs.draft", "Đang rà soát", "Under review"),
    ("docs.confirmed", "Đã xác nhận", "Confirmed"),
    ("docs.none", "Chưa có văn bản nào.", "No document yet."),
    ("docs.tasks", "Nhiệm vụ của văn bản", "Tasks of this document"),
    ("docs.signer", "Người ký", "Signed by"),
    ("docs.text", "Toàn văn", "Full text"),
    ("import.title", "Nhập văn bản", "Import a document"),
    ("import.file", "Tệp văn bản (.txt, UTF-8)", "Text file (.txt, UTF-8)"),
    ("import.or", "hoặc dán nội dung văn bản", "or paste the text"),
    ("import.text", "Nội dung văn bản", "Text"),
    ("import.file_name", "Tên tệp (không bắt buộc)", "File name (optional)"),
    ("import.submit", "Trích xuất nhiệm vụ", "Extract the tasks"),
    ("import.need_input", "Hãy chọn tệp văn bản hoặc dán nội dung.", "Choose a file or paste the text."),
    ("import.hint", "Hệ thống đọc văn bản, đề xuất các nhiệm vụ, đơn vị chủ trì và thời hạn. Chưa có nhiệm vụ nào được giao cho đến khi bạn rà soát và xác nhận.", "dondoc reads the document and proposes tasks, leads and deadlines. Nothing is assigned until you review and confirm."),
    // review
    ("review.title", "Rà soát nhiệm vụ trích xuất", "Review the extracted tasks"),
    ("review.document", "Văn bản", "Document"),
    ("review.proposed", "Nhiệm vụ đề xuất", "Proposed tasks"),
    ("review.legend", "Chú giải", "Legend"),
    ("review.legend.task", "nhiệm vụ", "task"),
    ("review.legend.lead", "chủ trì", "lead"),
    ("review.legend.deadline", "thời hạn", "deadline"),
    ("review.legend.target", "chỉ tiêu", "target"),
    ("review.legend.citation", "văn bản dẫn chiếu", "citation"),
    ("review.warnings", "Cảnh báo", "Warnings"),
    ("review.blocking", "Cần xử lý trước khi xác nhận", "To fix before confirming"),
    ("review.text", "Nội dung", "Text"),
    ("review.lead", "Đơn vị chủ trì", "Lead unit"),
    ("review.lead_hint", "Gõ tên hoặc tên viết tắt để tìm", "Type a name or abbreviation"),
    ("review.lead_as_written", "Trong văn bản", "In the text"),
    ("review.coordinators", "Đơn vị phối hợp (cách nhau bởi dấu ;)", "Coordinating units (separated by ;)"),
    ("review.deadline_kind", "Loại thời hạn", "Kind of deadline"),
    ("review.due", "Hạn (dd/mm/yyyy)", "Due (dd/mm/yyyy)"),
    ("review.period", "Chu kỳ", "Period"),
    ("review.deadline_words", "Nguồn", "Source words"),
    ("review.save", "Lưu nhiệm vụ", "Save task"),
    ("review.delete", "Xóa", "Delete"),
    ("review.merge_next", "Gộp với nhiệm vụ sau", "Merge with next"),
    ("review.split", "Tách thành nhiều nhiệm vụ (mỗi dòng một nhiệm vụ)", "Split (one task per line)"),
    ("review.split_submit", "Tách", "Split"),
    ("review.add", "Thêm nhiệm vụ", "Add a task"),
    ("review.add_hint", "Bôi đen một đoạn trong văn bản bên trái rồi bấm “Lấy đoạn đã chọn”.", "Select a passage in the document, then press “Use selection”."),
    ("review.use_selection", "Lấy đoạn đã chọn", "Use selection"),
    ("review.add_submit", "Thêm", "Add"),
    ("review.confirm", "Xác nhận và giao nhiệm vụ", "Confirm and assign"),
    ("review.confirm_hint", "Sau khi xác nhận, các nhiệm vụ được giao cho đơn vị chủ trì và bắt đầu được theo dõi.", "Once confirmed, the tasks go to their leads and are followed up."),
    ("review.cannot_confirm", "Còn vấn đề cần xử lý; chưa thể xác nhận.", "Problems remain; cannot confirm yet."),
    ("review.parent", "thuộc mục", "under"),
    ("review.no_tasks", "Chưa có nhiệm vụ đề xuất. Hãy thêm nhiệm vụ từ văn bản.", "No proposed task. Add one from the text."),
    ("review.unknown_unit", "Không tìm thấy đơn vị này trong danh mục; hãy chọn trong danh sách.", "No such unit in the directory; pick one from the list."),
    ("review.ambiguous_unit", "Tên này khớp với nhiều đơn vị; hãy ghi đầy đủ tên đơn vị.", "This name matches several units; write the full name."),
    ("review.need_lead", "Hãy chọn đơn vị chủ trì.", "Choose the lead unit."),
    ("review.need_text", "Nội dung nhiệm vụ không được để trống.", "The task needs a text."),
    ("review.need_due", "Loại thời hạn này cần ngày hết hạn.", "This kind of deadline needs a date."),
    ("review.need_period", "Hãy chọn chu kỳ.", "Choose a period."),
    ("review.need_two", "Hãy ghi ít nhất hai dòng.", "Write at least two lines."),
    // dashboard
    ("dash.title", "Tổng quan", "Overview"),
    ("dash.counts", "Tình hình thực hiện nhiệm vụ", "Tasks by status"),
    ("dash.by_unit", "Kết quả theo đơn vị chủ trì", "By lead unit"),
    ("dash.unit", "Đơn vị", "Unit"),
    ("dash.total_row", "Tổng cộng", "Total"),
    ("dash.overdue", "Nhiệm vụ quá hạn", "Overdue tasks"),
    ("dash.due_soon", "Nhiệm vụ sắp đến hạn", "Due soon"),
    ("dash.days_overdue", "Quá hạn (ngày)", "Days overdue"),
    ("dash.days_left", "Còn (ngày)", "Days left"),
    ("dash.pending_ext", "Đề nghị gia hạn chờ quyết định", "Extension requests awaiting decision"),
    ("dash.awaiting_acceptance", "Báo cáo hoàn thành chờ công nhận", "Completion reports awaiting acceptance"),
    ("dash.trend", "Tỷ lệ hoàn thành đúng hạn theo tháng", "On-time completion rate by month"),
    ("dash.trend_hint", "Trong số nhiệm vụ hoàn thành trong tháng, tỷ lệ hoàn thành đúng hạn.", "Of the tasks completed in each month, the share done on time."),
    ("dash.on_time_rate", "Tỷ lệ đúng hạn", "On-time rate"),
    ("dash.see_all", "Xem tất cả", "See all"),
    ("dash.nothing_overdue", "Không có nhiệm vụ quá hạn.", "Nothing overdue."),
    ("dash.nothing_soon", "Không có nhiệm vụ sắp đến hạn.", "Nothing due soon."),
    ("dash.total", "Tổng số nhiệm vụ", "Total tasks"),
    ("dash.completed_in_month", "nhiệm vụ hoàn thành", "completed"),
    ("report.title", "Báo cáo kết quả thực hiện nhiệm vụ", "Report on the tasks"),
    ("report.document", "Văn bản", "Document"),
    ("report.all_documents", "Tất cả văn bản", "All documents"),
    ("report.cancelled", "Hủy", "Cancelled"),
    // admin
    ("units.title", "Đơn vị", "Units"),
    ("units.name", "Tên đơn vị", "Name"),
    ("units.parent", "Đơn vị cấp trên", "Parent unit"),
    ("units.aliases", "Tên gọi khác, viết tắt (cách nhau bởi dấu ;)", "Other names, abbreviations (separated by ;)"),
    ("units.add", "Thêm đơn vị", "Add a unit"),
    ("units.active", "Đang hoạt động", "Active"),
    ("units.no_parent", "(không có)", "(none)"),
    ("units.need_name", "Hãy nhập tên đơn vị.", "Enter the unit's name."),
    ("users.title", "Quản trị tài khoản", "User accounts"),
    ("users.username", "Tên đăng nhập", "User name"),
    ("users.display_name", "Họ tên / chức danh", "Display name"),
    ("users.role", "Vai trò", "Role"),
    ("users.unit", "Đơn vị", "Unit"),
    ("users.password", "Mật khẩu (ít nhất 8 ký tự)", "Password (at least 8 characters)"),
    ("users.add", "Thêm tài khoản", "Add a user"),
    ("users.active", "Hoạt động", "Active"),
    ("users.yes", "Có", "Yes"),
    ("users.no", "Không", "No"),
    ("users.need_password", "Mật khẩu phải có ít nhất 8 ký tự.", "The password needs at least 8 characters."),
];

fn table() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static T: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    T.get_or_init(|| TABLE.iter().map(|(k, vi, en)| (*k, (*vi, *en))).collect())
}

/// The string for `key` in `lang`; the key itself when missing (a test keeps that from
/// happening).
pub fn t(lang: Lang, key: &str) -> &'static str {
    match table().get(key) {
        Some((vi, en)) => match lang {
            Lang::Vi => vi,
            Lang::En => en,
        },
        None => {
            tracing::warn!(key, "missing interface string");
            // Leak-free fallback: the known keys are static; an unknown one maps to a fixed marker.
            "?"
        }
    }
}

/// Whether a key is in the table.
pub fn has(key: &str) -> bool {
    table().contains_key(key)
}

pub fn role_label(lang: Lang, r: Role) -> &'static str {
    t(lang, &format!("role.{}", r.as_str()))
}

pub fn group_label(lang: Lang, g: StatusGroup) -> &'static str {
    t(lang, &format!("status.{}", g.as_str()))
}

/// The per-unit table's headers (the domain's Vietnamese ones, or English).
pub fn header_cells(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::Vi => dondoc_domain::stats::header_cells_vi(),
        Lang::En => vec![
            t(lang, "dash.total"),
            t(lang, "status.done_on_time"),
            t(lang, "status.done_late"),
            t(lang, "status.open_in_time"),
            t(lang, "status.open_overdue"),
            t(lang, "status.cancelled"),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_complete() {
        let mut seen = std::collections::HashSet::new();
        for (k, vi, en) in TABLE {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!vi.is_empty() && !en.is_empty(), "empty string for {k}");
        }
    }

    /// Every `t("…")` in the templates and page code names a key of the table.
    #[test]
    fn every_key_used_exists() {
        let dirs =
            [concat!(env!("CARGO_MANIFEST_DIR"), "/templates"), concat!(env!("CARGO_MANIFEST_DIR"), "/src/pages")];
        let mut missing = Vec::new();
        for dir in dirs {
            for entry in std::fs::read_dir(dir).expect("dir") {
                let path = entry.expect("entry").path();
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for (i, _) in text.match_indices("t(\"") {
                    // `t("…")` or `.t("…")`, not `request("…")`
                    let before = text[..i].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' {
                        continue;
                    }
                    let rest = &text[i + 3..];
                    let Some(end) = rest.find('"') else { continue };
                    let key = &rest[..end];
                    if key.contains('.') && !key.contains(' ') && !key.ends_with('.') && !has(key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys missing from the table: {missing:#?}");
    }

    #[test]
    fn labels_follow_the_domain() {
        for g in StatusGroup::ALL {
            assert_eq!(group_label(Lang::Vi, g), g.label_vi());
        }
        for r in Role::ALL {
            assert_eq!(role_label(Lang::Vi, r), r.label_vi());
        }
        assert_eq!(header_cells(Lang::Vi).len(), header_cells(Lang::En).len());
    }
}
