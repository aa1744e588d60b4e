//! End to end in headless Chromium: the office imports the model document, corrects a lead
//! and a deadline on the review screen and confirms; a unit reports progress with an
//! attachment and asks for an extension; a leader grants it and sees the overview's counts
//! change. Screenshots of the review screen and the overview go to `target/screenshots/`.
//!
//! Needs `/usr/bin/chromium` and `/usr/bin/chromedriver` (Debian packages `chromium` and
//! `chromium-driver`; `.ci/run` installs them). Without them the test says so and passes —
//! unless `CI` is set: then it fails.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dondoc_web::config::Config;
use dondoc_web::demo::{create_directory, DemoDirectory, MODEL_DOCUMENT};
use dondoc_web::state::{AppState, Clock};
use fantoccini::{Client, ClientBuilder, Locator};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const WAIT: Duration = Duration::from_secs(20);

/// 17/4/2024 10:00 in Hà Nội, as in the other web tests.
fn test_now() -> time::OffsetDateTime {
    time::macros::datetime!(2024-04-17 03:00 UTC)
}

/// Why the browser tests cannot run here, if they cannot.
fn missing_tools() -> Option<String> {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER].into_iter().filter(|p| !Path::new(p).exists()).collect();
    (!missing.is_empty())
        .then(|| format!("{} not installed (apt-get install chromium chromium-driver)", missing.join(" and ")))
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

async fn start_chromedriver() -> (Driver, u16) {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver(child);
    let start = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        assert!(start.elapsed() < WAIT, "chromedriver did not start on port {port}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (driver, port)
}

async fn browser(port: u16, profile: &Path) -> Client {
    let args = vec![
        "--headless=new".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        format!("--user-data-dir={}", profile.display()),
        "--window-size=1366,768".into(),
        "--lang=vi".into(),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), serde_json::json!("chrome"));
    caps.insert("goog:chromeOptions".into(), serde_json::json!({"binary": CHROMIUM, "args": args}));
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("connect to chromedriver")
}

struct App {
    base: String,
    dir: DemoDirectory,
    _db: tempfile::TempDir,
}

async fn start_app() -> App {
    let db = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", db.path().join("dondoc.db").display());
    let store = dondoc_store::Store::connect(&url).await.expect("store");
    let config = Config::for_tests(url);
    let dir = create_directory(&store, config.password_cost, "").await.expect("demo directory");
    let state = AppState::new(store, config).with_clock(Clock::Fixed(test_now()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = dondoc_web::router(state);
    tokio::spawn(async move {
        let _ = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await;
    });
    App { base: format!("http://{addr}"), dir, _db: db }
}

fn screenshots_dir() -> PathBuf {
    // crates/web → the workspace's target/screenshots
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

async fn shot(c: &Client, name: &str, height: u32) {
    c.set_window_size(1366, height).await.expect("resize");
    let _ = c.execute("window.scrollTo(0, 0)", vec![]).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(screenshots_dir().join(name), png).expect("write screenshot");
    c.set_window_size(1366, 768).await.expect("resize");
}

async fn css(c: &Client, sel: &str) -> fantoccini::elements::Element {
    c.wait().at_most(WAIT).for_element(Locator::Css(sel)).await.unwrap_or_else(|e| panic!("no element {sel}: {e}"))
}

/// Waits until the element's value (a form field) is `want`.
async fn wait_value(c: &Client, sel: &str, want: &str) {
    let start = Instant::now();
    loop {
        if let Ok(el) = c.find(Locator::Css(sel)).await {
            if el.prop("value").await.ok().flatten().as_deref() == Some(want) {
                return;
            }
        }
        if start.elapsed() > WAIT {
            let src = c.source().await.unwrap_or_default();
            let at = src.find("review-notice").or_else(|| src.find("<main")).unwrap_or(0);
            let tail: String = src[at..].chars().take(3000).collect();
            let now = match c.find(Locator::Css(sel)).await {
                Ok(el) => el.prop("value").await.ok().flatten(),
                Err(_) => None,
            };
            panic!("{sel} never became {want:?} (is {now:?}); page: {tail}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The element's text. Retried: after an htmx swap or a navigation the element first found
/// may be replaced before its text is read (a stale element), which is no failure.
async fn text_of(c: &Client, sel: &str) -> String {
    let start = Instant::now();
    loop {
        match css(c, sel).await.text().await {
            Ok(t) => return t,
            Err(e) if start.elapsed() > WAIT => panic!("no text for {sel}: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

async fn login(c: &Client, app: &App, username: &str) {
    c.goto(&format!("{}/login", app.base)).await.expect("goto login");
    let pw = app.dir.account(username).expect("account").password.clone();
    css(c, "#username").await.send_keys(username).await.expect("type");
    css(c, "#password").await.send_keys(&pw).await.expect("type");
    css(c, "#login-submit").await.click().await.expect("submit");
    let who = text_of(c, "#who-user").await;
    assert!(!who.is_empty(), "signed in as {username}");
}

async fn logout(c: &Client) {
    css(c, "#logout").await.click().await.expect("log out");
    css(c, "#login-submit").await;
}

async fn count(c: &Client, app: &App, group: &str) -> i64 {
    c.goto(&format!("{}/", app.base)).await.expect("overview");
    text_of(c, &format!("#count-{group}")).await.trim().parse().expect("a number")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn office_unit_and_leader_in_chromium() {
    if let Some(why) = missing_tools() {
        if std::env::var_os("CI").is_some() {
            panic!("browser tests are required in CI: {why}");
        }
        eprintln!("skipping browser tests: {why}");
        return;
    }
    let started = Instant::now();
    let app = start_app().await;
    let (_driver, port) = start_chromedriver().await;
    let profile = tempfile::tempdir().expect("profile dir");
    let c = browser(port, profile.path()).await;
    let files = tempfile::tempdir().expect("files");
    let model = files.path().join("604-KL-HU.txt");
    std::fs::write(&model, MODEL_DOCUMENT).expect("model file");
    let evidence = files.path().join("bien-ban-hoi-nghi.txt");
    std::fs::write(&evidence, "Biên bản hội nghị tiếp xúc cử tri").expect("evidence file");

    // --- the office imports and reviews
    login(&c, &app, "vanphong").await;
    c.goto(&format!("{}/documents/import", app.base)).await.expect("import page");
    css(&c, "#i-file").await.send_keys(&model.display().to_string()).await.expect("choose file");
    css(&c, "#import-submit").await.click().await.expect("import");
    css(&c, "#doc-text mark.hl-task").await;
    let first = css(&c, "article.task-card[id^='task-']").await.attr("id").await.expect("id").expect("card id");
    let cards = c.find_all(Locator::Css("article.task-card[id^='task-']")).await.expect("cards");
    assert!(cards.len() >= 10, "only {} tasks proposed", cards.len());
    let second = cards[1].attr("id").await.expect("id").expect("card id");
    let (k1, k2) = (first.trim_start_matches("task-").to_string(), second.trim_start_matches("task-").to_string());
    shot(&c, "review.png", 900).await;

    // correct a lead, typed as an abbreviation
    let lead = css(&c, &format!("#t{k1}-lead")).await;
    lead.clear().await.expect("clear");
    lead.send_keys("VP Huyện ủy").await.expect("type lead");
    css(&c, &format!("#save-{k1}")).await.click().await.expect("save");
    wait_value(&c, &format!("#t{k1}-lead"), "Văn phòng Huyện ủy").await;
    // correct a deadline
    css(&c, &format!("#t{k2}-kind")).await.select_by_value("date").await.expect("kind");
    let due = css(&c, &format!("#t{k2}-due")).await;
    due.clear().await.expect("clear");
    due.send_keys("30/09/2024").await.expect("type due");
    css(&c, &format!("#save-{k2}")).await.click().await.expect("save");
    wait_value(&c, &format!("#t{k2}-due"), "30/09/2024").await;
    // a reload loses nothing
    c.refresh().await.expect("reload");
    wait_value(&c, &format!("#t{k1}-lead"), "Văn phòng Huyện ủy").await;
    wait_value(&c, &format!("#t{k2}-due"), "30/09/2024").await;
    shot(&c, "review-edited.png", 900).await;

    css(&c, "#confirm").await.click().await.expect("confirm");
    let total: i64 = text_of(&c, "#task-total").await.trim().parse().expect("total");
    assert!(total >= 10, "{total} tasks live");
    assert!(text_of(&c, "#notice").await.contains("Đã xác nhận"));
    let table = text_of(&c, "#task-table").await;
    assert!(table.contains("Văn phòng Huyện ủy") && table.contains("30/09/2024"), "corrections are live");
    logout(&c).await;

    // --- the unit reports progress with an attachment and asks for an extension
    login(&c, &app, "ubnd").await;
    c.goto(&format!("{}/tasks?status=due_soon", app.base)).await.expect("tasks");
    let link = css(&c, "#task-table tbody tr a").await;
    let href = link.attr("href").await.expect("href").expect("task link");
    link.click().await.expect("open task");
    css(&c, "#p-percent").await.send_keys("50").await.expect("percent");
    css(&c, "#p-narrative").await.send_keys("Đã tổ chức 3 hội nghị tiếp xúc cử tri.").await.expect("narrative");
    css(&c, "#p-file").await.send_keys(&evidence.display().to_string()).await.expect("attach");
    css(&c, "#progress-submit").await.click().await.expect("report");
    assert!(text_of(&c, "#notice").await.contains("Đã gửi báo cáo tiến độ"));
    assert!(text_of(&c, "#report-history").await.contains("bien-ban-hoi-nghi.txt"));
    css(&c, "#e-due").await.send_keys("31/05/2024").await.expect("due");
    css(&c, "#e-reason").await.send_keys("Chờ ý kiến chỉ đạo của UBND tỉnh.").await.expect("reason");
    css(&c, "#extension-submit").await.click().await.expect("ask");
    assert!(text_of(&c, "#notice").await.contains("Đã gửi đề nghị gia hạn"));
    logout(&c).await;

    // --- the leader grants it; the overview changes
    login(&c, &app, "lanhdao").await;
    let soon_before = count(&c, &app, "due_soon").await;
    let in_time_before = count(&c, &app, "open_in_time").await;
    assert!(soon_before >= 1);
    css(&c, "#pending-extensions a.pending-ext-link").await.click().await.expect("open request");
    assert!(c.current_url().await.expect("url").as_str().ends_with(&href));
    css(&c, "button[id^='grant-']").await.click().await.expect("grant");
    assert!(text_of(&c, "#notice").await.contains("Đã đồng ý gia hạn"));
    assert!(text_of(&c, "#task-effective-due").await.contains("31/05/2024"));
    assert_eq!(count(&c, &app, "due_soon").await, soon_before - 1, "one task fewer due soon");
    assert_eq!(count(&c, &app, "open_in_time").await, in_time_before, "still within its deadline");
    c.goto(&format!("{}/", app.base)).await.expect("overview");
    css(&c, "#trend-chart").await;
    shot(&c, "dashboard.png", 1100).await;
    // a phone
    c.set_window_size(390, 844).await.expect("phone");
    c.goto(&format!("{}/tasks", app.base)).await.expect("tasks");
    css(&c, "#task-table").await;
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(screenshots_dir().join("tasks-phone.png"), png).expect("write");
    // English
    c.set_window_size(1366, 768).await.expect("resize");
    c.goto(&format!("{}/?lang=en", app.base)).await.expect("english");
    assert!(text_of(&c, "nav.nav").await.contains("Overview"));
    c.goto(&format!("{}/tasks", app.base)).await.expect("tasks");
    assert!(text_of(&c, "nav.nav").await.contains("Tasks"), "the language is remembered");

    c.close().await.expect("close browser");
    eprintln!("browser scenario took {:.1} s", started.elapsed().as_secs_f64());
}
