//! `dondoc extract`: a directive's tasks as a readable table or as the JSON contract.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dondoc_extract::{Date, DeadlineKind, Directory, Extraction, Options, Period};

/// Largest file read (bytes): directives are a few hundred kilobytes at most.
const MAX_INPUT: u64 = 64 * 1024 * 1024;

#[derive(Copy, Clone, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Bảng dễ đọc
    Table,
    /// JSON theo hợp đồng dondoc.extract/1
    Json,
}

#[derive(Args)]
pub struct ExtractArgs {
    /// Định dạng đầu ra.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Danh mục đơn vị của cơ quan (mỗi dòng "Tên | bí danh | …", hoặc mảng JSON).
    #[arg(long, value_name = "FILE")]
    pub units: Option<PathBuf>,
    /// Kèm văn bản đã chuẩn hóa ("text_normalised") trong JSON.
    #[arg(long)]
    pub with_text: bool,
    /// Tệp văn bản (.txt, UTF-8); "-" để đọc từ đầu vào chuẩn.
    pub file: PathBuf,
}

fn read_input(path: &PathBuf) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().take(MAX_INPUT + 1).read_to_end(&mut bytes).context("không đọc được đầu vào chuẩn")?;
    } else {
        let f = std::fs::File::open(path).with_context(|| format!("không mở được tệp '{}'", path.display()))?;
        if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            bail!("'{}' là thư mục, không phải tệp văn bản", path.display());
        }
        f.take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("không đọc được tệp '{}'", path.display()))?;
    }
    if bytes.len() as u64 > MAX_INPUT {
        bail!("'{}': tệp quá lớn (hơn {} MB)", path.display(), MAX_INPUT / 1024 / 1024);
    }
    Ok(bytes)
}

pub fn run(args: &ExtractArgs) -> Result<()> {
    let mut opts = Options { with_text: args.with_text, ..Options::default() };
    if let Some(units) = &args.units {
        let text = std::fs::read_to_string(units)
            .with_context(|| format!("không đọc được danh mục đơn vị '{}'", units.display()))?;
        opts.directory =
            Directory::parse(&text).map_err(|e| anyhow::anyhow!("danh mục đơn vị '{}': {e}", units.display()))?;
    }
    let bytes = read_input(&args.file)?;
    let text = dondoc_ingest::decode_text(&bytes).map_err(|e| anyhow::anyhow!("'{}': {e}", args.file.display()))?;
    let x = dondoc_extract::extract_with(&text, &opts);
    let out = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&x).context("không tạo được JSON")?;
            s.push('\n');
            s
        }
        Format::Table => table(&x),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()) {
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("không ghi được kết quả"),
    }
}

fn vn_date(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day, d.month, d.year)
}

fn deadline_cell(t: &dondoc_extract::Task) -> String {
    let d = &t.deadline;
    match d.kind {
        DeadlineKind::None => "—".into(),
        DeadlineKind::Ongoing => "thường xuyên".into(),
        DeadlineKind::Recurring => match d.period {
            Some(Period::Weekly) => "hằng tuần".into(),
            Some(Period::Monthly) => "hằng tháng".into(),
            Some(Period::Quarterly) => "hằng quý".into(),
            Some(Period::HalfYearly) => "6 tháng/lần".into(),
            Some(Period::Yearly) => "hằng năm".into(),
            None => "định kỳ".into(),
        },
        _ => d.due.map(vn_date).unwrap_or_else(|| "—".into()),
    }
}

fn clip(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.pop();
        out.push('…');
    }
    out
}

fn pad(s: &str, n: usize) -> String {
    let s = clip(s, n);
    let len = s.chars().count();
    format!("{s}{}", " ".repeat(n.saturating_sub(len)))
}

/// The human-readable table.
pub fn table(x: &Extraction) -> String {
    let d = &x.document;
    let mut out = String::new();
    let kind = d.kind_name.clone().or_else(|| d.kind.clone()).unwrap_or_else(|| "Văn bản".into());
    out.push_str(&format!(
        "{kind} {}{}{}\n",
        d.symbol.as_deref().unwrap_or("(chưa rõ số, ký hiệu)"),
        d.date.map(|v| format!(" ngày {}", vn_date(v))).unwrap_or_default(),
        d.issuer.as_deref().map(|i| format!(" — {i}")).unwrap_or_default()
    ));
    if let Some(t) = &d.title {
        out.push_str(&format!("Trích yếu: {t}\n"));
    }
    if let Some(s) = &d.signer {
        let parts: Vec<&str> =
            [s.authority.as_deref(), s.position.as_deref(), s.name.as_deref()].into_iter().flatten().collect();
        out.push_str(&format!("Người ký: {}\n", parts.join(" · ")));
    }
    out.push_str(&format!("\n{} nhiệm vụ\n", x.tasks.len()));
    out.push_str(&format!("{} {} {} {}\n", pad("Mục", 12), pad("Chủ trì", 28), pad("Thời hạn", 12), "Nội dung"));
    for t in &x.tasks {
        let id = if t.parent.is_some() { format!("  {}", t.id) } else { t.id.clone() };
        let lead = t.lead.as_deref().unwrap_or("(chưa rõ)");
        out.push_str(&format!(
            "{} {} {} {}\n",
            pad(&id, 12),
            pad(lead, 28),
            pad(&deadline_cell(t), 12),
            clip(&t.text, 70)
        ));
        for tg in &t.targets {
            out.push_str(&format!("{} chỉ tiêu: {}\n", " ".repeat(54), tg.text));
        }
    }
    if !x.references.is_empty() {
        out.push_str(&format!("\nVăn bản được dẫn ({}): ", x.references.len()));
        out.push_str(&x.references.iter().map(|r| r.symbol.as_str()).collect::<Vec<_>>().join(", "));
        out.push('\n');
    }
    if !x.warnings.is_empty() {
        out.push_str("\nCần xem lại:\n");
        for w in &x.warnings {
            out.push_str(&format!("  - {w}\n"));
        }
    }
    out
}
