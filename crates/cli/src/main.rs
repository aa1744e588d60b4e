//! `dondoc`: the one binary. `serve` runs the tracking service (JSON API); `extract` reads a
//! directive and prints its tasks; `import` puts a directive in as a draft; `user add` creates
//! an account.

mod extract_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// dondoc — theo dõi, đôn đốc thực hiện nhiệm vụ từ văn bản chỉ đạo.
#[derive(Parser)]
#[command(name = "dondoc", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Chạy máy chủ theo dõi nhiệm vụ (API JSON); --demo tạo dữ liệu mẫu.
    Serve(dondoc_web::cli::ServeArgs),
    /// Đọc một văn bản chỉ đạo và in các nhiệm vụ (đơn vị chủ trì, thời hạn, chỉ tiêu).
    Extract(extract_cmd::ExtractArgs),
    /// Nhập một văn bản thành bản nháp để văn phòng rà soát.
    Import(dondoc_web::cli::ImportArgs),
    /// Quản lý tài khoản người dùng.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Tạo tài khoản (mật khẩu được in ra một lần).
    Add(dondoc_web::cli::UserAddArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract_cmd::run(&args),
        Command::Serve(args) => dondoc_web::cli::block_on(dondoc_web::cli::run_serve(args)),
        Command::Import(args) => dondoc_web::cli::block_on(dondoc_web::cli::run_import(args)),
        Command::User(UserCommand::Add(args)) => dondoc_web::cli::block_on(dondoc_web::cli::run_user_add(args)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dondoc: {e:#}");
            ExitCode::FAILURE
        }
    }
}
