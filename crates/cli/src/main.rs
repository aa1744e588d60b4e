//! `dondoc`: the one binary. Subcommands: `extract` (read a directive and print its tasks).

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
    /// Đọc một văn bản chỉ đạo và in các nhiệm vụ (đơn vị chủ trì, thời hạn, chỉ tiêu).
    Extract(extract_cmd::ExtractArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract_cmd::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dondoc: {e:#}");
            ExitCode::FAILURE
        }
    }
}
