//! Importing CSV exports: twenty kinds of bad rows reported with their line
//! and nothing written; a good file (GBK, tab-separated, Chinese headers)
//! imported once, a second import adding nothing; card numbers tokenised and
//! never stored or reported in full; the CDNOW transactions imported with
//! every customer's purchase count and spend as in the file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::io::Write;

use common::TestApp;
use crm_api::imports::{ImportKind, ImportReport, IssueCode};
use crm_server::import::{Options, import_file};

/// A valid card number with the given 15-digit prefix (Luhn check digit added).
fn pan(prefix15: &str) -> String {
    (0..10)
        .map(|d| format!("{prefix15}{d}"))
        .find(|p| crm_server::import::values::luhn(p))
        .unwrap()
}

/// A valid resident ID for a 17-digit body.
fn national_id(body17: &str) -> String {
    format!(
        "{body17}{}",
        crm_server::seed::generate::id_check_char(body17)
    )
}

fn write_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "cardinal_import_{}_{}_{name}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    std::fs::File::create(&path)
        .unwrap()
        .write_all(bytes)
        .unwrap();
    path
}

fn opts(kind: ImportKind, dry_run: bool) -> Options {
    Options {
        kind,
        dry_run,
        mapping: BTreeMap::new(),
        user_id: 1,
        now: chrono::Utc::now().timestamp(),
        progress: false,
        errors_to: None,
    }
}

async fn import(app: &TestApp, kind: ImportKind, dry_run: bool, bytes: &[u8]) -> ImportReport {
    let path = write_file(kind.as_str(), bytes);
    let r = import_file(&app.db, &app.state.config, &path, &opts(kind, dry_run))
        .await
        .unwrap();
    let _ = std::fs::remove_file(path);
    r
}

fn issue_lines(r: &ImportReport) -> BTreeMap<u64, (String, IssueCode)> {
    r.issues
        .iter()
        .flat_map(|f| &f.first)
        .map(|i| (i.line, (i.field.clone(), i.code)))
        .collect()
}

async fn twenty_kinds_of_bad_rows(app: &TestApp) {
    // a real card of customer 1 (its number is made here and tokenised by a card import)
    let good_pan = pan("622202999900001");
    let cards = format!(
        "card_number,customer_no,product,credit_limit,opened_on\n{good_pan},{},gold,50000,2024-01-01\n",
        customer_no(app, 1).await
    );
    let r = import(app, ImportKind::Cards, false, cards.as_bytes()).await;
    assert!(r.committed, "{r:?}");
    let before = app.scalar("SELECT COUNT(*) FROM transactions").await;
    let unknown_pan = pan("622202999900002");
    let long = "x".repeat(101);
    let rows = [
        // line 2: good
        format!("R1,{good_pan},,2026-11-01 10:00,100.00,好店,dining,pos"),
        format!(",{good_pan},,2026-11-01,1,店,,"), // 3 reference missing
        format!("R1,{good_pan},,2026-11-01,1,店,,"), // 4 duplicate reference
        format!("{},{good_pan},,2026-11-01,1,店,,", "r".repeat(65)), // 5 reference too long
        "R5,4111111111111112,,2026-11-01,1,店,,".to_owned(), // 6 card number fails Luhn
        "R6,41111,,2026-11-01,1,店,,".to_owned(),  // 7 card number too short
        format!("R7,{unknown_pan},,2026-11-01,1,店,,"), // 8 no such card
        "R8,,NO-SUCH,2026-11-01,1,店,,".to_owned(), // 9 no such customer
        "R9,,,2026-11-01,1,店,,".to_owned(),       // 10 neither card nor customer
        format!("R10,{good_pan},,,1,店,,"),        // 11 date missing
        format!("R11,{good_pan},,2026-13-01,1,店,,"), // 12 no such month
        format!("R12,{good_pan},,2026-11-01 25:00,1,店,,"), // 13 no such hour
        format!("R13,{good_pan},,2099-01-01,1,店,,"), // 14 in the future
        format!("R14,{good_pan},,2026-11-01,,店,,"), // 15 amount missing
        format!("R15,{good_pan},,2026-11-01,1.234,店,,"), // 16 three decimals
        format!("R16,{good_pan},,2026-11-01,abc,店,,"), // 17 not a number
        format!("R17,{good_pan},,2026-11-01,1,,,"), // 18 merchant missing
        format!("R18,{good_pan},,2026-11-01,1,{long},,"), // 19 merchant too long
        format!("R19,{good_pan},,2026-11-01,1,店,jewellery,"), // 20 no such category
        format!("R20,{good_pan},,2026-11-01,1,店,,pigeon"), // 21 no such channel
        format!("R21,{good_pan},,2026-11-01,1,店"), // 22 too few cells
        // line 23: good
        format!("R22,{good_pan},,2026-11-02,\"¥1,234.50\",好店,travel,online"),
    ];
    let file = format!(
        "reference,card_number,customer_no,occurred_at,amount,merchant,category,channel\n{}\n",
        rows.join("\n")
    );
    let r = import(app, ImportKind::Transactions, false, file.as_bytes()).await;
    assert!(!r.committed);
    assert_eq!(r.rows, 22);
    assert_eq!(r.invalid_rows, 20, "{r:#?}");
    assert_eq!(r.inserted, 0);
    let found = issue_lines(&r);
    let expected: [(u64, &str, IssueCode); 20] = [
        (3, "reference", IssueCode::Required),
        (4, "reference", IssueCode::Duplicate),
        (5, "reference", IssueCode::TooLong),
        (6, "card_number", IssueCode::BadCardNumber),
        (7, "card_number", IssueCode::BadCardNumber),
        (8, "card_number", IssueCode::UnknownCard),
        (9, "customer_no", IssueCode::UnknownCustomer),
        (10, "card_number", IssueCode::Required),
        (11, "occurred_at", IssueCode::Required),
        (12, "occurred_at", IssueCode::BadDate),
        (13, "occurred_at", IssueCode::BadDate),
        (14, "occurred_at", IssueCode::InFuture),
        (15, "amount", IssueCode::Required),
        (16, "amount", IssueCode::BadAmount),
        (17, "amount", IssueCode::BadAmount),
        (18, "merchant", IssueCode::Required),
        (19, "merchant", IssueCode::TooLong),
        (20, "category", IssueCode::NotAllowed),
        (21, "channel", IssueCode::NotAllowed),
        (22, "", IssueCode::WrongCellCount),
    ];
    for (line, field, code) in expected {
        assert_eq!(
            found.get(&line),
            Some(&(field.to_owned(), code)),
            "line {line}: {found:?}"
        );
    }
    assert_eq!(found.len(), 20);
    // nothing written, and no card number anywhere in the report
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM transactions").await,
        before
    );
    let text = serde_json::to_string(&r).unwrap();
    assert!(!text.contains(&good_pan) && !text.contains(&unknown_pan));
    let csv = crm_api::imports::issues_csv(&r, crm_api::validate::Lang::Zh);
    assert_eq!(csv.lines().count(), 21);

    // the good rows alone import
    let good = format!(
        "reference,card_number,customer_no,occurred_at,amount,merchant,category,channel\n{}\n{}\n",
        rows[0], rows[21]
    );
    let r = import(app, ImportKind::Transactions, false, good.as_bytes()).await;
    assert!(r.committed, "{r:?}");
    assert_eq!((r.inserted, r.already_present), (2, 0));
    let amount = app
        .scalar("SELECT amount_fen FROM transactions WHERE external_ref = 'R22'")
        .await;
    assert_eq!(amount, 123_450);
}

async fn customer_no(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT customer_no FROM customers WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn a_good_file_imports_once_and_card_numbers_stay_secret(app: &TestApp) {
    let branch: String = sqlx::query_scalar("SELECT MIN(code) FROM branches")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    // GBK, tab-separated, Chinese headers
    let customers = format!(
        "客户号\t姓名\t性别\t出生日期\t身份证号\t手机号\t开户网点\t城乡\n\
         IMP-001\t王小明\t男\t1990年1月2日\t{}\t13900000001\t{branch}\t农村\n\
         IMP-002\t李小红\t女\t1992/03/04\t{}\t13900000002\t{branch}\t城镇\n",
        national_id("11010519900102123"),
        national_id("11010519920304234"),
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&customers);
    let dry = import(app, ImportKind::Customers, true, &gbk).await;
    assert_eq!(dry.encoding, "gb18030");
    assert_eq!(dry.delimiter, "\t");
    assert!(!dry.committed && dry.invalid_rows == 0, "{dry:?}");
    assert_eq!(dry.inserted, 2, "a dry run counts what it would add");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM customers WHERE customer_no LIKE 'IMP-%'")
            .await,
        0,
        "a dry run writes nothing"
    );
    let r = import(app, ImportKind::Customers, false, &gbk).await;
    assert!(r.committed);
    assert_eq!(r.inserted, 2);
    let residence: String =
        sqlx::query_scalar("SELECT residence FROM customers WHERE customer_no = 'IMP-001'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(residence, "rural");

    let p1 = pan("622202888800001");
    let p2 = pan("622202888800002");
    let cards = format!(
        "\u{feff}卡号,客户号,卡产品,信用额度,开卡日期\n{},IMP-001,gold,\"50,000\",2025-01-01\n{},IMP-002,platinum,¥80000,2025-02-01\n",
        p1.chars()
            .collect::<Vec<_>>()
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" "),
        p2
    );
    let r = import(app, ImportKind::Cards, false, cards.as_bytes()).await;
    assert!(r.committed, "{r:?}");
    assert_eq!(r.encoding, "utf-8");
    let (first6, last4, limit): (String, String, i64) = sqlx::query_as(
        "SELECT pan_first6, pan_last4, credit_limit_fen FROM cards c JOIN customers u ON u.id = c.customer_id \
         WHERE u.customer_no = 'IMP-001'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        (first6.as_str(), last4.as_str(), limit),
        (&p1[..6], &p1[12..], 5_000_000)
    );

    // T-3 names neither a card nor a customer: the file is refused
    let bad = format!(
        "交易流水号,卡号,客户号,交易时间,交易金额,商户名称,消费类别\nT-1,{p1},,2026-10-01 09:00,88.80,咖啡店,dining\nT-3,,,2026-10-03,5,便利店,supermarket\n"
    );
    let r = import(app, ImportKind::Transactions, false, bad.as_bytes()).await;
    assert!(!r.committed && r.invalid_rows == 1);
    // the customer's primary card when only the customer is named
    let txs = format!(
        "交易流水号,卡号,客户号,交易时间,交易金额,商户名称,消费类别\nT-1,{p1},,2026-10-01 09:00,88.80,咖啡店,dining\nT-2,{p2},,2026-10-02,1200,航空公司,travel\nT-3,,IMP-002,2026-10-03,5,便利店,supermarket\n"
    );
    let r = import(app, ImportKind::Transactions, false, txs.as_bytes()).await;
    assert!(r.committed, "{r:#?}");
    assert_eq!((r.inserted, r.already_present), (3, 0));
    // the same files again change nothing
    for (kind, bytes) in [
        (ImportKind::Customers, gbk.to_vec()),
        (ImportKind::Cards, cards.as_bytes().to_vec()),
        (ImportKind::Transactions, txs.as_bytes().to_vec()),
    ] {
        let again = import(app, kind, false, &bytes).await;
        assert!(again.committed);
        assert_eq!(again.inserted, 0, "{kind:?}");
        assert_eq!(again.already_present, again.rows);
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM transactions WHERE external_ref LIKE 'T-%'")
            .await,
        3
    );
    // no full card number anywhere: cards, audit log
    for (table, col) in [("cards", "pan_token"), ("audit_log", "detail")] {
        let hits = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM {table} WHERE {col} LIKE '%{p1}%' OR {col} LIKE '%{p2}%'"
            ))
            .await;
        assert_eq!(hits, 0, "{table}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'import.%'")
            .await,
        6
    );
}

/// The CDNOW sample as CSV files: customers (one per sample id), one card
/// each, and every transaction; with each customer's count and spend (fen).
fn cdnow_files(branch: &str) -> (String, String, String, BTreeMap<u32, (i64, i64)>) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/cdnow/CDNOW_sample.txt"
    ))
    .unwrap();
    let mut expected: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
    let mut txs = String::from("reference,customer_no,occurred_at,amount,merchant,category\n");
    for (n, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let id: u32 = cols[1].parse().unwrap();
        let fen = crm_server::import::values::amount_fen(cols[4]).unwrap();
        let e = expected.entry(id).or_default();
        e.0 += 1;
        e.1 += fen;
        txs.push_str(&format!(
            "CD{n},CDNOW-{id},{},{},CDNOW,entertainment\n",
            cols[2], cols[4]
        ));
    }
    let mut customers =
        String::from("customer_no,name,gender,birth_date,national_id,mobile,branch,joined_on\n");
    let mut cards = String::from("card_number,customer_no,product,credit_limit,opened_on\n");
    for id in expected.keys() {
        customers.push_str(&format!(
            "CDNOW-{id},顾客{id},female,1970-01-01,{},1{:010},{branch},1997-01-01\n",
            national_id(&format!(
                "310101{}123",
                (chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap()
                    + chrono::Days::new(u64::from(*id)))
                .format("%Y%m%d")
            )),
            id
        ));
        cards.push_str(&format!(
            "{},CDNOW-{id},standard,10000,1997-01-01\n",
            pan(&format!("6222027{id:08}"))
        ));
    }
    (customers, cards, txs, expected)
}

/// The CDNOW sample imported: every customer's purchase count and spend are
/// those of the file.
async fn cdnow_imports_with_the_same_counts_and_spend(app: &TestApp) {
    let branch: String = sqlx::query_scalar("SELECT MIN(code) FROM branches")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (customers, cards, txs, expected) = cdnow_files(&branch);
    assert_eq!(expected.len(), 2357);
    for (kind, body) in [
        (ImportKind::Customers, customers),
        (ImportKind::Cards, cards),
        (ImportKind::Transactions, txs),
    ] {
        let r = import(app, kind, false, body.as_bytes()).await;
        assert!(r.committed, "{kind:?}: {r:#?}");
    }
    let rows = sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT c.customer_no, COUNT(*), CAST(SUM(t.amount_fen) AS BIGINT) FROM transactions t \
         JOIN customers c ON c.id = t.customer_id WHERE c.customer_no LIKE 'CDNOW-%' GROUP BY c.customer_no",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2357);
    for (no, count, spend) in rows {
        let id: u32 = no.trim_start_matches("CDNOW-").parse().unwrap();
        assert_eq!(expected[&id], (count, spend), "{no}");
    }
}

/// The CDNOW sample imported into an empty database (reference data only),
/// then the insight analytics as of the end of the 39-week calibration period
/// (1997-09-30): the portfolio BG/NBD fit is the published one
/// (Fader, Hardie and Lee 2005: r = 0.243, α = 4.414, a = 0.793, b = 2.426).
#[tokio::test]
async fn cdnow_import_then_analytics_reproduce_the_published_bgnbd_fit() {
    let path = std::env::temp_dir().join(format!(
        "cardinal_cdnow_{}_{}.db",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    let db = crm_server::Db::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    for sql in [
        "INSERT INTO branches (id, code, name, name_en, province, city) VALUES (1, 'B001', '测试支行', 'Test branch', '北京', '北京')",
        "INSERT INTO card_products (id, code, name, name_en, tier, bin, annual_fee_fen, points_per_yuan) \
         VALUES (1, 'standard', '标准卡', 'Standard', 'standard', '622202', 0, 1)",
        "INSERT INTO users (id, username, display_name, password_hash, role, created_at) VALUES (1, 'admin', 'Admin', 'x', 'admin', 0)",
    ] {
        sqlx::query(sql).execute(&db.pool).await.unwrap();
    }
    let config = common::config();
    let (customers, cards, txs, _) = cdnow_files("B001");
    for (kind, body) in [
        (ImportKind::Customers, customers),
        (ImportKind::Cards, cards),
        (ImportKind::Transactions, txs),
    ] {
        let file = write_file(kind.as_str(), body.as_bytes());
        let r = import_file(&db, &config, &file, &opts(kind, false))
            .await
            .unwrap();
        let _ = std::fs::remove_file(file);
        assert!(r.committed, "{kind:?}: {r:#?}");
    }
    // 1997-09-30 12:00 in Shanghai
    let now = chrono::NaiveDate::from_ymd_opt(1997, 9, 30)
        .unwrap()
        .and_hms_opt(4, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp();
    let report =
        crm_server::analytics::run(&db, &crm_server::analytics::AnalyticsOptions::full(now))
            .await
            .unwrap();
    let p = report.models.expect("models are fitted").bgnbd;
    let sig3 = |value: f64, published: f64| {
        let digits = |x: f64| {
            let scale = 10f64.powf(2.0 - x.abs().log10().floor());
            (x * scale).round() / scale
        };
        digits(value) == digits(published)
    };
    assert!(sig3(p.r, 0.243), "r = {}", p.r);
    assert!(sig3(p.alpha, 4.414), "alpha = {}", p.alpha);
    assert!(sig3(p.a, 0.793), "a = {}", p.a);
    assert!(sig3(p.b, 2.426), "b = {}", p.b);
    db.pool.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

async fn an_admin_imports_through_the_api(app: &TestApp) {
    let admin = app.sign_in("admin").await;
    let branch: String = sqlx::query_scalar("SELECT MIN(code) FROM branches")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let body = format!(
        "customer_no,name,gender,birth_date,national_id,mobile,branch\nAPI-1,赵一,男,1985-05-05,{},13700000001,{branch}\n",
        national_id("11010519850505111")
    );
    let post = |dry: bool, body: String| {
        let admin = admin.clone();
        async move {
            app.call_with(
                axum::http::Method::POST,
                &format!("/api/v1/imports?kind=customers&dry_run={dry}"),
                Some(body),
                Some(&admin),
                &[("content-type", "text/csv")],
            )
            .await
        }
    };
    let dry = post(true, body.clone()).await;
    assert_eq!(dry.status, axum::http::StatusCode::OK, "{}", dry.json);
    assert_eq!(dry.json["committed"], false);
    assert_eq!(dry.json["inserted"], 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM customers WHERE customer_no = 'API-1'")
            .await,
        0
    );
    let done = post(false, body.clone()).await;
    assert_eq!(done.json["committed"], true);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM customers WHERE customer_no = 'API-1'")
            .await,
        1
    );
    let bad = post(false, body.replace("13700000001", "123")).await;
    assert_eq!(bad.json["committed"], false);
    assert_eq!(bad.json["issues"][0]["field"], "mobile");
    assert_eq!(bad.json["issues"][0]["first"][0]["line"], 2);
    let empty = post(false, String::new()).await;
    assert_eq!(empty.status, axum::http::StatusCode::BAD_REQUEST);
    // staff other than admins cannot import
    let manager = app.sign_in("manager").await;
    let r = app
        .call_with(
            axum::http::Method::POST,
            "/api/v1/imports?kind=customers",
            Some(body),
            Some(&manager),
            &[("content-type", "text/csv")],
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::FORBIDDEN);
}

on_both!(
    an_admin_imports_through_the_api,
    twenty_kinds_of_bad_rows,
    a_good_file_imports_once_and_card_numbers_stay_secret,
    cdnow_imports_with_the_same_counts_and_spend,
);
