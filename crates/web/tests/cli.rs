//! The command-line entry points: `user add`, `import`, and `serve` on a real socket.

use clap::Parser;
use dondoc_web::cli::{ImportArgs, ServeArgs, UserAddArgs};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(clap::Subcommand)]
enum Cmd {
    Serve(ServeArgs),
    UserAdd(UserAddArgs),
    Import(ImportArgs),
}

fn parse(args: &[&str]) -> Cmd {
    let mut v = vec!["dondoc"];
    v.extend_from_slice(args);
    Cli::try_parse_from(v).expect("arguments").cmd
}

#[tokio::test]
async fn user_add_then_import() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().to_str().expect("utf8").to_string();
    let file = dir.path().join("604.txt");
    std::fs::write(&file, dondoc_web::demo::MODEL_DOCUMENT).expect("write");
    let db = format!("sqlite://{}/dondoc.db?mode=rwc", data);

    // Without an organisation the first user must be an admin.
    let Cmd::UserAdd(a) = parse(&["user-add", "--database", &db, "vanphong", "--role", "office"]) else {
        unreachable!()
    };
    assert!(dondoc_web::cli::run_user_add(a).await.is_err());
    for args in [
        vec!["user-add", "--database", &db, "quantri", "--role", "admin"],
        vec!["user-add", "--database", &db, "vanphong", "--role", "office"],
    ] {
        let Cmd::UserAdd(a) = parse(&args) else { unreachable!() };
        dondoc_web::cli::run_user_add(a).await.expect("user add");
    }
    // A duplicate name is refused.
    let Cmd::UserAdd(a) = parse(&["user-add", "--database", &db, "vanphong", "--role", "office"]) else {
        unreachable!()
    };
    assert!(dondoc_web::cli::run_user_add(a).await.is_err());

    let Cmd::Import(a) = parse(&["import", "--database", &db, file.to_str().expect("utf8")]) else { unreachable!() };
    dondoc_web::cli::run_import(a).await.expect("import");
    let store = dondoc_store::Store::connect(&db).await.expect("connect");
    let orgs = store.list_organisations().await.expect("orgs");
    assert_eq!(orgs.len(), 1);
    store.close().await;
}

#[tokio::test]
async fn serve_answers_on_a_socket() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let listen = format!("127.0.0.1:{port}");
    let data_s = data.to_str().expect("utf8").to_string();
    // The database named explicitly, so that a DATABASE_URL in the environment is not used.
    let db = format!("sqlite://{data_s}/dondoc.db?mode=rwc");
    let Cmd::Serve(a) = parse(&["serve", "--data", &data_s, "--database", &db, "--listen", &listen, "--demo"]) else {
        unreachable!()
    };
    let server = tokio::spawn(dondoc_web::cli::run_serve(a));
    let mut answer = String::new();
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        if let Ok(mut s) = tokio::net::TcpStream::connect(&listen).await {
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.expect("write");
            s.read_to_string(&mut answer).await.expect("read");
            break;
        }
    }
    server.abort();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"database\":\"ok\""), "{answer}");
    assert!(data.join("dondoc.db").exists());
}
