//! Reproduces the published BG/NBD and Gamma-Gamma fits on the CDNOW sample
//! from the raw transactions file (see `tests/data/cdnow/README.md`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use crm_server::domain::analytics::bgnbd::BgNbd;
use crm_server::domain::analytics::gamma_gamma::GammaGamma;
use crm_server::domain::analytics::summary::{Summary, summarize};

/// Per customer (sample id): summary at the end of the 39-week calibration period.
fn cdnow_summaries() -> Vec<Summary> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/cdnow/CDNOW_sample.txt"
    ))
    .unwrap();
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let day = |s: &str| (NaiveDate::parse_from_str(s, "%Y%m%d").unwrap() - epoch).num_days();
    let mut by_customer: BTreeMap<u32, Vec<(i64, f64)>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let id: u32 = cols[1].parse().unwrap();
        by_customer
            .entry(id)
            .or_default()
            .push((day(cols[2]), cols[4].parse().unwrap()));
    }
    let end = day("19970930");
    by_customer
        .into_values()
        .map(|mut purchases| {
            purchases.sort_by_key(|p| p.0);
            summarize(&purchases, end, 7.0).unwrap()
        })
        .collect()
}

/// Equal to three significant digits.
fn sig3(value: f64, published: f64) -> bool {
    let digits = |x: f64| {
        let scale = 10f64.powf(2.0 - x.abs().log10().floor());
        (x * scale).round() / scale
    };
    digits(value) == digits(published)
}

#[test]
fn cdnow_summary_matches_the_paper() {
    let s = cdnow_summaries();
    assert_eq!(s.len(), 2357);
    // customer 1: repeat purchases on 1997-01-18 and 1997-08-02
    assert_eq!(s[0].x, 2.0);
    assert!((s[0].t_x - 30.43).abs() < 0.005 && (s[0].t - 38.86).abs() < 0.005);
    assert!((s[0].monetary - 22.345).abs() < 1e-9);
    assert_eq!(s.iter().filter(|c| c.x > 0.0).count(), 946);
}

#[test]
fn bgnbd_reproduces_the_published_cdnow_parameters() {
    let data: Vec<(f64, f64, f64)> = cdnow_summaries()
        .iter()
        .map(|s| (s.x, s.t_x, s.t))
        .collect();
    let fit = BgNbd::fit(&data);
    let p = fit.params;
    assert!(sig3(p.r, 0.243), "r = {}", p.r);
    assert!(sig3(p.alpha, 4.414), "alpha = {}", p.alpha);
    assert!(sig3(p.a, 0.793), "a = {}", p.a);
    assert!(sig3(p.b, 2.426), "b = {}", p.b);
    eprintln!("CDNOW BG/NBD fit: {p:?} in {} iterations", fit.iterations);
    // the published log-likelihood is −9582.4
    assert!(
        (fit.log_likelihood + 9582.4).abs() < 0.1,
        "LL = {}",
        fit.log_likelihood
    );
}

#[test]
fn gamma_gamma_reproduces_the_published_cdnow_parameters() {
    let data: Vec<(f64, f64)> = cdnow_summaries()
        .iter()
        .map(|s| (s.x, s.monetary))
        .collect();
    let fit = GammaGamma::fit(&data);
    let p = fit.params;
    assert_eq!(fit.n, 946);
    assert!(sig3(p.p, 6.25), "p = {}", p.p);
    assert!(sig3(p.q, 3.74), "q = {}", p.q);
    assert!(sig3(p.gamma, 15.44), "gamma = {}", p.gamma);
    eprintln!("CDNOW Gamma-Gamma fit: {p:?}");
}
