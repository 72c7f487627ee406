//! Cardinal CRM web app (Leptos 0.8, client-side rendered, built by trunk).
//!
//! Layers: `pages` (one per route, thin) use `features` (domain UI and pure
//! models), which use `components` (shared UI that knows nothing of the app).
//! `api` talks to the server; `i18n` holds every user-facing string in
//! Chinese and English.

// Leptos components take their props by value (the `view!` macro moves them in).
#![allow(clippy::needless_pass_by_value)]

pub mod api;
pub mod app;
pub mod components;
pub mod features;
pub mod format;
pub mod i18n;
pub mod pages;
