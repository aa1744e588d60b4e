//! Command-line entry points for the binary (`crates/cli` wires them in):
//! `dondoc serve`, `dondoc user add`, `dondoc import FILE`.
//!
//! Database choice, in order: `--database URL`, the `DATABASE_URL` environment variable,
//! then SQLite at `DATA/dondoc.db` (default `./data/dondoc.db`).

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::config::{self, Config, SecureCookies};
use crate::state::AppState;

/// Where the data lives (shared by every subcommand).
#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// Directory for the SQLite database and uploaded files.
    #[arg(long = "data", value_name = "DIR", default_value = config::DEFAULT_DATA_DIR)]
    pub data: PathBuf,
    /// Database URL (sqlite://… or postgres://…). Default: the DATABASE_URL environment
    /// variable, else SQLite in the data directory.
    #[arg(long = "database", value_name = "URL")]
    pub database: Option<String>,
}

impl DbArgs {
    /// The database URL after applying flag > environment > default.
    pub fn database_url(&self) -> String {
        if let Some(url) = self.database.as_deref().filter(|s| !s.trim().is_empty()) {
            return url.to_string();
        }
        if let Ok(url) = std::env::var("DATABASE_URL") {
            if !url.trim().is_empty() {
                return url;
            }
        }
        Config::sqlite_url_for(&self.data)
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecureCookiesArg {
    /// Secure when `X-Forwarded-Proto: https` says the request came over TLS.
    Auto,
    Always,
    Never,
}

/// `dondoc serve`
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = config::DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// Create (once) a demonstration organisation with users, the model document and
    /// progress; prints the generated passwords.
    #[arg(long)]
    pub demo: bool,
    /// Largest accepted request body (uploads included), in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = config::DEFAULT_MAX_BODY_BYTES)]
    pub max_upload_bytes: usize,
    /// When session cookies carry the Secure attribute.
    #[arg(long, value_enum, default_value = "auto")]
    pub secure_cookies: SecureCookiesArg,
}

impl ServeArgs {
    pub fn config(&self) -> Config {
        Config {
            listen: self.listen,
            data_dir: self.db.data.clone(),
            database_url: self.db.database_url(),
            max_body_bytes: self.max_upload_bytes,
            secure_cookies: match self.secure_cookies {
                SecureCookiesArg::Auto => SecureCookies::Auto,
                SecureCookiesArg::Always => SecureCookies::Always,
                SecureCookiesArg::Never => SecureCookies::Never,
            },
            ..Config::default()
        }
    }
}

/// `dondoc user add`
#[derive(Args, Debug, Clone)]
pub struct UserAddArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Log-in name.
    pub username: String,
    /// admin, office, leader, unit or cadre.
    #[arg(long)]
    pub role: String,
    /// The unit a unit or cadre user acts for (its name, alias or id).
    #[arg(long)]
    pub unit: Option<String>,
    /// Name shown in the interface (default: the log-in name).
    #[arg(long)]
    pub display_name: Option<String>,
    /// Organisation id (default: the only one; created when there is none).
    #[arg(long)]
    pub org: Option<i64>,
    /// Read the password from this environment variable instead of generating one.
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
}

/// `dondoc import FILE`
#[derive(Args, Debug, Clone)]
pub struct ImportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The document (.txt in UTF-8).
    pub file: PathBuf,
    /// Organisation id (default: the only one).
    #[arg(long)]
    pub org: Option<i64>,
    /// Confirm the draft at once when nothing blocks it.
    #[arg(long)]
    pub confirm: bool,
}

/// Starts tracing to standard error (`RUST_LOG` filters; default `info`). Harmless when a
/// subscriber is already installed.
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// Runs one of the `run_*` futures on a new multi-threaded Tokio runtime, for a `main`
/// that is not async: `dondoc_web::cli::block_on(dondoc_web::cli::run_serve(args))`.
pub fn block_on<F>(fut: F) -> anyhow::Result<()>
where
    F: std::future::Future<Output = anyhow::Result<()>>,
{
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?
        .block_on(fut)
}

async fn open_store(db: &DbArgs) -> anyhow::Result<dondoc_store::Store> {
    let url = db.database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&db.data)
            .with_context(|| format!("cannot create data directory {}", db.data.display()))?;
    }
    dondoc_store::Store::connect(&url).await.with_context(|| format!("cannot open database {}", redact(&url)))
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***{}", &url[..s], &url[at..]),
        _ => url.to_string(),
    }
}

/// `dondoc serve`: opens (and migrates) the database, seeds the demo when asked, serves
/// until Ctrl-C or SIGTERM.
pub async fn run_serve(args: ServeArgs) -> anyhow::Result<()> {
    init_tracing();
    let config = args.config();
    let store = open_store(&args.db).await?;
    let state = AppState::new(store.clone(), config.clone());
    if args.demo {
        match crate::demo::seed(&store, config.password_cost, state.today()).await? {
            Some(dir) => println!("{}", crate::demo::credentials_text(&dir)),
            None => {
                println!("Dữ liệu mẫu \"{}\" đã có; không tạo lại (mật khẩu đã in lần đầu).", crate::demo::ORG_NAME)
            }
        }
    }
    // Expired sessions are removed hourly.
    let purge_store = store.clone();
    let purge_clock = state.clock.clone();
    let purger = tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match purge_store.purge_expired_sessions(purge_clock.now()).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions purged"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "session purge failed"),
            }
        }
    });
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, database = %redact(&config.database_url), "dondoc serving");
    println!("dondoc: http://{addr}/  (OpenAPI: http://{addr}/api/openapi.json)");
    axum::serve(listener, crate::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    purger.abort();
    store.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

/// Picks the organisation: the one named, else the only one; `None` when there is none.
async fn pick_org(
    store: &dondoc_store::Store,
    wanted: Option<i64>,
) -> anyhow::Result<Option<dondoc_domain::ids::OrgId>> {
    let orgs = store.list_organisations().await?;
    match wanted {
        Some(id) => orgs
            .iter()
            .find(|o| o.id.get() == id)
            .map(|o| Some(o.id))
            .with_context(|| format!("no organisation with id {id}")),
        None => match orgs.len() {
            0 => Ok(None),
            1 => Ok(Some(orgs[0].id)),
            _ => anyhow::bail!(
                "several organisations exist ({}); choose one with --org",
                orgs.iter().map(|o| format!("{} = {}", o.id, o.name)).collect::<Vec<_>>().join(", ")
            ),
        },
    }
}

/// An admin of the organisation to act as (command-line actions are audited under it).
async fn org_admin(
    store: &dondoc_store::Store,
    org: dondoc_domain::ids::OrgId,
) -> anyhow::Result<Option<dondoc_domain::user::Actor>> {
    // The store lists users per actor; a bootstrap actor of the org's admin role reads them.
    let probe = dondoc_domain::user::Actor {
        org_id: org,
        user_id: dondoc_domain::ids::UserId(0),
        role: dondoc_domain::user::Role::Admin,
        unit_id: None,
        person_id: None,
    };
    let users = store.list_users(&probe).await?;
    Ok(users.iter().find(|u| u.role == dondoc_domain::user::Role::Admin && u.active).map(|u| u.actor()))
}

/// `dondoc user add`: creates a user and prints its password once (unless it came from
/// `--password-env`). The first user of a new installation must be an admin; the
/// organisation is then created.
pub async fn run_user_add(args: UserAddArgs) -> anyhow::Result<()> {
    use dondoc_domain::user::Role;
    init_tracing();
    let store = open_store(&args.db).await?;
    let role: Role = args.role.parse().map_err(|e: dondoc_domain::DomainError| anyhow::anyhow!(e.message_vi()))?;
    crate::api::directory::validate_username(&args.username).map_err(|e| anyhow::anyhow!(e.message))?;
    let org = match pick_org(&store, args.org).await? {
        Some(o) => o,
        None => {
            anyhow::ensure!(role == Role::Admin, "no organisation yet: the first user must be an admin (--role admin)");
            store.create_organisation("Tổ chức", None, true).await?.id
        }
    };
    let admin = org_admin(&store, org).await?;
    let unit = match &args.unit {
        None => None,
        Some(u) => {
            let actor = admin.as_ref().context("the organisation has no admin yet; add one first")?;
            Some(resolve_unit(&store, actor, u).await?)
        }
    };
    let (password, show) = match &args.password_env {
        Some(var) => (std::env::var(var).with_context(|| format!("environment variable {var} is not set"))?, false),
        None => (crate::security::random_password(), true),
    };
    anyhow::ensure!(
        password.chars().count() >= crate::api::directory::MIN_PASSWORD_CHARS,
        "the password must have at least {} characters",
        crate::api::directory::MIN_PASSWORD_CHARS
    );
    let hash = crate::security::hash_password(&password, crate::config::PasswordCost::Production)?;
    let id = store
        .create_user(
            admin.as_ref(),
            org,
            &dondoc_store::directory::NewUser {
                username: args.username.clone(),
                display_name: args.display_name.clone().unwrap_or_else(|| args.username.clone()),
                password_hash: hash,
                role,
                unit_id: unit,
                person_id: None,
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{}: {}", e.code(), e.message_vi()))?;
    println!("Đã tạo người dùng {} (id {id}, vai trò {}).", args.username, role.label_vi());
    if show {
        println!("Mật khẩu (chỉ hiển thị một lần): {password}");
    }
    store.close().await;
    Ok(())
}

async fn resolve_unit(
    store: &dondoc_store::Store,
    actor: &dondoc_domain::user::Actor,
    name_or_id: &str,
) -> anyhow::Result<dondoc_domain::ids::UnitId> {
    let dir = store.unit_directory(actor).await?;
    if let Ok(id) = name_or_id.trim().parse::<i64>() {
        let id = dondoc_domain::ids::UnitId(id);
        anyhow::ensure!(dir.get(id).is_some(), "no unit with id {id}");
        return Ok(id);
    }
    dir.resolve(name_or_id)
        .unit()
        .with_context(|| format!("unit \"{name_or_id}\" is not in the directory (or is ambiguous)"))
}

/// `dondoc import FILE`: extracts the document into a draft as the organisation's office
/// (or admin) and prints the proposed tasks and issues; `--confirm` makes them live when
/// nothing blocks.
pub async fn run_import(args: ImportArgs) -> anyhow::Result<()> {
    use dondoc_domain::user::Role;
    init_tracing();
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", args.file.display()))?;
    let store = open_store(&args.db).await?;
    let org = pick_org(&store, args.org)
        .await?
        .context("no organisation yet: create one with `dondoc user add NAME --role admin`")?;
    let admin = org_admin(&store, org).await?.context("the organisation has no admin")?;
    let users = store.list_users(&admin).await?;
    let office = users
        .iter()
        .find(|u| u.role == Role::Office && u.active)
        .map(|u| u.actor())
        .context("the organisation has no office (văn phòng) user to import as")?;
    let units = store.list_units(&office).await?;
    let (input, normalised) =
        crate::api::documents::draft_input(&text, &units).map_err(|e| anyhow::anyhow!(e.message))?;
    let dir = store.unit_directory(&office).await?;
    let draft = dondoc_domain::draft::Draft::from_extraction(&input, &dir);
    let file_name = args.file.file_name().map(|n| n.to_string_lossy().to_string());
    let doc = store.import_draft(&office, &draft, file_name.as_deref(), &normalised).await?;
    println!(
        "Văn bản {} (id {doc}): {} nhiệm vụ đề xuất.",
        draft.header.symbol.as_deref().unwrap_or("(không số)"),
        draft.tasks.len()
    );
    let blocking = draft.blocking_issues();
    for i in draft.issues() {
        println!("  [{:?}] nhiệm vụ {}: {}", i.severity, i.key, i.message_vi);
    }
    if args.confirm {
        if blocking.is_empty() {
            let today = crate::state::Clock::System.today();
            let c = store.confirm_draft(&office, doc, today).await?;
            println!("Đã xác nhận: {} nhiệm vụ được theo dõi.", c.tasks.len());
        } else {
            println!("Chưa xác nhận: còn {} vấn đề cần xử lý trên giao diện hoặc qua API.", blocking.len());
        }
    }
    store.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(subcommand)]
        cmd: Cmd,
    }
    #[derive(clap::Subcommand)]
    enum Cmd {
        Serve(ServeArgs),
        Import(ImportArgs),
        UserAdd(UserAddArgs),
    }

    #[test]
    fn serve_defaults() {
        let t = T::try_parse_from(["dondoc", "serve"]).expect("parse");
        let Cmd::Serve(a) = t.cmd else { panic!("not serve") };
        assert_eq!(a.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(a.db.data, PathBuf::from("./data"));
        assert!(!a.demo);
        let t = T::try_parse_from([
            "dondoc",
            "serve",
            "--data",
            "/tmp/x",
            "--database",
            "postgres://h/db",
            "--listen",
            "0.0.0.0:9000",
            "--demo",
        ])
        .expect("parse");
        let Cmd::Serve(a) = t.cmd else { panic!("not serve") };
        assert_eq!(a.config().database_url, "postgres://h/db");
        assert!(a.demo);
    }

    #[test]
    fn other_commands_parse() {
        assert!(T::try_parse_from(["dondoc", "import", "x.txt", "--confirm"]).is_ok());
        assert!(T::try_parse_from(["dondoc", "user-add", "vp", "--role", "office"]).is_ok());
        assert!(T::try_parse_from(["dondoc", "user-add", "vp"]).is_err());
    }
}
